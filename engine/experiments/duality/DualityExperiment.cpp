#include "engine/experiments/duality/DualityExperiment.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityReport.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <algorithm>
#include <cmath>

namespace dlab {
namespace {

// What the page's reference lines need: the run's parameters and the dual.
void describeRun(DualitySnapshot& s, const DualityLearnerParams& p)
{
    s.L = p.L;
    s.beta = p.beta;
    s.kappa = p.kappa;
    s.betaDual = p.beta > 0 ? exact::kramersWannierDual(p.beta) : 0.0;
    s.betaCritical = exact::criticalBeta();
    s.learned = p.learn;
    s.neutralStart = p.init == DualityInit::Neutral;
    s.gumbel = p.gumbel;
    s.tau = p.tau;
    s.theta2Dual = -std::sinh(2 * s.betaDual);
    s.theta3Dual = std::cosh(2 * s.betaDual);
}

} // namespace

DualityExperiment::DualityExperiment(const DualityLearnerParams& p, int perStep) : m_p(p), m_perStep(perStep)
{
    m_p.validate();
    requireInRange("steps_per_call", perStep, 0, 10'000);
    m_snapshot = preparingSnapshot();
}

void DualityExperiment::step(Feedback& feedback)
{
    if (!m_learner) {
        // This step only prepares: the page shows the data as soon as they exist.
        m_learner = std::make_unique<DualityLearner>(m_p, &feedback);
        if (m_perStep == 0) {
            const double spins = double(m_learner->chains().chains()) * m_learner->chains().sites();
            m_perStep = std::max(1, int(4.0 * 65536.0 / spins + 0.5));
        }
        m_snapshot = makeSnapshot();
        return;
    }
    for (int i = 0; i < m_perStep && !m_learner->finished(); ++i) {
        if (feedback.isCancelled()) break;
        m_learner->step();
    }
    feedback.setProgress(double(m_learner->steps()) / m_learner->params().maxSteps);
    m_snapshot = makeSnapshot();
}

std::shared_ptr<const DualitySnapshot> DualityExperiment::preparingSnapshot() const
{
    auto s = std::make_shared<DualitySnapshot>();
    s->preparing = true;
    describeRun(*s, m_p);
    s->frame = DualityFrame::Undecided;
    s->verdict = m_p.dataPath.empty() ? "generating the data (Monte Carlo of the original model)…"
                                      : "reading the data from " + m_p.dataPath + "…";
    return s;
}

std::shared_ptr<const ExperimentSnapshot> DualityExperiment::snapshot() const { return m_snapshot; }

std::shared_ptr<const DualitySnapshot> DualityExperiment::makeSnapshot() const
{
    auto s = std::make_shared<DualitySnapshot>();
    const DualityLearner& learner = *m_learner;
    const auto& p = learner.params();
    const auto& h = learner.history();
    s->step = learner.steps();
    describeRun(*s, p);

    const std::size_t n = h.loss.size();
    const std::size_t stride = n > std::size_t(DualitySnapshot::kMaxPoints)
                                   ? (n + DualitySnapshot::kMaxPoints - 1) / DualitySnapshot::kMaxPoints
                                   : 1;
    for (std::size_t i = 0; i < n; i += stride) {
        s->historySteps.push_back(double(i));
        s->loss.push_back(h.loss[i]);
        s->lossUnbiased.push_back(h.lossUnbiased[i]);
        s->entropy.push_back(h.entropy[i]);
        for (int k = 0; k < 3; ++k)
            s->t[k].push_back(h.t[k][i]);
        s->theta2.push_back(h.theta2[i]);
        s->theta3.push_back(h.theta3[i]);
        s->attention.push_back(h.attention[i]);
    }

    s->tNow = learner.couplings();
    const ObservableParams o = learner.observable();
    s->theta2Now = o.theta2;
    s->theta3Now = o.theta3;
    s->attentionNow = o.w;
    s->lrT = h.lrT.empty() ? p.lrT : h.lrT.back();
    s->lrTheta = h.lrTheta.empty() ? p.lrTheta : h.lrTheta.back();

    for (const auto& shape : learner.features().shapeList())
        s->featureNames.push_back(shape.name);
    s->featureTarget = learner.targets().mean;
    s->featureTargetError = learner.targets().error;
    s->featureModel = learner.lastModelMean();

    const auto& chains = learner.chains();
    s->modelLattice.assign(chains.spins(0), chains.spins(0) + chains.sites());
    s->dataLattice = learner.targets().example;

    s->finished = learner.finished();
    s->result = learner.result();
    s->converged = s->result.converged;
    s->frame = s->result.classification.frame;
    s->verdict = (s->finished ? "" : "so far: ") + verdictText(p, s->result);
    return s;
}

} // namespace dlab
