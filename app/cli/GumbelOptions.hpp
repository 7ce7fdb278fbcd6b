#pragma once
// Gumbel noise on the duality learner's attention, shared by learn-duality and
// sweep-duality: --gumbel off|shared|per-link, --tau T (alone it means shared,
// as before --gumbel existed), --tau-final T, --tau-anneal N.

#include "Arguments.hpp"

#include "engine/experiments/duality/DualityLearner.hpp"

namespace dlab::cli {

inline const char* kGumbelOptionsHelp = "[--gumbel off|shared|per-link] [--tau T --tau-final T --tau-anneal N]";

// Sets p.gumbel, p.tau, p.tauFinal, p.tauAnnealSteps; throws ParameterError
// naming the option. `defaultTau` is the command's τ when --tau is absent.
void readGumbelOptions(const Arguments& a, DualityLearnerParams& p, double defaultTau);

} // namespace dlab::cli
