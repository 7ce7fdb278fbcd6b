#include "SpinConditional.hpp"

#include <cmath>

namespace dlab::nn {
namespace {

// ln σ(z) = −ln(1 + e^{−z}), without overflow for either sign of z.
double logSigmoid(double z) { return z >= 0 ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z)); }

} // namespace

void SpinConditional::encode(const ConstValues& values, Block features) const { features.col(0) = values; }

void SpinConditional::logProb(const ConstBlock& out, const ConstValues& values, Values logp) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r)
        logp[r] = logSigmoid(values[r] * out(r, 0));
}

void SpinConditional::logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double z = values[r] * out(r, 0);
        logp[r] = logSigmoid(z);
        // d ln σ(s o)/do = s σ(−s o)
        grad(r, 0) = values[r] * std::exp(logSigmoid(-z));
    }
}

void SpinConditional::sample(const ConstBlock& out, RngStream& rng, Values values) const
{
    for (Eigen::Index r = 0; r < out.rows(); ++r) {
        const double up = std::exp(logSigmoid(out(r, 0)));
        values[r] = rng.uniform() < up ? 1.0 : -1.0;
    }
}

} // namespace dlab::nn
