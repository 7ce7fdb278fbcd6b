#include "TemperatureSampler.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/core/Rng.hpp"
#include "engine/measure/Statistics.hpp"

#include <algorithm>
#include <cmath>

namespace dlab::dualframes {

namespace {
int linkSum(const SpinConfiguration& s) { return int(couplingSums(s)[0]); }
} // namespace

TemperatureSampler::TemperatureSampler(int L, double beta, const SamplerPlan& plan, std::uint64_t seed,
                                       std::uint64_t stream)
    : m_L(L), m_beta(beta), m_plan(plan), m_flips(seed, stream ^ 0xf11b0000u)
{
    requireInRange("chains", plan.chains, 1, 4096);
    requireInRange("thermalization", plan.thermalization, 0, 10'000'000);
    requireInRange("pilot", plan.pilot, 20, 10'000'000);
    // Each sampler's chains get streams of their own (ChainEnsemble numbers
    // its chains 0, 1, … under the seed it is given).
    const std::uint64_t ensembleSeed = RngStream(seed, stream).nextU64();
    // Cold start: a hot start quenched into the ordered phase can freeze
    // into long-lived stripes; cluster updates leave the ordered state at once
    // when the temperature is high.
    m_chains = std::make_unique<ChainEnsemble>(L, IsingCouplings::standard(beta), plan.algorithm, plan.chains,
                                               ensembleSeed, ChainEnsemble::Start::Cold);
    m_energies.resize(std::size_t(plan.chains));
    if (plan.thermalization == 0) m_phase = Phase::Pilot;
}

void TemperatureSampler::sweep(bool record)
{
    m_chains->sweepAll(1);
    ++m_sweeps;
    if (!record) return;
    for (int c = 0; c < m_chains->size(); ++c)
        m_energies[std::size_t(c)].push_back(-linkSum(m_chains->chain(c).configuration()));
}

bool TemperatureSampler::advance(const Feedback& feedback, Clock::time_point deadline)
{
    while (m_phase != Phase::Done && !feedback.isCancelled()) {
        switch (m_phase) {
        case Phase::Thermalizing:
            sweep(false);
            if (m_sweeps >= m_plan.thermalization) {
                m_phase = Phase::Pilot;
                m_sweeps = 0;
            }
            break;
        case Phase::Pilot:
            sweep(true);
            if (m_sweeps >= m_plan.pilot) {
                double tau = 0;
                for (const auto& e : m_energies)
                    tau += integratedAutocorrelationTime(std::vector<double>(e.begin(), e.end()));
                m_pilotTau = tau / double(m_energies.size());
                m_spacing = std::max(1, int(std::ceil(2 * m_pilotTau)));
                for (auto& e : m_energies)
                    e.clear();
                m_phase = Phase::Production;
                m_sweeps = 0;
            }
            break;
        case Phase::Production: {
            sweep(true);
            if (m_sweeps % m_spacing == 0 && configurationCount() < m_plan.configurations)
                for (int c = 0; c < m_chains->size() && configurationCount() < m_plan.configurations; ++c) {
                    // Kept with a random global sign. H(−s) = H(s), so this is
                    // still a Boltzmann sample; without it the sign aliases:
                    // in the ordered phase a Wolff sweep flips the majority
                    // cluster about once, so samples every 2 sweeps kept each
                    // chain's sign and the test set's sign balance was that
                    // of 8 coins, not of 300 samples (a classifier not exactly
                    // flip-invariant then scored 0.785 where E allows 0.70).
                    const auto& s = m_chains->chain(c).configuration().spins();
                    const std::int8_t sign = m_flips.below(2) ? -1 : 1;
                    for (std::int8_t v : s)
                        m_configs.push_back(std::int8_t(sign * v));
                }
            const long long recorded = m_sweeps * m_chains->size();
            if (configurationCount() >= m_plan.configurations && recorded >= m_plan.energies) m_phase = Phase::Done;
            break;
        }
        case Phase::Done:
            break;
        }
        if (Clock::now() >= deadline) break;
    }
    return m_phase == Phase::Done;
}

double TemperatureSampler::fractionDone() const
{
    const double therm = m_plan.thermalization, pilot = m_plan.pilot;
    const double production =
        std::max(double(m_plan.energies) / m_chains->size(),
                 std::ceil(double(m_plan.configurations) / m_chains->size()) * std::max(1, m_spacing));
    const double total = therm + pilot + production;
    switch (m_phase) {
    case Phase::Thermalizing:
        return m_sweeps / total;
    case Phase::Pilot:
        return (therm + m_sweeps) / total;
    case Phase::Production:
        return std::min(1.0, (therm + pilot + m_sweeps) / total);
    case Phase::Done:
        return 1.0;
    }
    return 0;
}

double TemperatureSampler::productionTau() const
{
    double tau = 0;
    for (const auto& e : m_energies)
        tau += integratedAutocorrelationTime(std::vector<double>(e.begin(), e.end()));
    return tau / double(m_energies.size());
}

std::vector<int> TemperatureSampler::allEnergies() const
{
    std::vector<int> all;
    for (const auto& e : m_energies)
        all.insert(all.end(), e.begin(), e.end());
    return all;
}

} // namespace dlab::dualframes
