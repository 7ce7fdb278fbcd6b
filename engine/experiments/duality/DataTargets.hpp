#pragma once
// The data side of the duality loss: ⟨ψ^a(σ)⟩_data for every feature, with
// errors, from MCMC configurations of the original model at (β, κ) or from a
// user's .npy file of configurations.

#include "engine/experiments/duality/DualityFeatures.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace dlab {

class Feedback;

struct FeatureTargets {
    std::vector<double> mean;         // ⟨ψ^a(σ)⟩_data
    std::vector<double> error;        // standard error of the mean
    long long samples = 0;            // configurations used
    std::vector<std::int8_t> example; // one data configuration (L² spins) to show
    std::string source;               // "mcmc" or the file path
};

struct DataGeneration {
    IsingCouplings original{0.2, 0.0, 0.0}; // (β, κ, 0)
    int chains = 256;
    int thermalize = 500; // sweeps before the first sample
    int samples = 64;     // per chain
    int gap = 2;          // sweeps between samples
    std::uint64_t seed = 1;
    // What is measured on the links: the identity (data) or, for the duality
    // check, the dual observable e^{−2β̃σ*} on the dual links.
    ObservableParams observable = ObservableParams::identity();
    void validate() const;
};

// Simulates the original model (Swendsen–Wang when κ = 0 and β ≥ 0.3, else Metropolis; cold
// start in the ordered phase) and averages the features. Errors from the
// spread of the independent chains' means. Stops early (keeping what it has)
// if `feedback` is cancelled.
FeatureTargets generateTargets(const DualityFeatures& features, const DataGeneration& g, Feedback* feedback = nullptr);

// Reads int8/float/bool configurations [n, L, L] of ±1 (any L matching the
// features' lattice); throws ParameterError("data", …) on a bad file or size.
FeatureTargets loadTargets(const DualityFeatures& features, const std::string& path);

// Targets from explicit configurations (every one of the features' size).
FeatureTargets targetsFromConfigurations(const DualityFeatures& features,
                                         const std::vector<std::vector<std::int8_t>>& configs);

} // namespace dlab
