#include "engine/experiments/scan/BetaScan.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/io/CsvTable.hpp"
#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/measure/exact/Onsager.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

namespace dlab {
namespace {

// Sweeps per slice: about 2¹⁷ spin updates, a few milliseconds, so a step
// stays short for the GUI's pause and cancel at any L.
int sweepsPerSlice(int L, int chains) { return std::clamp(int((1 << 17) / (double(L) * L * chains)), 1, 1000); }

// Each L has its own streams, keyed by L rather than by its position in the
// list: adding a size to a scan does not change the others' numbers.
std::uint64_t seedForSize(std::uint64_t seed, int L) { return seed ^ (std::uint64_t(L) * 0x9E3779B97F4A7C15ull); }

} // namespace

void BetaScanParams::validate() const
{
    if (sizes.empty()) throw ParameterError("L", "at least one size (allowed: 4 to " + std::to_string(kMaxL) + ")");
    if (sizes.size() > std::size_t(kMaxSizes))
        throw ParameterError("L", "at most " + std::to_string(kMaxSizes) + " sizes at once");
    for (int L : sizes)
        requireInRange("L", L, 4, kMaxL);
    if (std::set<int>(sizes.begin(), sizes.end()).size() != sizes.size()) throw ParameterError("L", "each size once");
    if (betas.empty()) throw ParameterError("betas", "at least one β");
    if (betas.size() > kMaxBetas) throw ParameterError("betas", "at most " + std::to_string(kMaxBetas) + " values");
    for (double b : betas)
        requireInRange("betas", b, kMinBeta, kMaxBeta);
    for (std::size_t i = 1; i < betas.size(); ++i)
        if (betas[i] == betas[i - 1])
            throw ParameterError("betas", "neighbouring values must differ (each point restarts its statistics)");
    requireInRange("sweeps", sweeps, kMinSweeps, kMaxSweeps);
    requireInRange("thermalize", thermalize, 0, MonteCarloParams::kMaxThermalize);
    requireInRange("chains", chains, 1, 64);
}

BetaScanCurves betaScanCurves(const std::vector<int>& sizes, double betaMin, double betaMax, int points)
{
    BetaScanCurves c;
    betaMin = std::max(betaMin, BetaScanParams::kMinBeta);
    betaMax = std::max(betaMax, betaMin);
    c.energy.resize(sizes.size());
    c.specificHeat.resize(sizes.size());
    for (int i = 0; i < points; ++i) {
        const double b = points > 1 ? betaMin + (betaMax - betaMin) * i / (points - 1) : betaMin;
        c.beta.push_back(b);
        for (std::size_t k = 0; k < sizes.size(); ++k) {
            const auto t = exact::kaufmanTorus(sizes[k], b);
            c.energy[k].push_back(t.energyPerSite);
            c.specificHeat[k].push_back(t.specificHeat);
        }
        c.onsagerEnergy.push_back(exact::onsagerEnergyPerSite(b));
        // C diverges logarithmically at β_c: leave the grid point nearest it out.
        c.onsagerSpecificHeat.push_back(std::abs(b - exact::criticalBeta()) > 1e-4 ? exact::onsagerSpecificHeat(b)
                                                                                   : std::nan(""));
        c.onsagerMagnetization.push_back(exact::onsagerMagnetization(b));
    }
    return c;
}

BetaScanExperiment::BetaScanExperiment(const BetaScanParams& p) : m_p(p)
{
    m_p.validate();
    for (int L : m_p.sizes) {
        MonteCarloParams mp;
        mp.L = L;
        mp.beta = m_p.betas.front();
        mp.algo = m_p.algo;
        mp.chains = m_p.chains;
        mp.thermalize = m_p.thermalize;
        mp.sweepsPerStep = sweepsPerSlice(L, m_p.chains);
        mp.start = McStart::Hot;
        mp.seed = seedForSize(m_p.seed, L);
        m_chains.push_back(std::make_unique<MonteCarloExperiment>(mp));
    }
    const auto [lo, hi] = std::minmax_element(m_p.betas.begin(), m_p.betas.end());
    const double margin = 0.05 * (*hi - *lo);
    m_curves = std::make_shared<const BetaScanCurves>(betaScanCurves(m_p.sizes, *lo - margin, *hi + margin));
}

MonteCarloExperiment& BetaScanExperiment::current() { return *m_chains[m_point % m_p.sizes.size()]; }

void BetaScanExperiment::beginPoint()
{
    MonteCarloParams mp = current().params();
    mp.beta = m_p.betas[m_point / m_p.sizes.size()];
    mp.sweepsPerStep = sweepsPerSlice(mp.L, mp.chains);
    // A new β restarts the statistics and the thermalisation count; the
    // chains carry on from the previous β's configurations.
    current().setParams(mp);
    m_pointStarted = true;
}

void BetaScanExperiment::step(Feedback& feedback)
{
    // Slices of one point until ≈ 25 ms have passed or the point is done. The
    // chains record every sweep whatever the slicing, so the numbers do not
    // depend on how the work was cut (or on the machine's speed).
    const auto start = std::chrono::steady_clock::now();
    while (!finished() && !feedback.isCancelled()) {
        if (!m_pointStarted) beginPoint();
        MonteCarloExperiment& mc = current();
        const long long target = (long long)m_p.thermalize + m_p.sweeps;
        const long long before = mc.sweepsSinceChange();
        // The last slice of a point stops exactly at its sweep count.
        const int slice = sweepsPerSlice(mc.params().L, m_p.chains);
        if (target - before < slice || mc.params().sweepsPerStep != slice) {
            MonteCarloParams mp = mc.params();
            mp.sweepsPerStep = int(std::min<long long>(slice, target - before));
            mc.setParams(mp);
        }
        const auto sliceStart = std::chrono::steady_clock::now();
        mc.step(feedback);
        const auto now = std::chrono::steady_clock::now();
        m_seconds += std::chrono::duration<double>(now - sliceStart).count();
        const double L = mc.params().L;
        m_workDone += double(mc.sweepsSinceChange() - before) * L * L * m_p.chains;
        if (mc.sweepsSinceChange() >= target) {
            BetaScanRow row;
            row.L = mc.params().L;
            row.beta = mc.params().beta;
            row.estimates = mc.estimates();
            row.exact = MonteCarloExperiment::exactReference(row.L, mc.params().couplings());
            m_rows.push_back(row);
            ++m_point;
            m_pointStarted = false;
            break; // one point per step at most: a live plot sees each point arrive
        }
        if (now - start > std::chrono::milliseconds(25)) break;
    }
    ++m_steps;
}

std::shared_ptr<const ExperimentSnapshot> BetaScanExperiment::snapshot() const
{
    auto s = std::make_shared<BetaScanSnapshot>();
    s->step = m_steps;
    s->params = m_p;
    s->rows = m_rows;
    s->points = m_p.points();
    s->finished = finished();
    s->curves = m_curves;
    const long long target = (long long)m_p.thermalize + m_p.sweeps;
    double workLeft = 0;
    for (std::size_t k = m_point; k < m_p.points(); ++k) {
        const double L = m_p.sizes[k % m_p.sizes.size()];
        workLeft += double(target) * L * L * m_p.chains;
    }
    if (!finished()) {
        const auto& mc = *m_chains[m_point % m_p.sizes.size()];
        s->currentL = mc.params().L;
        s->currentBeta = m_p.betas[m_point / m_p.sizes.size()];
        const long long done = m_pointStarted ? mc.sweepsSinceChange() : 0;
        s->pointFraction = double(done) / double(target);
        workLeft -= double(done) * double(s->currentL) * s->currentL * m_p.chains;
    }
    if (m_seconds > 0 && m_workDone > 0) {
        const double updatesPerSecond = m_workDone / m_seconds;
        s->secondsLeft = workLeft / updatesPerSecond;
        s->siteUpdatesPerSecond = updatesPerSecond;
    }
    return s;
}

CsvTable betaScanTable(const BetaScanParams& p, const std::vector<BetaScanRow>& rows)
{
    CsvTable t({"L", "beta", "energy_per_site", "energy_per_site_err", "specific_heat", "specific_heat_err", "abs_m",
                "abs_m_err", "susceptibility", "susceptibility_err", "binder", "binder_err", "tau_int_energy",
                "exact_energy_per_site", "exact_specific_heat"});
    t.addHeader("model", "2D Ising, nearest neighbour, periodic L x L torus");
    t.addHeader("algorithm", toString(p.algo));
    t.addHeader("sweeps per point", p.sweeps);
    t.addHeader("thermalize", p.thermalize);
    t.addHeader("chains", p.chains);
    t.addHeader("seed", double(p.seed));
    t.addHeader("exact", "Kaufman, finite torus");
    for (const auto& r : rows) {
        const auto& e = r.estimates;
        t.addRow({double(r.L), r.beta, e.energyPerSite.mean, e.energyPerSite.error, e.specificHeat.mean,
                  e.specificHeat.error, e.absMagnetization.mean, e.absMagnetization.error, e.susceptibility.mean,
                  e.susceptibility.error, e.binder.mean, e.binder.error, e.tauIntEnergy, r.exact.energyPerSite,
                  r.exact.specificHeat});
    }
    return t;
}

} // namespace dlab
