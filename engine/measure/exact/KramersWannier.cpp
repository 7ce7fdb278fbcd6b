#include "engine/measure/exact/KramersWannier.hpp"

#include <cmath>

namespace dlab::exact {

double criticalBeta() { return 0.5 * std::log1p(std::sqrt(2.0)); }

double kramersWannierDual(double beta) { return -0.5 * std::log(std::tanh(beta)); }

} // namespace dlab::exact
