#include "engine/experiments/duality/ValleyProfile.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"

#include <Eigen/Dense>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace dlab {

ShapePolynomials::ShapePolynomials(const DualityFeatures& features, int slot) : m_features(features), m_slot(slot)
{
    if (slot < 0 || slot >= kNeighbourhoodSlots)
        throw ParameterError("slot", "the attention slot must be 0 to " + std::to_string(kNeighbourhoodSlots - 1));
    for (const auto& s : features.shapeList()) {
        m_links.push_back(int(s.links.size()));
        m_degree = std::max(m_degree, m_links.back());
    }
    // ψ̄ at θ3 = 1 is a polynomial of degree n_a in θ2: evaluated at
    // degree + 1 nodes centred on 0, its coefficients follow from the
    // inverse Vandermonde matrix.
    const int K = m_degree + 1;
    Eigen::MatrixXd V(K, K);
    for (int m = 0; m < K; ++m)
        for (int j = 0; j < K; ++j)
            V(m, j) = std::pow(double(m) - 0.5 * m_degree, j);
    const Eigen::MatrixXd inverse = V.inverse();
    m_inverseVandermonde.assign(inverse.data(), inverse.data() + K * K); // column-major
}

double ShapePolynomials::coefficients(const std::int8_t* spins, double* out) const
{
    const int A = shapes(), K = m_degree + 1;
    std::vector<std::int8_t> sigma(m_features.links());
    std::vector<double> f(m_features.links()), psi(A), values(std::size_t(K) * A);
    m_features.linkValues(spins, sigma.data());
    ObservableParams o;
    o.w.fill(0.0);
    o.w[std::size_t(m_slot)] = 1.0;
    o.theta3 = 1.0;
    for (int m = 0; m < K; ++m) {
        o.theta2 = double(m) - 0.5 * m_degree;
        m_features.observable(sigma.data(), o, f.data());
        m_features.shapeAverages(f.data(), psi.data());
        for (int a = 0; a < A; ++a)
            values[std::size_t(a) * K + m] = psi[a];
    }
    for (int a = 0; a < A; ++a)
        for (int j = 0; j < K; ++j) {
            double c = 0;
            if (j <= m_links[a])
                for (int m = 0; m < K; ++m)
                    c += m_inverseVandermonde[std::size_t(m) * K + j] * values[std::size_t(a) * K + m];
            out[std::size_t(a) * K + j] = c;
        }
    return m_features.couplingSums(spins, sigma.data())[0];
}

void ShapePolynomials::evaluate(const double* c, double theta2, double theta3, double* psi, double* dTheta2,
                                double* dTheta3) const
{
    const int K = m_degree + 1;
    for (int a = 0; a < shapes(); ++a) {
        const int n = m_links[a];
        double v = 0, d2 = 0, d3 = 0;
        for (int j = 0; j <= n; ++j) {
            const double cj = c[std::size_t(a) * K + j];
            v += cj * std::pow(theta2, j) * std::pow(theta3, n - j);
            if (j > 0) d2 += cj * j * std::pow(theta2, j - 1) * std::pow(theta3, n - j);
            if (j < n) d3 += cj * (n - j) * std::pow(theta2, j) * std::pow(theta3, n - j - 1);
        }
        psi[a] = v;
        if (dTheta2) dTheta2[a] = d2;
        if (dTheta3) dTheta3[a] = d3;
    }
}

