#include "GeneratorFinder.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/embed/Pca.hpp"

#include <Eigen/Eigenvalues>

#include <algorithm>
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

GeneratorFinder::GeneratorFinder(const std::vector<Eigen::MatrixXd>& classes, GeneratorOptions options,
                                 std::uint64_t seed)
    : m_opt(options), m_rng(seed, 0x9e7e)
{
    m_opt.validate();
    std::vector<int> used;
    for (int label = 0; label < int(classes.size()); ++label)
        if (classes[label].rows() >= 2 * m_opt.minPairs) used.push_back(label);
    if (!used.empty()) m_dim = int(classes[used[0]].cols());
    const bool pooled = m_opt.pooling == GeneratorOptions::Pooling::Pooled ||
                        (m_opt.pooling == GeneratorOptions::Pooling::Auto && m_dim > 2);
    if (pooled && !used.empty()) {
        Eigen::Index total = 0;
        for (int l : used)
            total += classes[l].rows();
        Eigen::MatrixXd all(total, m_dim);
        std::vector<int> labels;
        Eigen::Index row = 0;
        for (int l : used) {
            all.middleRows(row, classes[l].rows()) = classes[l];
            row += classes[l].rows();
            labels.insert(labels.end(), std::size_t(classes[l].rows()), l);
        }
        addCloud(all, std::move(labels));
    } else {
        for (int l : used)
            addCloud(classes[l], std::vector<int>(std::size_t(classes[l].rows()), l));
    }
    if (m_clouds.empty())
        throw ParameterError("points", "no class has enough correctly classified points to look for generators");
}

void GeneratorFinder::addCloud(const Eigen::MatrixXd& x, std::vector<int> labels)
{
    const embed::PcaResult p = embed::pca(x);
    // Reduce: keep directions carrying more than 10⁻⁴ of the variance.
    int k = 0;
    while (k < p.explainedRatio.size() && p.explainedRatio[k] > 1e-4)
        ++k;
    if (k < 2) return; // a point or a line: no plane to rotate in
    Cloud c;
    c.labels = std::move(labels);
    c.basis = p.components.leftCols(k);
    c.reduced = p.project(x, k);
    c.radius = std::sqrt(c.reduced.rowwise().squaredNorm().mean());
    m_clouds.push_back(std::move(c));
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
    // 3. δ-neighbourhood, projected onto the plane (sorted by first coordinate
    // so the ε-pairs are found by a sweep, not all n² pairs)
    const Eigen::MatrixXd coords = x * e; // n × 2
    const double delta = m_opt.delta * c.radius, eps = m_opt.epsilon * c.radius;
    struct Pt {
        double u, v;
        int label;
    };
    std::vector<Pt> q;
    for (int i = 0; i < n; ++i)
        if ((x.row(i).transpose() - e * coords.row(i).transpose()).norm() < delta)
            q.push_back({coords(i, 0), coords(i, 1), c.labels[i]});
    std::sort(q.begin(), q.end(), [](const Pt& a, const Pt& b) { return a.u < b.u; });
    // 4.–5. ε-pairs give rows of A m = 0, m = (M00, M01, M10, M11):
    // chord × (M midpoint) = 0, chord in units of ε, midpoint in units of the radius.
    Eigen::Matrix4d ata = Eigen::Matrix4d::Zero();
    double weight = 0;
    int pairs = 0;
    for (std::size_t i = 0; i < q.size(); ++i)
        for (std::size_t j = i + 1; j < q.size() && q[j].u - q[i].u < eps; ++j) {
            if (q[j].label != q[i].label) continue;
            const double du = q[j].u - q[i].u, dv = q[j].v - q[i].v;
            if (du * du + dv * dv >= eps * eps) continue;
            const double cu = du / eps, cv = dv / eps;
            const double mu = 0.5 * (q[i].u + q[j].u) / c.radius, mv = 0.5 * (q[i].v + q[j].v) / c.radius;
            const Eigen::Vector4d r(-cv * mu, -cv * mv, cu * mu, cu * mv);
            ata += r * r.transpose();
            weight += cu * cu + cv * cv;
            ++pairs;
        }
    if (pairs < m_opt.minPairs) return false;
    Eigen::SelfAdjointEigenSolver<Eigen::Matrix4d> es(ata / weight);
    const Eigen::Vector4d m = es.eigenvectors().col(0);
    Eigen::Matrix2d mm;
    mm << m[0], m[1], m[2], m[3];
    // RMS sine of the angle between chord and M p̄, for |M p̄| ~ |M|/√2.
    fit.residual = std::sqrt(std::max(0.0, es.eigenvalues()[0]) * 2.0);
    fit.pairs = pairs;
    fit.label = c.labels.empty() ? -1 : c.labels[0];
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
