// Ordered-phase data on a finite torus (docs/experiments/duality.md, "Why t0
// came out low"): the duality loss, with the attention on one dual link, is
// minimised over (t0, θ2, θ3) by exact enumeration of all 2^16 states of the
// 4×4 torus. There the minimum lies well below the infinite lattice's β̃
// (finite size: the torus's dual is a sum over the dual's boundary
// sectors), and a continuation stage of the learner, started on the exact
// infinite-lattice dual, must walk to the torus's minimum — the estimator
// follows the loss it is given, the offset is the loss's own.
#include "ShapePolynomial.hpp"
#include "engine/core/Rng.hpp"
#include "engine/experiments/duality/DualityContinuation.hpp"
#include "engine/experiments/duality/DualityFeatures.hpp"
#include "engine/experiments/duality/ValleyProfile.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <Eigen/Dense>
#include <QtTest>
#include <cmath>
#include <map>

using namespace dlab;

namespace {
constexpr int kL = 4;

// The shape averages' coefficients (ShapePolynomial.hpp) are linear in the
// configuration, so they are summed per level of Φ0 and any t0 is a
// reweighting of the levels.
class TorusEnumeration {
public:
    TorusEnumeration(const DualityFeatures& F, int slot) : m_A(F.shapes()), m_polynomial(F, slot)
    {
        const int N = kL * kL;
        std::vector<std::int8_t> s(N), sigma(F.links());
        std::vector<double> f(F.links()), psi(m_A);
        for (int c = 0; c < (1 << N); ++c) {
            for (int i = 0; i < N; ++i)
                s[i] = (c >> i) & 1 ? 1 : -1;
            F.linkValues(s.data(), sigma.data());
            Level& level = m_levels[int(F.couplingSums(s.data(), sigma.data())[0])];
            if (level.data.empty()) {
                level.data.assign(m_A, 0.0);
                level.coefficients = m_polynomial.zero();
            }
            level.count += 1;
            F.observable(sigma.data(), ObservableParams::identity(), f.data());
            F.shapeAverages(f.data(), psi.data());
            for (int a = 0; a < m_A; ++a)
                level.data[a] += psi[a];
            m_polynomial.add(s.data(), 1.0, level.coefficients);
        }
    }

    // ⟨ψ̄^a(σ)⟩ of the original model at β.
    std::vector<double> data(double beta) const
    {
        std::vector<double> D(m_A, 0.0);
        double Z = 0;
        for (const auto& [E, level] : m_levels) {
            const double w = std::exp(beta * (E - m_levels.rbegin()->first));
            Z += w * level.count;
            for (int a = 0; a < m_A; ++a)
                D[a] += w * level.data[a];
        }
        for (auto& v : D)
            v /= Z;
        return D;
    }

    // Coefficients c_aj of the model at coupling t0 (> 0).
    test::ShapePolynomial::Coefficients model(double t0) const
    {
        test::ShapePolynomial::Coefficients C = m_polynomial.zero();
        double Z = 0;
        for (const auto& [E, level] : m_levels) {
            const double w = std::exp(t0 * (E - m_levels.rbegin()->first));
            Z += w * level.count;
            for (std::size_t a = 0; a < C.size(); ++a)
                for (std::size_t j = 0; j < C[a].size(); ++j)
                    C[a][j] += w * level.coefficients[a][j];
        }
        for (auto& row : C)
            for (auto& v : row)
                v /= Z;
        return C;
    }

    // min over (θ2, θ3) of Σ_a (D_a − M_a)² at t0, by Gauss–Newton from `x`.
    double profile(const std::vector<double>& D, double t0, std::array<double, 2>& x) const
    {
        const test::ShapePolynomial::Coefficients C = model(t0);
        auto residual = [&](double t2, double t3) {
            const std::vector<double> M = m_polynomial.evaluate(C, t2, t3);
            Eigen::VectorXd r(m_A);
            for (int a = 0; a < m_A; ++a)
                r[a] = D[a] - M[a];
            return r;
        };
        for (int it = 0; it < 50; ++it) {
            const double h = 1e-6;
            const Eigen::VectorXd r = residual(x[0], x[1]);
            Eigen::MatrixXd J(m_A, 2);
            J.col(0) = (r - residual(x[0] + h, x[1])) / h;
            J.col(1) = (r - residual(x[0], x[1] + h)) / h;
            const Eigen::Vector2d dx = (J.transpose() * J).ldlt().solve(J.transpose() * r);
            x[0] += dx[0];
            x[1] += dx[1];
            if (dx.norm() < 1e-12) break;
        }
        return residual(x[0], x[1]).squaredNorm();
    }

private:
    struct Level {
        double count = 0;
        std::vector<double> data;
        test::ShapePolynomial::Coefficients coefficients;
    };
    int m_A;
    test::ShapePolynomial m_polynomial;
    std::map<int, Level> m_levels;
};
} // namespace

