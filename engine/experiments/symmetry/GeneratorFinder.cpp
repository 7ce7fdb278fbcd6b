#include "GeneratorFinder.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/embed/Pca.hpp"

#include <Eigen/Eigenvalues>

#include <cmath>

namespace dlab::symmetry {

void GeneratorOptions::validate() const
{
    requireInRange("planes", planes, 1, 100000);
    requireInRange("delta", delta, 1e-4, 2.0);
    requireInRange("epsilon", epsilon, 1e-4, 2.0);
    requireInRange("max_residual", maxResidual, 0.0, 1.0);
    requireInRange("min_pairs", minPairs, 4, 100000);
    requireInRange("significance", significance, 0.0, 1.0);
}

Eigen::MatrixXd canonicalSign(const Eigen::MatrixXd& g)
{
    double lower = 0;
    for (Eigen::Index i = 0; i < g.rows(); ++i)
        for (Eigen::Index j = 0; j < i; ++j)
            lower += g(i, j);
    if (lower < 0) return -g;
    if (lower == 0) { // tie: make the largest entry positive
        Eigen::Index r, c;
        g.cwiseAbs().maxCoeff(&r, &c);
        if (g(r, c) < 0) return -g;
    }
    return g;
}

GeneratorFinder::GeneratorFinder(const std::vector<Eigen::MatrixXd>& clouds, GeneratorOptions options,
                                 std::uint64_t seed)
    : m_opt(options), m_rng(seed, 0x9e7e)
{
    m_opt.validate();
    for (int label = 0; label < int(clouds.size()); ++label) {
        const Eigen::MatrixXd& x = clouds[label];
        if (x.rows() < 2 * m_opt.minPairs) continue;
        m_dim = int(x.cols());
        const embed::PcaResult p = embed::pca(x);
        // Reduce: keep directions carrying more than 10⁻⁴ of the variance.
        int k = 0;
        while (k < p.explainedRatio.size() && p.explainedRatio[k] > 1e-4)
            ++k;
        if (k < 2) continue; // a point or a line: no plane to rotate in
        Cloud c;
        c.label = label;
        c.basis = p.components.leftCols(k);
        c.reduced = p.project(x, k);
        c.radius = std::sqrt(c.reduced.rowwise().squaredNorm().mean());
        m_clouds.push_back(std::move(c));
    }
    if (m_clouds.empty())
        throw ParameterError("points", "no class has enough correctly classified points to look for generators");
}

bool GeneratorFinder::fitPlane(const Cloud& c, RngStream& rng, PlaneFit& fit) const
{
    const Eigen::MatrixXd& x = c.reduced;
    const int n = int(x.rows()), k = int(x.cols());
    // 2. plane through the centre spanned by two random points
    Eigen::VectorXd e1 = x.row(rng.below(std::uint32_t(n))).transpose();
    Eigen::VectorXd e2 = x.row(rng.below(std::uint32_t(n))).transpose();
    if (e1.norm() < 1e-9 * c.radius) return false;
    e1.normalize();
    e2 -= e1.dot(e2) * e1;
    if (e2.norm() < 1e-3 * c.radius) return false; // (nearly) collinear points
    e2.normalize();
    Eigen::MatrixXd e(k, 2);
    e << e1, e2;
    // 3. δ-neighbourhood, projected onto the plane
    const Eigen::MatrixXd coords = x * e; // n × 2
    const double delta = m_opt.delta * c.radius, eps = m_opt.epsilon * c.radius;
    std::vector<Eigen::Vector2d> q;
    for (int i = 0; i < n; ++i)
        if ((x.row(i).transpose() - e * coords.row(i).transpose()).norm() < delta)
            q.push_back(coords.row(i).transpose());
    // 4.–5. ε-pairs give rows of A m = 0, m = (M00, M01, M10, M11)
    std::vector<Eigen::Vector4d> rows;
    for (std::size_t i = 0; i < q.size(); ++i)
        for (std::size_t j = i + 1; j < q.size(); ++j) {
            const Eigen::Vector2d diff = q[j] - q[i];
            const double len = diff.norm();
            if (len >= eps || len < 1e-3 * eps) continue;
            const Eigen::Vector2d u = diff / len, mid = 0.5 * (q[i] + q[j]) / c.radius;
            // u × (M mid) = u0 (M mid)1 − u1 (M mid)0
            rows.emplace_back(-u[1] * mid[0], -u[1] * mid[1], u[0] * mid[0], u[0] * mid[1]);
        }
    if (int(rows.size()) < m_opt.minPairs) return false;
    Eigen::Matrix4d ata = Eigen::Matrix4d::Zero();
    for (const auto& r : rows)
        ata += r * r.transpose();
    ata /= double(rows.size());
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix4d> es(ata);
    const Eigen::Vector4d m = es.eigenvectors().col(0);
    Eigen::Matrix2d mm;
    mm << m[0], m[1], m[2], m[3];
    // RMS sine misfit, normalised by the typical |M p̄| (p̄ in radius units)
    const double scale = mm.norm() / std::sqrt(2.0);
    fit.residual = std::sqrt(std::max(0.0, es.eigenvalues()[0])) / scale;
    fit.pairs = int(rows.size());
    fit.label = c.label;
    Eigen::MatrixXd g = c.basis * (e * mm * e.transpose()) * c.basis.transpose();
    g *= std::sqrt(2.0) / g.norm();
    fit.generator = canonicalSign(g);
    return true;
}

bool GeneratorFinder::run(int count)
{
    for (int t = 0; t < count && m_tried < m_opt.planes; ++t, ++m_tried) {
        // Each plane has its own stream: the result does not depend on how
        // the work is chunked into steps.
        RngStream rng = m_rng.child(std::uint64_t(m_tried));
        const Cloud& c = m_clouds[rng.below(std::uint32_t(m_clouds.size()))];
        PlaneFit fit;
        if (fitPlane(c, rng, fit) && fit.residual <= m_opt.maxResidual) m_fits.push_back(std::move(fit));
    }
    return finished();
}

GeneratorResult GeneratorFinder::result() const
{
    GeneratorResult r;
    r.fits = m_fits;
    r.planesTried = m_tried;
    const int d = m_dim, d2 = d * d;
    r.explainedVariance = Eigen::VectorXd::Zero(d2);
    if (m_fits.empty()) return r;
    Eigen::MatrixXd flat(Eigen::Index(m_fits.size()), d2);
    for (std::size_t i = 0; i < m_fits.size(); ++i)
        flat.row(Eigen::Index(i)) = Eigen::Map<const Eigen::RowVectorXd>(m_fits[i].generator.data(), d2);
    const embed::PcaResult p = embed::pca(flat, /*centre=*/false);
    r.explainedVariance = p.explainedRatio;
    for (int k = 0; k < d2; ++k) {
        Eigen::MatrixXd g = Eigen::Map<const Eigen::MatrixXd>(p.components.col(k).data(), d, d) * std::sqrt(2.0);
        r.components.push_back(canonicalSign(g));
        if (p.explainedRatio[k] >= m_opt.significance || k == 0) r.generators.push_back(r.components.back());
    }
    return r;
}

} // namespace dlab::symmetry
