#pragma once
// Plain-language words for a duality run: the verdict sentence a page or the
// CLI shows, and the parsing of a "t0,t1" learn mask.

#include "engine/experiments/duality/DualityLearner.hpp"
#include "engine/io/CsvTable.hpp"

#include <array>
#include <string>

namespace dlab {

// "t0", "t0,t1", "t0,t1,t2", … → mask; throws ParameterError("learn", …).
std::array<bool, 3> parseLearnMask(const std::string& text);

// e.g. "found the KW dual: t0 = 0.812, expected β̃ = 0.811 (attention on slot 1)".
std::string verdictText(const DualityLearnerParams& p, const DualityResult& r);

// One CSV row per optimiser step: step, loss, loss_unbiased, t0, t1, t2,
// theta2, theta3, w0…w6, entropy, lr_t, lr_theta. Throws std::runtime_error
// if the file cannot be written.
// One row per optimiser step (loss, t, θ2, θ3, w, entropy, learning rates),
// with the run's β, κ, L, start and seed as `# key: value` lines.
CsvTable historyTable(const DualityLearnerParams& p, const DualityHistory& h);

} // namespace dlab