class TestDualityOrdered : public QObject {
    Q_OBJECT
    static constexpr double kBeta = 0.7;
    static constexpr int kSlot = PerpendicularAtTailMinus; // a dual slot (DualityFrames.hpp)
    const double m_dual = exact::kramersWannierDual(kBeta);
    std::vector<double> m_data;
    double m_bestT0 = 0;

private Q_SLOTS:
    void initTestCase()
    {
        DualityFeatures F(kL, defaultLinkShapes());
        const TorusEnumeration torus(F, kSlot);
        m_data = torus.data(kBeta);
        // The exact loss's minimum over (t0, θ2, θ3) on this torus.
        double bestLoss = 1e300;
        std::array<double, 2> x{-std::sinh(2 * m_dual), std::cosh(2 * m_dual)};
        for (double t0 = 0.6 * m_dual; t0 <= 1.2 * m_dual; t0 += 0.002 * m_dual) {
            std::array<double, 2> y = x;
            const double l = torus.profile(m_data, t0, y);
            if (l < bestLoss) bestLoss = l, m_bestT0 = t0;
        }
        qInfo("4×4 torus, β = %.2f: exact loss minimal at t0 = %.4f (%+.1f %% of β̃ = %.4f), loss %.2g", kBeta, m_bestT0,
              100 * (m_bestT0 / m_dual - 1), m_dual, bestLoss);
        // Measured −13.6 %: far outside anything the learner's noise explains.
        QVERIFY2(m_bestT0 < 0.92 * m_dual, "the 4×4 torus's minimum should lie well below β̃ (finite size)");
    }

    void shapePolynomialsReproduceTheFeatures()
    {
        // The coefficients of one configuration, evaluated at any (θ2, θ3),
        // are the features of O^θ with the attention one-hot on the slot.
        DualityFeatures F(kL, defaultLinkShapes());
        RngStream rng(3, 0);
        std::vector<std::int8_t> spins(kL * kL);
        for (auto& s : spins)
            s = rng.uniform() < 0.5 ? 1 : -1;
        for (int slot : {0, kSlot, 6}) {
            const ShapePolynomials P(F, slot);
            std::vector<double> c(std::size_t(P.shapes()) * (P.degree() + 1)), psi(P.shapes());
            P.coefficients(spins.data(), c.data());
            for (auto [theta2, theta3] : {std::pair{-0.53, 1.13}, std::pair{2.5, -0.7}}) {
                ObservableParams o;
                o.w[slot] = 1.0;
                o.theta2 = theta2;
                o.theta3 = theta3;
                const std::vector<double> direct = F.evaluate(spins.data(), o);
                P.evaluate(c.data(), theta2, theta3, psi.data());
                for (int a = 0; a < P.shapes(); ++a)
                    QVERIFY2(std::abs(psi[a] - direct[a]) < 1e-9 * (1 + std::abs(direct[a])),
                             qPrintable(QString("slot %1, shape %2: polynomial %3, features %4")
                                            .arg(slot)
                                            .arg(a)
                                            .arg(psi[a], 0, 'g', 12)
                                            .arg(direct[a], 0, 'g', 12)));
            }
        }
    }

