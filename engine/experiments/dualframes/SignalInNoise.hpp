#pragma once
// The data of experiment C3 (docs/experiments/dualframes.md): N samples of
//   signal:  x_t = A sin(2π k t / N + φ) + ε_t,   φ uniform in [0, 2π)
//   noise:   x_t = ε_t,                           ε_t ~ N(0, σ²) i.i.d.
// and the matched power detector, which knows k: it classifies by the power
//   q = 2 |Σ_t x_t e^{−2πi k t/N}|² / (N σ²)
// of the one Fourier mode. For 0 < k < N/2, q is χ²₂ for noise and
// non-central χ²₂(λ), λ = A² N / (2σ²), for signals; the likelihood ratio is
// increasing in q, so a threshold on q is the best test there is. Its exact
// accuracy is the reference every learned classifier is drawn against.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace dlab::dualframes {

struct SignalSpec {
    int length = 128;   // N
    int frequency = 16; // k, cycles per window, 0 < k < N/2
    double amplitude = 0.3;
    double noise = 1.0; // σ
};

struct SignalSet {
    Eigen::MatrixXd x;       // one signal per row
    std::vector<int> labels; // 1 = sine present, 0 = noise only
};

// `count` rows alternating noise, signal, noise, … ; row r draws from the
// child stream r of RngStream(seed, stream), so any row can be regenerated alone.
SignalSet makeSignals(const SignalSpec& spec, int count, std::uint64_t seed, std::uint64_t stream);

// |Σ_t x_t e^{−2πi f t/N}|² of every row at frequency f.
Eigen::VectorXd modePower(const Eigen::MatrixXd& x, int frequency);

// |DFT|² of a vector at f = 0 … N/2.
Eigen::VectorXd powerSpectrum(const Eigen::VectorXd& w);

// The exact accuracy (equal priors) of the best test, the threshold on q at
// the crossing of the two densities, and that threshold.
struct MatchedDetector {
    double accuracy = 0;
    double threshold = 0; // on q
};
MatchedDetector matchedDetectorExact(const SignalSpec& spec);

// The threshold on a score (larger ⇒ class 1) that maximises the accuracy
// on a labelled set; with ties broken towards the midpoint between scores.
double bestThreshold(const Eigen::VectorXd& score, const std::vector<int>& labels);
double thresholdAccuracy(const Eigen::VectorXd& score, const std::vector<int>& labels, double threshold);

} // namespace dlab::dualframes
