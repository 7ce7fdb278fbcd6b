#include "engine/experiments/duality/Attention.hpp"

#include "engine/core/Rng.hpp"

#include <algorithm>
#include <cmath>

namespace dlab {

SlotVector attentionWeights(const SlotVector& theta1, const SlotVector& gumbel, double tau)
{
    SlotVector z;
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        z[k] = (theta1[k] + gumbel[k]) / tau;
    const double zmax = *std::max_element(z.begin(), z.end());
    double sum = 0;
    for (auto& v : z)
        sum += (v = std::exp(v - zmax));
    for (auto& v : z)
        v /= sum;
    return z;
}

SlotVector gumbelNoise(RngStream& rng)
{
    SlotVector g;
    for (auto& v : g)
        v = -std::log(-std::log(1e-12 + rng.uniform() * (1.0 - 2e-12))); // u strictly inside (0, 1)
    return g;
}

double attentionEntropy(const SlotVector& w)
{
    double h = 0;
    for (double v : w)
        if (v > 0) h -= v * std::log(v);
    return h;
}

SlotVector softmaxBackward(const SlotVector& w, const SlotVector& dLdw, double tau)
{
    double dot = 0;
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        dot += w[k] * dLdw[k];
    SlotVector g;
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        g[k] = w[k] * (dLdw[k] - dot) / tau;
    return g;
}

int argmax(const SlotVector& w) { return int(std::max_element(w.begin(), w.end()) - w.begin()); }

} // namespace dlab