namespace {

double squaredResidual(const std::vector<double>& psi, const std::vector<double>& data)
{
    double s = 0;
    for (std::size_t a = 0; a < data.size(); ++a)
        s += (psi[a] - data[a]) * (psi[a] - data[a]);
    return s;
}

// min over (θ2, θ3) of Σ_a (ψ̄^a − D_a)²: Levenberg–Marquardt on a
// polynomial. The plain squared residual of the reweighted averages, not
// the learner's split-halves unbiased loss: its variance term is nearly the
// same at neighbouring t0 (the same samples, reweighted), whereas the
// split product's own noise is not — at β = 0.8 (L = 16, 256 chains × 200
// sweeps) it put the profile at −5.6·10⁻⁶ … −2.5·10⁻⁶, a hundred times the
// differences between neighbouring t0.
ProfilePoint minimiseTheta(const ShapePolynomials& P, const double* c, const std::vector<double>& data,
                           double theta2, double theta3)
{
    const int A = P.shapes();
    std::vector<double> r(A), d2(A), d3(A);
    auto evaluate = [&](double t2, double t3, bool derivatives) {
        P.evaluate(c, t2, t3, r.data(), derivatives ? d2.data() : nullptr, derivatives ? d3.data() : nullptr);
        double f = 0;
        for (int a = 0; a < A; ++a) {
            r[a] -= data[std::size_t(a)];
            f += r[a] * r[a];
        }
        return f;
    };
    double loss = evaluate(theta2, theta3, true), lambda = 1e-6;
    for (int it = 0; it < 200 && lambda < 1e12; ++it) {
        Eigen::Matrix2d H = Eigen::Matrix2d::Zero();
        Eigen::Vector2d g = Eigen::Vector2d::Zero();
        for (int a = 0; a < A; ++a) {
            H(0, 0) += d2[a] * d2[a];
            H(0, 1) += d2[a] * d3[a];
            H(1, 1) += d3[a] * d3[a];
            g[0] += d2[a] * r[a];
            g[1] += d3[a] * r[a];
        }
        H(1, 0) = H(0, 1);
        Eigen::Matrix2d damped = H;
        damped(0, 0) *= 1 + lambda;
        damped(1, 1) *= 1 + lambda;
        const Eigen::Vector2d dx = -damped.ldlt().solve(g);
        const double trial = evaluate(theta2 + dx[0], theta3 + dx[1], false);
        if (trial < loss) {
            theta2 += dx[0];
            theta3 += dx[1];
            const bool done = loss - trial < 1e-15 * (1 + loss);
            loss = trial;
            lambda = std::max(lambda * 0.1, 1e-9);
            if (done) break;
        } else {
            lambda *= 10;
        }
        evaluate(theta2, theta3, true);
    }
    ProfilePoint p;
    p.loss = loss;
    p.theta2 = theta2;
    p.theta3 = theta3;
    return p;
}

// The profile on a grid around `anchor` from one long run of the chains there.
std::vector<ProfilePoint> profileAt(const ShapePolynomials& P, DualityChainEnsemble& chains,
                                    const std::vector<double>& data, double anchor, double theta2, double theta3,
                                    const ValleyProfileOptions& opt)
{
    const int A = P.shapes(), K = P.degree() + 1, AK = A * K, B = chains.chains();
    const int G = 2 * opt.gridHalfWidth + 1;
    std::vector<double> grid(G);
    for (int g = 0; g < G; ++g)
        grid[g] = anchor * (1.0 + opt.gridStep * (g - opt.gridHalfWidth));

    chains.setCouplings({anchor, 0.0, 0.0}, opt.update);
    chains.sweeps(opt.thermalise);
    std::vector<double> perChain(std::size_t(B) * (AK + 1));
    // Per grid point: Σw, Σw², Σw·c.
    std::vector<double> weightSum(G, 0.0), weightSquares(G, 0.0), moments(std::size_t(G) * AK, 0.0);
    double phiReference = 0;
    bool haveReference = false;
    for (int s = 0; s < opt.sweeps; ++s) {
        chains.sweeps(1);
        tbb::parallel_for(tbb::blocked_range<int>(0, B, 8), [&](const tbb::blocked_range<int>& r) {
            for (int c = r.begin(); c != r.end(); ++c) {
                double* out = perChain.data() + std::size_t(c) * (AK + 1);
                out[AK] = P.coefficients(chains.spins(c), out);
            }
        });
        if (!haveReference) {
            for (int c = 0; c < B; ++c)
                phiReference += perChain[std::size_t(c) * (AK + 1) + AK] / B;
            haveReference = true;
        }
        // Serial in chain order: the same sums for any number of threads.
        for (int c = 0; c < B; ++c) {
            const double* in = perChain.data() + std::size_t(c) * (AK + 1);
            for (int g = 0; g < G; ++g) {
                const double w = std::exp((grid[g] - anchor) * (in[AK] - phiReference));
                weightSum[g] += w;
                weightSquares[g] += w * w;
                double* m = moments.data() + std::size_t(g) * AK;
                for (int k = 0; k < AK; ++k)
                    m[k] += w * in[k];
            }
        }
    }
    const double samples = double(B) * opt.sweeps;
    std::vector<ProfilePoint> points(G);
    std::vector<double> averaged(AK);
    // Outward from the anchor, each point's (θ2, θ3) starting from its neighbour's.
    auto solve = [&](int g, double t2, double t3) {
        const double* m = moments.data() + std::size_t(g) * AK;
        for (int k = 0; k < AK; ++k)
            averaged[k] = m[k] / weightSum[g];
        ProfilePoint p = minimiseTheta(P, averaged.data(), data, t2, t3);
        p.t0 = grid[g];
        p.effectiveFraction = weightSum[g] * weightSum[g] / (weightSquares[g] * samples);
        points[g] = p;
    };
    const int centre = opt.gridHalfWidth;
    solve(centre, theta2, theta3);
    for (int g = centre + 1; g < G; ++g)
        solve(g, points[g - 1].theta2, points[g - 1].theta3);
    for (int g = centre - 1; g >= 0; --g)
        solve(g, points[g + 1].theta2, points[g + 1].theta3);
    return points;
}

} // namespace

