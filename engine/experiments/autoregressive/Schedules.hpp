#pragma once
// Training schedules as small objects, each tested alone, so an
// experiment's step() only asks them (ensmallen-style callbacks):
//  - BetaAnnealing: β_t = β (1 − a^t), the reference VAN schedule (a = 0.998):
//    the variational problem is easy at small β, and following the target
//    up avoids the mode collapse a cold start suffers;
//  - EarlyStopping: stop when the held-out loss has not improved by more
//    than `minDelta` for `patience` evaluations (learned from held-out data
//    only; exact results never steer a learner).

#include <limits>

namespace dlab::autoregressive {

struct BetaAnnealing {
    double target = 1.0;
    double factor = 0.998;                   // a ∈ [0, 1); 0 switches annealing off
    double operator()(long long step) const; // step ≥ 1
};

class EarlyStopping {
public:
    EarlyStopping(int patience, double minDelta) : m_patience(patience), m_minDelta(minDelta) {}
    // Feeds one held-out loss; true once training should stop.
    bool update(double loss);
    double best() const { return m_best; }
    int evaluationsSinceBest() const { return m_since; }

private:
    int m_patience;
    double m_minDelta;
    double m_best = std::numeric_limits<double>::infinity();
    int m_since = 0;
};

} // namespace dlab::autoregressive
