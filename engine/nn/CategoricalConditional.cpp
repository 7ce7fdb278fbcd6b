#include "CategoricalConditional.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>

namespace dlab::nn {
namespace {

double logSumExp(const Eigen::Ref<const Eigen::MatrixXd>& out, Eigen::Index r)
{
    const double m = out.row(r).maxCoeff();
    return m + std::log((out.row(r).array() - m).exp().sum());
}

} // namespace

CategoricalConditional::CategoricalConditional(std::vector<double> levels) : m_levels(std::move(levels))
{
    if (m_levels.size() < 2) throw ParameterError("levels", "a categorical variable needs at least two values");
    const int K = int(m_levels.size());
    m_negated.resize(m_levels.size());
    for (int k = 0; k < K; ++k) {
        m_negated[std::size_t(k)] = k;
        for (int j = 0; j < K; ++j)
            if (m_levels[std::size_t(j)] == -m_levels[std::size_t(k)]) m_negated[std::size_t(k)] = j;
    }
}

double CategoricalConditional::flipped(double value) const { return m_negated[std::size_t(value)]; }

void CategoricalConditional::encode(const ConstValues& values, Block features) const
{
    for (Eigen::Index r = 0; r < values.size(); ++r)
        features(r, 0) = m_levels[std::size_t(values[r])];
}

void CategoricalConditional::logProb(const ConstBlock& out, const ConstValues& values, Values logp) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        logp[r] = out(r, Eigen::Index(values[r])) - logSumExp(out, r);
}

void CategoricalConditional::logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp,
                                             Block grad) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double lse = logSumExp(out, r);
        const auto k = Eigen::Index(values[r]);
        logp[r] = out(r, k) - lse;
        // d ln softmax_k / d o_j = δ_jk − softmax_j
        grad.row(r) = -(out.row(r).array() - lse).exp().matrix();
        grad(r, k) += 1.0;
    }
}

void CategoricalConditional::sample(const ConstBlock& out, RngStream& rng, Values values) const
{
    const Eigen::Index K = out.cols();
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double lse = logSumExp(out, r);
        double u = rng.uniform(), cumulative = 0;
        Eigen::Index k = 0;
        for (; k < K - 1; ++k) {
            cumulative += std::exp(out(r, k) - lse);
            if (u < cumulative) break;
        }
        values[r] = double(k);
    }
}

} // namespace dlab::nn
