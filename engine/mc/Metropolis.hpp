#pragma once
// Single-spin Metropolis updates for the generalised Ising model.

#include "engine/models/SpinConfiguration.hpp"

namespace dlab {

class RngStream;

// One sweep in typewriter order with generic couplings: the reference
// implementation every faster kernel is checked against. Returns accepted flips.
long long metropolisSweepSequential(SpinConfiguration& s, const IsingCouplings& t, RngStream& rng);

} // namespace dlab