ValleyProfileResult refineAlongValley(const DualityFeatures& features, DualityChainEnsemble& chains,
                                      const std::vector<double>& data, int slot, double t0, double theta2,
                                      double theta3, const ValleyProfileOptions& opt)
{
    if (int(data.size()) != features.shapes()) throw ParameterError("targets", "one target per feature is needed");
    requireInRange("profile_sweeps", opt.sweeps, 1, 1'000'000);
    requireInRange("profile_grid_half_width", opt.gridHalfWidth, 1, 1000);
    const ShapePolynomials P(features, slot);
    ValleyProfileResult result;
    result.t0 = t0;
    result.theta2 = theta2;
    result.theta3 = theta3;
    double anchor = t0;
    for (int n = 0; n < opt.maxAnchors; ++n) {
        result.points = profileAt(P, chains, data, anchor, result.theta2, result.theta3, opt);
        ++result.anchors;
        // The lowest point among those the reweighting still trusts.
        int best = -1;
        for (int g = 0; g < int(result.points.size()); ++g)
            if (result.points[g].effectiveFraction >= opt.minEffective &&
                (best < 0 || result.points[g].loss < result.points[best].loss))
                best = g;
        if (best < 0) break;
        const auto trusted = [&](int g) {
            return g >= 0 && g < int(result.points.size()) && result.points[g].effectiveFraction >= opt.minEffective;
        };
        ProfilePoint at = result.points[best];
        if (trusted(best - 1) && trusted(best + 1)) {
            // Vertex of the parabola through the lowest point and its neighbours.
            const ProfilePoint &l = result.points[best - 1], &r = result.points[best + 1];
            const double curvature = l.loss - 2 * at.loss + r.loss;
            if (curvature > 0) {
                const double shift = 0.5 * (l.loss - r.loss) / curvature; // in grid steps, |shift| ≤ ½
                const double h = (r.t0 - at.t0);
                const ProfilePoint& side = shift > 0 ? r : l;
                const double fraction = std::abs(shift);
                at.t0 += shift * h;
                at.theta2 += fraction * (side.theta2 - at.theta2);
                at.theta3 += fraction * (side.theta3 - at.theta3);
                at.loss -= 0.25 * (l.loss - r.loss) * shift; // the parabola's minimum
            }
        }
        const double moved = std::abs(at.t0 - anchor) / std::max(std::abs(anchor), 1e-12);
        result.t0 = at.t0;
        result.theta2 = at.theta2;
        result.theta3 = at.theta3;
        result.loss = at.loss;
        anchor = at.t0;
        if (moved < opt.tolerance) break;
    }
    return result;
}

} // namespace dlab
