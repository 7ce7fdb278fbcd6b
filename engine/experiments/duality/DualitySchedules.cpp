#include "engine/experiments/duality/DualitySchedules.hpp"

#include <algorithm>
#include <cmath>

namespace dlab {

AttentionDecision decideAttention(const SlotVector& w, double minWeight)
{
    AttentionDecision d;
    d.slot = argmax(w);
    d.weight = w[std::size_t(d.slot)];
    d.decided = d.weight >= minWeight;
    return d;
}

PlateauSchedule::PlateauSchedule(int patience, double minDrift, int maxDecays)
    : m_patience(std::max(1, patience)), m_minDrift(minDrift), m_maxDecays(maxDecays)
{}

ScheduleAction PlateauSchedule::onStep(const std::vector<double>& learned, bool decided)
{
    ++m_stepsSinceWindow;
    if (!decided) {
        m_sum.clear();
        m_previous.clear();
        m_count = 0;
        return ScheduleAction::GoOn;
    }
    if (m_sum.size() != learned.size()) m_sum.assign(learned.size(), 0.0);
    for (std::size_t i = 0; i < learned.size(); ++i)
        m_sum[i] += learned[i];
    if (++m_count < m_patience) return ScheduleAction::GoOn;

    for (auto& v : m_sum)
        v /= m_count;
    ScheduleAction action = ScheduleAction::GoOn;
    if (m_previous.size() == m_sum.size()) {
        double drift = 0, scale = 0;
        for (std::size_t i = 0; i < m_sum.size(); ++i) {
            drift = std::max(drift, std::abs(m_sum[i] - m_previous[i]));
            scale = std::max(scale, std::abs(m_sum[i]));
        }
        // Relative to the largest parameter: parameters that sit at ≈ 0 must not block.
        if (drift < m_minDrift * std::max(scale, 1e-3)) {
            if (m_decays >= m_maxDecays)
                action = ScheduleAction::Stop;
            else {
                ++m_decays;
                action = ScheduleAction::DecayRates;
            }
        }
    }
    m_previous = m_sum;
    m_sum.assign(m_sum.size(), 0.0);
    m_stepsSinceWindow = m_count;
    m_count = 0;
    ++m_completedWindows;
    return action;
}

PenaltySchedule::PenaltySchedule(double initial, double maximum, int patience)
    : m_lambda(initial), m_max(std::max(maximum, initial)), m_patience(std::max(1, patience))
{}

ScheduleAction PenaltySchedule::onStep(bool onIdentity)
{
    if (m_lambda <= 0 || !onIdentity) {
        m_steps = 0;
        return ScheduleAction::GoOn;
    }
    if (++m_steps >= m_patience) {
        m_lambda = std::min(2 * m_lambda, m_max);
        m_steps = 0;
    }
    return ScheduleAction::GoOn;
}

FitWindow fitWindow(const std::vector<double>& loss, const std::vector<double>& lossUnbiased, long long from,
                    long long to)
{
    FitWindow f;
    from = std::max<long long>(0, from);
    to = std::min<long long>(to, (long long)std::min(loss.size(), lossUnbiased.size()));
    if (to <= from) return f;
    const long long n = to - from;
    for (long long s = from; s < to; ++s) {
        f.misfit += lossUnbiased[std::size_t(s)];
        f.noise += loss[std::size_t(s)] - lossUnbiased[std::size_t(s)];
    }
    f.misfit /= double(n);
    f.noise /= double(n);
    const long long blocks = std::min<long long>(FitWindow::kFitBlocks, n);
    if (blocks < 2) return f;
    double sumSquares = 0;
    for (long long b = 0; b < blocks; ++b) {
        const long long begin = from + b * n / blocks, end = from + (b + 1) * n / blocks;
        double mean = 0;
        for (long long s = begin; s < end; ++s)
            mean += lossUnbiased[std::size_t(s)];
        mean /= double(end - begin);
        sumSquares += (mean - f.misfit) * (mean - f.misfit);
    }
    f.misfitError = std::sqrt(sumSquares / double(blocks - 1) / double(blocks));
    return f;
}

MisfitPlateaus::MisfitPlateaus(double tolerance, double minFall) : m_tolerance(tolerance), m_minFall(minFall) {}

FitVerdict MisfitPlateaus::onPlateau(const FitWindow& window)
{
    if (window.fits(m_tolerance)) return FitVerdict::Fits;
    const bool falling = m_lastFailure < 0 || window.misfit <= (1.0 - m_minFall) * m_lastFailure;
    m_lastFailure = window.misfit;
    return falling ? FitVerdict::DecayRates : FitVerdict::Restart;
}

StallWatch::StallWatch(int window, double minFall, double minMisfitFall, double fitTolerance, int grace)
    : m_window(std::max(1, window)), m_grace(std::max(0, grace)), m_minFall(minFall), m_minMisfitFall(minMisfitFall),
      m_tolerance(fitTolerance)
{}

bool StallWatch::onStep(double entropy, bool decided, double loss, double lossUnbiased, double signal,
                        double signalFraction)
{
    if (m_grace > 0) {
        --m_grace;
        return false;
    }
    if (decided != m_decided) {
        m_decided = decided;
        m_entropySum = 0;
        m_loss.clear();
        m_unbiased.clear();
        m_previousEntropy = m_previousMisfit = -1;
    }
    m_entropySum += entropy;
    m_loss.push_back(loss);
    m_unbiased.push_back(lossUnbiased);
    if (int(m_loss.size()) < m_window) return false;
    const double meanEntropy = m_entropySum / double(m_loss.size());
    FitWindow f = fitWindow(m_loss, m_unbiased, 0, (long long)m_loss.size());
    f.signal = signal;
    f.signalFraction = signalFraction;
    m_entropySum = 0;
    m_loss.clear();
    m_unbiased.clear();
    bool stalled = false;
    if (!decided) {
        stalled = m_previousEntropy >= 0 && meanEntropy > m_previousEntropy - m_minFall;
        m_previousEntropy = meanEntropy;
    } else {
        stalled = m_tolerance > 0 && m_previousMisfit >= 0 && !f.fits(m_tolerance) &&
                  f.misfit > (1.0 - m_minMisfitFall) * m_previousMisfit;
        m_previousMisfit = f.misfit;
    }
    return stalled;
}

} // namespace dlab