    void theProfileRefinementRecoversAModelsOwnCoupling()
    {
        // Data made by the model itself (8×8, t* = 0.3 — a disordered dual
        // like those of β = 0.5–0.6 — O on one slot with θ2 = −0.6, θ3 =
        // 1.1; 1024 chains × 100 sweeps of an independent seed): the loss's
        // minimum is at t* by construction, and the profile refinement
        // started 10 % above it with other (θ2, θ3) must come back. (The
        // 4×4 torus above cannot serve: there the best fit leaves a residual
        // |M − D| ≈ 0.016, and the chains' error enters the loss to first
        // order through it, 100× the exact profile's slope.) Measured with
        // the chains' seeds 1–7: +0.72, −0.13, −0.19, −0.11, −0.63, −0.34,
        // −1.27 % (sd 0.6 %); the tolerance is 4 sd. A refinement that does
        // not move stays 10 % off.
        const int L = 8;
        const double tStar = 0.3, theta2 = -0.6, theta3 = 1.1;
        DualityFeatures F(L, defaultLinkShapes());
        ObservableParams o;
        o.w[kSlot] = 1.0;
        o.theta2 = theta2;
        o.theta3 = theta3;
        std::vector<double> D(F.shapes(), 0.0);
        DualityChainEnsemble source(L, 1024, 99, 0);
        source.setCouplings({tStar, 0.0, 0.0});
        source.sweeps(50);
        long long n = 0;
        for (int s = 0; s < 100; ++s, source.sweeps(1))
            for (int c = 0; c < source.chains(); ++c, ++n) {
                const std::vector<double> psi = F.evaluate(source.spins(c), o);
                for (int a = 0; a < F.shapes(); ++a)
                    D[a] += psi[a];
            }
        for (auto& v : D)
            v /= double(n);
        DualityChainEnsemble chains(L, 512, 7, 0);
        const ValleyProfileResult r = refineAlongValley(F, chains, D, kSlot, 1.1 * tStar, -0.5, 1.0);
        const double tolerance = 0.025 * tStar;
        const QString msg = QString("profile minimum t0 = %1 (%2 % of t* = %3) after %4 anchors, θ2 = %5 (−0.6), "
                                    "θ3 = %6 (1.1); tolerance ±%7")
                                .arg(r.t0, 0, 'f', 4)
                                .arg(100 * (r.t0 / tStar - 1), 0, 'f', 2)
                                .arg(tStar)
                                .arg(r.anchors)
                                .arg(r.theta2, 0, 'f', 4)
                                .arg(r.theta3, 0, 'f', 4)
                                .arg(tolerance, 0, 'f', 4);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(std::abs(r.t0 - tStar) < tolerance, qPrintable(msg));
    }

    void aStageEndsAtTheTorusMinimumNotAtTheInfiniteLatticeDual()
    {
        const double beta = kBeta, dual = m_dual, bestT0 = m_bestT0;
        const int slot = kSlot;

        // A continuation stage started on the infinite lattice's exact dual
        // (the test may use it; a run never does), with data of 256 chains ×
        // 512 samples. Spread of one run: 6 seeds at a 0.2 % plateau drift
        // gave −15.9 % ± 1.7 % of β̃; 3 seeds at the default 1 %: −14.6,
        // −12.6, −15.0 %. A stage that stayed at its start would be 13.6 % off.
        DualityPathParams path;
        path.base.L = kL;
        path.base.dataSamples = 512;
        path.base.seed = 1;
        path.profileSweeps = 0; // the stage's own optimiser; the refinement is tested above
        path.betas = {beta - 0.05, beta};
        DualityResult previous;
        previous.t = {dual, 0.0, 0.0};
        previous.theta2 = -std::sinh(2 * dual);
        previous.theta3 = std::cosh(2 * dual);
        previous.last.theta1.fill(0.0);
        previous.last.theta1[slot] = 4.0;
        DualityLearner learner(stageParams(path, 1, &previous));
        const DualityResult r = learner.run();
        const double spread = 0.017 * dual;
        const QString msg = QString("learner t0 = %1 (%2 % of β̃), exact torus minimum %3 (%4 %); tolerance ±%5 "
                                    "(4× the spread of one run)")
                                .arg(r.t.t0, 0, 'f', 4)
                                .arg(100 * (r.t.t0 / dual - 1), 0, 'f', 1)
                                .arg(bestT0, 0, 'f', 4)
                                .arg(100 * (bestT0 / dual - 1), 0, 'f', 1)
                                .arg(4 * spread, 0, 'f', 4);
        qInfo("%s", qPrintable(msg));
        QVERIFY2(r.attention[slot] > 0.9, "the stage should stay on the dual slot it started on");
        QVERIFY2(std::abs(r.t.t0 - bestT0) < 4 * spread, qPrintable(msg));
    }
};

QTEST_APPLESS_MAIN(TestDualityOrdered)
#include "tst_duality_ordered.moc"
