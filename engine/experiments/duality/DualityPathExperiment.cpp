#include "engine/experiments/duality/DualityPathExperiment.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"

#include <chrono>
#include <cmath>

namespace dlab {

std::vector<double> continuationBetas(double from, double to, double step)
{
    requireInRange("path_step", step, 1e-3, 1.0);
    requireInRange("path_to", to, 1e-3, 5.0);
    const double span = to - from;
    // The last step may be shorter: the path always ends at `to`.
    const int steps = int(std::ceil(std::abs(span) / step - 1e-9));
    if (steps + 1 > 400)
        throw ParameterError("path_step", "the path would have more than 400 stages; take a larger step");
    std::vector<double> betas;
    for (int i = 0; i < steps; ++i)
        betas.push_back(from + std::copysign(step * i, span));
    betas.push_back(to);
    return betas;
}

DualityPathExperiment::DualityPathExperiment(DualityPathParams p) : m_p(std::move(p)) { m_p.validate(); }

DualityPathExperiment::~DualityPathExperiment() = default;

void DualityPathExperiment::step(Feedback& feedback)
{
    ++m_steps;
    if (finished() || feedback.isCancelled()) return;
    const auto start = std::chrono::steady_clock::now();
    if (!m_learner) {
        const std::size_t index = m_stages.size();
        m_learner = std::make_unique<DualityLearner>(
            stageParams(m_p, index, m_stages.empty() ? nullptr : &m_stages.back().result), &feedback);
        m_stageSeconds = 0;
    }
    // About as many optimiser steps as the live page does per frame: the
    // runner stays responsive to pause and cancel.
    for (int i = 0; i < 16 && !m_learner->finished() && !feedback.isCancelled(); ++i)
        m_learner->step();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m_stageSeconds += seconds;
    m_seconds += seconds;
    if (feedback.isCancelled() || !m_learner->finished()) return;
    DualityStage s;
    s.beta = m_p.betas[m_stages.size()];
    s.result = m_learner->result();
    s.seconds = m_stageSeconds;
    m_stages.push_back(std::move(s));
    m_learner.reset();
}

std::shared_ptr<const ExperimentSnapshot> DualityPathExperiment::snapshot() const
{
    auto s = std::make_shared<DualityPathSnapshot>();
    s->step = m_steps;
    s->finished = finished();
    s->params = m_p;
    s->stages = m_stages;
    if (m_learner) {
        s->currentBeta = m_p.betas[m_stages.size()];
        s->currentT0 = m_learner->result().t.t0;
    }
    s->seconds = m_seconds;
    return s;
}

} // namespace dlab
