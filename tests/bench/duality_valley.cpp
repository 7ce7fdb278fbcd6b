// Diagnostics of the duality learner's ordered phase (docs/experiments/
// duality.md, "Why t0 came out low above β_c"). Not part of the test suite;
// built only with -DDLAB_BUILD_DIAGNOSTICS=ON (tests/bench/CMakeLists.txt).
//
//   duality_valley enum 4 0 SLOT
//       4×4 torus, exact enumeration: where the loss (attention one-hot on
//       SLOT) is minimal over (t0, θ2, θ3) for β = 0.2 … 0.8.
//   duality_valley jac L BETA SLOT [SWEEPS] [SEEDS] [SAMPLES]
//       J = ∂M_a/∂(t0, θ2, θ3) at the exact dual from 512 chains, its
//       singular values, and the least-squares t0 shift the data of each
//       seed implies, with its error from the data's covariance.
//   duality_valley mc L BETA SLOT SEED [SWEEPS]
//       the loss minimised over (θ2, θ3) at t0 = 0.85 … 1.05 β̃.
//   [START=t0,θ2,θ3] duality_valley stage L BETA SLOT SEED LOGIT RATE CHAINS SWEEPS SAMPLES FROM_BETA DRIFT
//       one continuation-like stage started on the exact dual of FROM_BETA
//       (or at START), printing its trajectory.
//   EXTRA="h:0,0 h:0,2|…" adds link shapes to the feature set.
#include "../engine/ShapePolynomial.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DataTargets.hpp"
#include "engine/experiments/duality/DualityFeatures.hpp"
#include "engine/experiments/duality/DualityLearner.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include <Eigen/Dense>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <tbb/global_control.h>
using namespace dlab;

// ψ^a(θ2,θ3) = Σ_j c[a][j] θ2^j θ3^{n_a-j} (tests/engine/ShapePolynomial.hpp).
using Poly = test::ShapePolynomial;
using Coef = Poly::Coefficients;

double loss(const std::vector<double>& D, const std::vector<double>& M)
{
    double s = 0;
    for (std::size_t a = 0; a < D.size(); ++a)
        s += (D[a] - M[a]) * (D[a] - M[a]);
    return s;
}

// minimise over θ2, θ3 by Gauss-Newton from a start
std::pair<double, std::array<double, 2>> bestTheta(const Poly& P, const Coef& C, const std::vector<double>& D,
                                                   std::array<double, 2> x)
{
    for (int it = 0; it < 100; ++it) {
        const double h = 1e-6;
        auto M0 = P.evaluate(C, x[0], x[1]);
        auto M1 = P.evaluate(C, x[0] + h, x[1]);
        auto M2 = P.evaluate(C, x[0], x[1] + h);
        Eigen::MatrixXd J(D.size(), 2);
        Eigen::VectorXd r(D.size());
        for (std::size_t a = 0; a < D.size(); ++a) {
            r[a] = D[a] - M0[a];
            J(a, 0) = (M1[a] - M0[a]) / h;
            J(a, 1) = (M2[a] - M0[a]) / h;
        }
        Eigen::Vector2d dx = (J.transpose() * J).ldlt().solve(J.transpose() * r);
        x[0] += dx[0];
        x[1] += dx[1];
        if (dx.norm() < 1e-12) break;
    }
    return {loss(D, P.evaluate(C, x[0], x[1])), x};
}

