#include "engine/experiments/duality/DataTargets.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/io/Npy.hpp"
#include "engine/measure/Statistics.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <cmath>
#include <tbb/parallel_for.h>

namespace dlab {

namespace {
// Stream ids of the data chains, far from the model chains' ids.
constexpr std::uint64_t kDataStreams = std::uint64_t(1) << 40;
} // namespace

void DataGeneration::validate() const
{
    original.validate();
    requireInRange("data_chains", chains, 2, 1 << 16);
    requireInRange("data_thermalize", thermalize, 0, 1'000'000);
    requireInRange("data_samples", samples, 1, 1'000'000);
    requireInRange("data_gap", gap, 1, 10'000);
}

FeatureTargets generateTargets(const DualityFeatures& features, const DataGeneration& g, Feedback* feedback)
{
    g.validate();
    const int A = features.shapes(), n = features.links();
    const bool ordered = g.original.t0 > exact::criticalBeta();
    DualityChainEnsemble chains(features.size(), g.chains, g.seed, kDataStreams, ordered);
    // Cluster updates beat critical slowing down near and above β_c; far in the
    // disordered phase its clusters are tiny and Metropolis is cheaper.
    const DualityUpdate update = g.original.nearestNeighbourOnly() && std::abs(g.original.t0) >= 0.3
                                     ? DualityUpdate::SwendsenWang
                                     : DualityUpdate::Metropolis;
    chains.setCouplings(g.original, update);
    // Thermalise in slices so cancellation is seen.
    for (int done = 0; done < g.thermalize; done += 50) {
        if (feedback && feedback->isCancelled()) break;
        chains.sweeps(std::min(50, g.thermalize - done));
    }
    std::vector<double> perChain(std::size_t(g.chains) * A, 0.0);
    const ObservableParams& id = g.observable;
    int taken = 0;
    for (int s = 0; s < g.samples; ++s) {
        if (feedback && feedback->isCancelled() && taken > 0) break;
        chains.sweeps(g.gap);
        tbb::parallel_for(tbb::blocked_range<int>(0, g.chains, 8), [&](const tbb::blocked_range<int>& r) {
            std::vector<std::int8_t> sigma(n);
            std::vector<double> f(n), psi(A);
            for (int c = r.begin(); c != r.end(); ++c) {
                features.linkValues(chains.spins(c), sigma.data());
                features.observable(sigma.data(), id, f.data());
                features.shapeAverages(f.data(), psi.data());
                for (int a = 0; a < A; ++a)
                    perChain[std::size_t(c) * A + a] += psi[a];
            }
        });
        ++taken;
    }
    FeatureTargets t;
    t.mean.assign(A, 0.0);
    t.error.assign(A, 0.0);
    for (int a = 0; a < A; ++a) {
        double sum = 0, sum2 = 0;
        for (int c = 0; c < g.chains; ++c) {
            const double v = perChain[std::size_t(c) * A + a] / std::max(taken, 1);
            sum += v;
            sum2 += v * v;
        }
        const double m = sum / g.chains;
        t.mean[a] = m;
        t.error[a] = std::sqrt(std::max(0.0, sum2 / g.chains - m * m) / (g.chains - 1));
    }
    t.samples = (long long)taken * g.chains;
    t.example.assign(chains.spins(0), chains.spins(0) + chains.sites());
    t.source = "mcmc";
    return t;
}

FeatureTargets targetsFromConfigurations(const DualityFeatures& features,
                                         const std::vector<std::vector<std::int8_t>>& configs)
{
    const int A = features.shapes(), n = features.links(), N = features.size() * features.size();
    if (configs.empty()) throw ParameterError("data", "no configurations");
    std::vector<std::vector<double>> series(A, std::vector<double>(configs.size()));
    std::vector<std::int8_t> sigma(n);
    std::vector<double> f(n), psi(A);
    const ObservableParams id = ObservableParams::identity();
    for (std::size_t k = 0; k < configs.size(); ++k) {
        if (int(configs[k].size()) != N)
            throw ParameterError("data", "configuration " + std::to_string(k) + " has the wrong number of spins");
        features.linkValues(configs[k].data(), sigma.data());
        features.observable(sigma.data(), id, f.data());
        features.shapeAverages(f.data(), psi.data());
        for (int a = 0; a < A; ++a)
            series[a][k] = psi[a];
    }
    FeatureTargets t;
    t.mean.resize(A);
    t.error.resize(A);
    for (int a = 0; a < A; ++a) {
        if (configs.size() >= 64) {
            // Samples of a Markov chain are correlated: binning accounts for that.
            const Estimate e = binningEstimate(series[a]);
            t.mean[a] = e.mean;
            t.error[a] = e.error;
        } else {
            double s = 0, s2 = 0;
            for (double v : series[a]) {
                s += v;
                s2 += v * v;
            }
            const double m = s / configs.size();
            t.mean[a] = m;
            t.error[a] =
                configs.size() > 1 ? std::sqrt(std::max(0.0, s2 / configs.size() - m * m) / (configs.size() - 1)) : 0.0;
        }
    }
    t.samples = (long long)configs.size();
    t.example = configs.front();
    return t;
}

FeatureTargets loadTargets(const DualityFeatures& features, const std::string& path)
{
    std::vector<SpinConfiguration> configs;
    try {
        configs = readConfigurations(path);
    } catch (const std::exception& e) {
        throw ParameterError("data", std::string(e.what()));
    }
    if (configs.empty()) throw ParameterError("data", "file '" + path + "' holds no configurations");
    if (configs.front().size() != features.size())
        throw ParameterError("data", "file '" + path + "' holds " + std::to_string(configs.front().size()) + "×" +
                                         std::to_string(configs.front().size()) + " configurations, but L = " +
                                         std::to_string(features.size()) + " (allowed: L equal to the file's size)");
    std::vector<std::vector<std::int8_t>> raw;
    raw.reserve(configs.size());
    for (const auto& c : configs)
        raw.push_back(c.spins());
    FeatureTargets t = targetsFromConfigurations(features, raw);
    t.source = path;
    return t;
}

} // namespace dlab
