#pragma once
// Step-size adaptation during thermalisation (then frozen, so the measured
// chain is a fixed, exact Markov chain): a Robbins–Monro walk on log ε,
//   log ε ← log ε + γ_t (a_t − a*),  γ_t = γ₀ / (1 + t/t₀)^0.6,
// where a_t = min(1, e^{−ΔH}) is the acceptance probability of update t
// (smoother than the 0/1 outcome) and a* the target. Larger ε lowers the
// acceptance, so the walk settles where ⟨a⟩ = a*.

#include <algorithm>
#include <cmath>

namespace dlab::fields {

class StepSizeTuner {
public:
    StepSizeTuner(double initialStepSize, double targetAcceptance, double minStep = 1e-6, double maxStep = 10.0)
        : m_logEps(std::log(initialStepSize)), m_target(targetAcceptance), m_lo(std::log(minStep)),
          m_hi(std::log(maxStep))
    {}

    void record(double acceptProbability)
    {
        if (m_frozen) return;
        const double gain = 0.5 / std::pow(1.0 + double(m_t) / 20.0, 0.6);
        m_logEps = std::clamp(m_logEps + gain * (acceptProbability - m_target), m_lo, m_hi);
        ++m_t;
    }
    void freeze() { m_frozen = true; }
    void unfreeze() { m_frozen = false, m_t = 0; }
    bool frozen() const { return m_frozen; }
    double stepSize() const { return std::exp(m_logEps); }
    double target() const { return m_target; }

private:
    double m_logEps, m_target, m_lo, m_hi;
    long long m_t = 0;
    bool m_frozen = false;
};

} // namespace dlab::fields