int main(int argc, char** argv)
{
    if (argc < 4) {
        std::fprintf(stderr, "usage: duality_valley enum|jac|mc|stage L BETA [SLOT …] (see the file's head)\n");
        return 2;
    }
    tbb::global_control lim(tbb::global_control::max_allowed_parallelism, 1);
    const std::string mode = argv[1];
    const int L = std::atoi(argv[2]);
    const double beta = std::atof(argv[3]);
    const int slot = argc > 4 ? std::atoi(argv[4]) : 1;
    const double bd = exact::kramersWannierDual(beta);
    auto shapes = defaultLinkShapes();
    if (const char* e = std::getenv("EXTRA")) {
        std::string all = e;
        std::size_t pos = 0;
        int k = 0;
        while (pos != std::string::npos) {
            const std::size_t bar = all.find('|', pos);
            shapes.push_back(parseLinkShape("x" + std::to_string(k++),
                                            all.substr(pos, bar == std::string::npos ? std::string::npos : bar - pos)));
            pos = bar == std::string::npos ? bar : bar + 1;
        }
    }
    DualityFeatures F(L, shapes);
    Poly P(F, slot);
    const int A = F.shapes();
    if (mode == "enum") {
        const int N = L * L;
        // data
        std::vector<double> Dn(A, 0.0);
        std::map<int, Coef> byE; // Φ0 → Σ coefficients
        std::map<int, double> count;
        std::vector<std::int8_t> s(N), sigma(F.links());
        std::vector<double> f(F.links()), psi(A);
        std::map<int, std::vector<double>> dataByE;
        for (long c = 0; c < (1L << N); ++c) {
            for (int i = 0; i < N; ++i)
                s[i] = (c >> i) & 1 ? 1 : -1;
            F.linkValues(s.data(), sigma.data());
            const int E = int(F.couplingSums(s.data(), sigma.data())[0]);
            F.observable(sigma.data(), ObservableParams::identity(), f.data());
            F.shapeAverages(f.data(), psi.data());
            auto& d = dataByE[E];
            d.resize(A, 0.0);
            for (int a = 0; a < A; ++a)
                d[a] += psi[a];
            auto& acc = byE[E];
            if (acc.empty()) acc.assign(A, {0, 0, 0, 0, 0});
            P.add(s.data(), 1.0, acc);
            count[E] += 1;
        }
        auto at = [&](double t0, Coef& C, std::vector<double>& D) {
            C.assign(A, {0, 0, 0, 0, 0});
            D.assign(A, 0);
            double Z = 0, Zd = 0;
            const double Emax = double(byE.rbegin()->first);
            for (auto& [E, acc] : byE) {
                const double w = std::exp(t0 * (E - (t0 > 0 ? Emax : -Emax)));
                Z += w * count[E];
                for (int a = 0; a < A; ++a)
                    for (int j = 0; j < 5; ++j)
                        C[a][j] += w * acc[a][j];
            }
            for (auto& c : C)
                for (auto& v : c)
                    v /= Z;
            (void)Zd;
        };
        auto dataAt = [&](double b) {
            std::vector<double> D(A, 0.0);
            double Z = 0;
            const double Emax = double(byE.rbegin()->first);
            for (auto& [E, d] : dataByE) {
                const double w = std::exp(b * (E - Emax));
                Z += w * count[E];
                for (int a = 0; a < A; ++a)
                    D[a] += w * d[a];
            }
            for (auto& v : D)
                v /= Z;
            return D;
        };
        for (double b : {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
            const double bdd = exact::kramersWannierDual(b);
            const auto D = dataAt(b);
            Coef C;
            std::vector<double> dummy;
            at(bdd, C, dummy);
            const double lossExact = loss(D, P.evaluate(C, -std::sinh(2 * bdd), std::cosh(2 * bdd)));
            // profile over t0
            double bestL = 1e300, bestT = 0;
            std::array<double, 2> bestX{};
            std::array<double, 2> x0{-std::sinh(2 * bdd), std::cosh(2 * bdd)};
            for (double t0 = 0.5 * bdd; t0 <= 1.5 * bdd; t0 += 0.0005 * bdd) {
                at(t0, C, dummy);
                auto [l, x] = bestTheta(P, C, D, x0);
                if (l < bestL) bestL = l, bestT = t0, bestX = x;
            }
            std::printf("L=%d beta=%.3f bd=%.5f loss(exact dual)=%.3e  argmin t0=%.5f (%+.2f%%) th2=%.4f (%.4f) "
                        "th3=%.4f (%.4f) "
                        "loss=%.3e\n",
                        L, b, bdd, lossExact, bestT, 100 * (bestT / bdd - 1), bestX[0], -std::sinh(2 * bdd), bestX[1],
                        std::cosh(2 * bdd), bestL);
        }
        return 0;
    }

    if (mode == "jac") {
        // Linearised least squares around the exact dual point: J = dM/d(t0,θ2,θ3),
        // data covariance from independent data chains; t0 shift from the data of each seed.
        const int modelSweeps = argc > 5 ? std::atoi(argv[5]) : 400;
        const int nSeeds = argc > 6 ? std::atoi(argv[6]) : 4;
        const int dataSamples = argc > 7 ? std::atoi(argv[7]) : 64;
        const double th2 = -std::sinh(2 * bd), th3 = std::cosh(2 * bd);
        // model: mean, Cov(ψ, Φ0), coefficients
        DualityChainEnsemble ch(L, 512, 4242, 0);
        ch.setCouplings({bd, 0, 0});
        ch.sweeps(300);
        ObservableParams o;
        o.w.fill(0);
        o.w[slot] = 1;
        o.theta2 = th2;
        o.theta3 = th3;
        std::vector<double> m(A, 0), mp(A, 0);
        double mphi = 0;
        long n = 0;
        Coef C(A, {0, 0, 0, 0, 0});
        std::vector<std::int8_t> sigma(F.links());
        std::vector<double> f(F.links()), psi(A);
        for (int k = 0; k < modelSweeps; ++k) {
            ch.sweeps(1);
            for (int c = 0; c < ch.chains(); ++c) {
                F.linkValues(ch.spins(c), sigma.data());
                F.observable(sigma.data(), o, f.data());
                F.shapeAverages(f.data(), psi.data());
                const double phi = F.couplingSums(ch.spins(c), sigma.data())[0];
                for (int a = 0; a < A; ++a)
                    m[a] += psi[a], mp[a] += psi[a] * phi;
                mphi += phi;
                P.add(ch.spins(c), 1.0, C);
                ++n;
            }
        }
        for (auto& c : C)
            for (auto& v : c)
                v /= n;
        Eigen::MatrixXd J(A, 3);
        std::vector<double> M0 = P.evaluate(C, th2, th3);
        const double h = 1e-6;
        auto M2 = P.evaluate(C, th2 + h, th3), M3 = P.evaluate(C, th2, th3 + h);
        for (int a = 0; a < A; ++a) {
            J(a, 0) = mp[a] / n - (m[a] / n) * (mphi / n);
            J(a, 1) = (M2[a] - M0[a]) / h;
            J(a, 2) = (M3[a] - M0[a]) / h;
        }
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(J, Eigen::ComputeThinU | Eigen::ComputeThinV);
        std::printf(
            "beta=%.3f bd=%.5f  singular values %.3e %.3e %.3e; weakest direction (t0,th2,th3) = (%.3f, %.3f, %.3f)\n",
            beta, bd, svd.singularValues()[0], svd.singularValues()[1], svd.singularValues()[2], svd.matrixV()(0, 2),
            svd.matrixV()(1, 2), svd.matrixV()(2, 2));
        Eigen::MatrixXd G = (J.transpose() * J).inverse() * J.transpose(); // 3×A
        for (int s = 1; s <= nSeeds; ++s) {
            // data as generateTargets makes it, with the full covariance of the chain means
            const int nc = std::clamp(16384 / (L * L), 16, 256);
            const bool ordered = beta > exact::criticalBeta();
            DualityChainEnsemble dch(L, nc, std::uint64_t(s), std::uint64_t(1) << 40, ordered);
            dch.setCouplings({beta, 0, 0}, beta >= 0.3 ? DualityUpdate::SwendsenWang : DualityUpdate::Metropolis);
            dch.sweeps(500);
            Eigen::MatrixXd per = Eigen::MatrixXd::Zero(nc, A);
            for (int k = 0; k < dataSamples; ++k) {
                dch.sweeps(2);
                for (int c = 0; c < nc; ++c) {
                    F.linkValues(dch.spins(c), sigma.data());
                    F.observable(sigma.data(), ObservableParams::identity(), f.data());
                    F.shapeAverages(f.data(), psi.data());
                    for (int a = 0; a < A; ++a)
                        per(c, a) += psi[a] / dataSamples;
                }
            }
            Eigen::VectorXd D = per.colwise().mean().transpose();
            Eigen::MatrixXd cen = per.rowwise() - D.transpose();
            Eigen::MatrixXd SigD = cen.transpose() * cen / double(nc - 1) / double(nc);
            Eigen::VectorXd r(A);
            for (int a = 0; a < A; ++a)
                r[a] = D[a] - M0[a];
            Eigen::VectorXd dx = G * r;
            Eigen::MatrixXd Sx = G * SigD * G.transpose();
            std::printf(
                "  data seed %d (%d chains x %d samples): residual at dual |r| = %.2e; LSQ shift dt0 = %+.4f (%+.1f%%) "
                "+- %.4f (%.1f%%) from data noise; dth2 %+.4f dth3 %+.4f\n",
                s, nc, dataSamples, r.norm(), dx[0], 100 * dx[0] / bd, std::sqrt(Sx(0, 0)),
                100 * std::sqrt(Sx(0, 0)) / bd, dx[1], dx[2]);
            std::fflush(stdout);
        }
        return 0;
    }

    if (mode == "stage") {
        // One continuation-like stage started AT the exact dual (diagnostic only).
        DualityLearnerParams q;
        q.L = L;
        q.beta = beta;
        q.seed = argc > 5 ? std::atoll(argv[5]) : 1;
        const double logit = argc > 6 ? std::atof(argv[6]) : 4.0;
        const double rate = argc > 7 ? std::atof(argv[7]) : 0.25;
        if (argc > 8) q.chains = std::atoi(argv[8]);
        if (argc > 9) q.sweepsPerStep = std::atoi(argv[9]);
        if (argc > 10) q.dataSamples = std::atoi(argv[10]);
        const double fromBeta = argc > 11 ? std::atof(argv[11]) : beta;
        const double bs = exact::kramersWannierDual(fromBeta);
        if (argc > 12) q.minDrift = std::atof(argv[12]);
        if (argc > 13) q.patience = std::atoi(argv[13]);
        DualityParameters x;
        x.t = {bs, 0, 0};
        x.theta1.fill(0);
        x.theta1[slot] = logit;
        x.theta2 = -std::sinh(2 * bs);
        x.theta3 = std::cosh(2 * bs);
        if (const char* st = std::getenv("START")) {
            std::sscanf(st, "%lf,%lf,%lf", &x.t.t0, &x.theta2, &x.theta3);
        }
        q.start = x;
        q.maxRestarts = 0;
        q.lrT *= rate;
        q.lrTheta *= rate;
        DualityLearner lr(q);
        const auto& h = lr.history();
        while (!lr.finished()) {
            lr.step();
            const auto s = lr.steps();
            if (s % 100 == 0 || lr.finished()) {
                const auto& w = h.attention.back();
                std::printf("step %5lld t0 %.4f (%+.1f%%) th2 %.4f th3 %.4f w[slot] %.3f w6 %.3f  loss %.2e unb %.2e "
                            "lrT %.5f pen %.3f ent %.4f\n",
                            s, h.t[0].back(), 100 * (h.t[0].back() / bd - 1), h.theta2.back(), h.theta3.back(), w[slot],
                            w[6], h.loss.back(), h.lossUnbiased.back(), h.lrT.back(), lr.penalty(),
                            lr.entropyPenalty());
                std::fflush(stdout);
            }
        }
        const auto r = lr.result();
        std::printf("result t0 %.4f (%+.2f%%) th2 %.4f th3 %.4f w[slot] %.3f steps %lld conv %d fits %d misfit %.2e "
                    "noise %.2e\n",
                    r.t.t0, 100 * (r.t.t0 / bd - 1), r.theta2, r.theta3, r.attention[slot], r.steps, int(r.converged),
                    int(r.fits), r.misfit, r.noise);
        return 0;
    }
    if (mode == "mcrw") {
        // like mc, but one run at ANCHOR·β̃ reweighted to the grid (common random numbers)
        const std::uint64_t seed = argc > 5 ? std::atoll(argv[5]) : 1;
        const int sweeps = argc > 6 ? std::atoi(argv[6]) : 200;
        const double anchor = argc > 7 ? std::atof(argv[7]) : 1.0;
        const int samples = argc > 8 ? std::atoi(argv[8]) : 64;
        const int chains = argc > 9 ? std::atoi(argv[9]) : 256;
        DataGeneration g;
        g.original = {beta, 0, 0};
        g.chains = std::clamp(16384 / (L * L), 16, 256);
        g.samples = samples;
        g.seed = seed;
        const FeatureTargets T = generateTargets(F, g);
        const double ta = anchor * bd;
        DualityChainEnsemble ch(L, chains, seed + 1000, 0);
        ch.setCouplings({ta, 0, 0});
        ch.sweeps(200);
        std::vector<Coef> per;
        std::vector<double> phi;
        std::vector<std::int8_t> sigma(F.links());
        for (int k = 0; k < sweeps; ++k) {
            ch.sweeps(1);
            for (int c = 0; c < ch.chains(); ++c) {
                Coef C(A, {0, 0, 0, 0, 0});
                P.add(ch.spins(c), 1.0, C);
                per.push_back(C);
                F.linkValues(ch.spins(c), sigma.data());
                phi.push_back(F.couplingSums(ch.spins(c), sigma.data())[0]);
            }
        }
        std::array<double, 2> x0{-0.55, 1.13};
        for (double r = 0.80; r <= 1.201; r += 0.02) {
            const double t0 = r * bd;
            Coef C(A, {0, 0, 0, 0, 0});
            double wsum = 0, w2 = 0;
            const double pm = phi[0];
            for (std::size_t i = 0; i < per.size(); ++i) {
                const double w = std::exp((t0 - ta) * (phi[i] - pm));
                wsum += w;
                w2 += w * w;
                for (int a = 0; a < A; ++a)
                    for (int j = 0; j < 5; ++j)
                        C[a][j] += w * per[i][a][j];
            }
            for (auto& c : C)
                for (auto& v : c)
                    v /= wsum;
            auto [l, x] = bestTheta(P, C, T.mean, x0);
            std::printf("t0=%.4f (%.2f bd) profile %.4e th2=%.4f th3=%.4f ess=%.2f\n", t0, r, l, x[0], x[1],
                        wsum * wsum / w2 / per.size());
            std::fflush(stdout);
        }
    }
    if (mode == "mc") {
        // data from generateTargets (learner's defaults), model profile from chains at a t0 grid
        const std::uint64_t seed = argc > 5 ? std::atoll(argv[5]) : 1;
        const int sweeps = argc > 6 ? std::atoi(argv[6]) : 200;
        DataGeneration g;
        g.original = {beta, 0, 0};
        g.chains = std::clamp(16384 / (L * L), 16, 256);
        if (argc > 7) g.chains = std::atoi(argv[7]);
        g.samples = 64;
        g.seed = seed;
        const FeatureTargets T = generateTargets(F, g);
        std::printf("data: %lld samples; D = ", T.samples);
        for (int a = 0; a < A; ++a)
            std::printf("%.5f(%.1e) ", T.mean[a], T.error[a]);
        std::printf("\n");
        std::array<double, 2> x0{-std::sinh(2 * bd), std::cosh(2 * bd)};
        for (double r : {0.85, 0.9, 0.95, 0.97, 1.0, 1.03, 1.05}) {
            const double t0 = r * bd;
            DualityChainEnsemble ch(L, 256, seed + 1000, 0);
            ch.setCouplings({t0, 0, 0});
            ch.sweeps(200);
            Coef C(A, {0, 0, 0, 0, 0});
            int n = 0;
            for (int k = 0; k < sweeps; ++k) {
                ch.sweeps(1);
                for (int c = 0; c < ch.chains(); ++c)
                    P.add(ch.spins(c), 1.0, C), ++n;
            }
            for (auto& c : C)
                for (auto& v : c)
                    v /= n;
            auto [l, x] = bestTheta(P, C, T.mean, x0);
            const double lEx = loss(T.mean, P.evaluate(C, x0[0], x0[1]));
            std::printf("t0=%.4f (%.2f bd) best loss over theta %.3e at th2=%.4f th3=%.4f ; loss at exact theta %.3e\n",
                        t0, r, l, x[0], x[1], lEx);
            std::fflush(stdout);
        }
    }
}
