#include "engine/experiments/fieldtheory/RbmTarget.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/io/Npy.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <limits>
#include <sstream>

namespace dlab::fieldtheory {
namespace {

void fillSpectra(RbmTarget& t)
{
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(t.covariance, Eigen::EigenvaluesOnly);
    const Eigen::VectorXd c = es.eigenvalues(); // ascending
    const double top = c.size() ? std::max(c.maxCoeff(), 0.0) : 0.0;
    t.inverseSpectrum.clear();
    t.spectrum.clear();
    for (Eigen::Index i = c.size() - 1; i >= 0; --i) {
        const double v = std::max(c[i], 0.0);
        t.inverseSpectrum.push_back(v);
        // Below 1e-12 of the largest variance a direction is numerically absent.
        t.spectrum.push_back(v > 1e-12 * top ? 1.0 / v : std::numeric_limits<double>::infinity());
    }
}

// m² as typed (4, not 4.000000), for the description shown beside the plots.
std::string shortNumber(double v)
{
    std::ostringstream o;
    o << v;
    return o.str();
}

} // namespace

RbmTarget freeFieldTarget(fields::FreeFieldGeometry geometry, int n, double m2, int samples, RngStream& rng)
{
    requireInRange("m2", m2, 1e-3, 1e3);
    requireInRange("samples", samples, 0, 10000000);
    RbmTarget t;
    const Eigen::MatrixXd k = fields::freeFieldKernel(geometry, n, m2);
    const Eigen::Index V = k.rows();
    t.covariance = k.llt().solve(Eigen::MatrixXd::Identity(V, V));
    t.description = std::string(geometry == fields::FreeFieldGeometry::Chain
                                    ? "free field, periodic chain of " + std::to_string(n) + " sites"
                                    : "free field, " + std::to_string(n) + "×" + std::to_string(n) + " torus") +
                    ", m² = " + shortNumber(m2);
    t.spectrum = fields::freeFieldSpectrum(geometry, n, m2);
    t.inverseSpectrum.clear();
    for (double e : t.spectrum) // ascending κ: descending 1/κ
        t.inverseSpectrum.push_back(1.0 / e);
    if (samples > 0) {
        // φ = L z with C = L Lᵀ and z ~ N(0, 1): exact samples.
        const Eigen::MatrixXd l = t.covariance.llt().matrixL();
        Eigen::MatrixXd z(samples, V);
        for (Eigen::Index r = 0; r < z.rows(); ++r)
            for (Eigen::Index i = 0; i < V; ++i)
                z(r, i) = rng.normal();
        t.samples = z * l.transpose();
    }
    return t;
}

RbmTarget dataTarget(const Eigen::MatrixXd& samples, const std::string& description)
{
    if (samples.rows() < 2) throw ParameterError("data", "needs at least 2 samples");
    RbmTarget t;
    t.description = description;
    t.samples = samples.rowwise() - samples.colwise().mean();
    t.covariance = (t.samples.transpose() * t.samples) / double(samples.rows());
    fillSpectra(t);
    return t;
}

RbmTarget dataTarget(const std::string& npyPath, int maxVisible)
{
    const NpyArray a = readNpy(npyPath);
    if (a.shape.size() < 2)
        throw ParameterError("data", npyPath + ": expected an array of samples [count, d] or [count, L, L]");
    std::size_t d = 1;
    for (std::size_t k = 1; k < a.shape.size(); ++k)
        d *= a.shape[k];
    if (d < 2 || d > std::size_t(maxVisible))
        throw ParameterError("data", npyPath + ": " + std::to_string(d) + " values per sample (allowed: 2 to " +
                                         std::to_string(maxVisible) + ")");
    const auto n = Eigen::Index(a.shape[0]);
    Eigen::MatrixXd x(n, Eigen::Index(d));
    for (Eigen::Index r = 0; r < n; ++r)
        for (Eigen::Index c = 0; c < Eigen::Index(d); ++c)
            x(r, c) = a.values[std::size_t(r) * d + std::size_t(c)];
    return dataTarget(x, npyPath + " (" + std::to_string(n) + " samples × " + std::to_string(d) + ")");
}

} // namespace dlab::fieldtheory
