#include "engine/experiments/duality/DualityExperiment.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityReport.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <algorithm>
#include <cmath>

namespace dlab {

DualityExperiment::DualityExperiment(const DualityLearnerParams& p, int perStep) : m_learner(p), m_perStep(perStep)
{
    requireInRange("steps_per_call", perStep, 0, 10'000);
    if (m_perStep == 0) {
        const double spins = double(m_learner.chains().chains()) * m_learner.chains().sites();
        m_perStep = std::max(1, int(4.0 * 65536.0 / spins + 0.5));
    }
    m_snapshot = makeSnapshot();
}

void DualityExperiment::step(Feedback& feedback)
{
    for (int i = 0; i < m_perStep && !m_learner.finished(); ++i) {
        if (feedback.isCancelled()) break;
        m_learner.step();
    }
    feedback.setProgress(double(m_learner.steps()) / m_learner.params().maxSteps);
    m_snapshot = makeSnapshot();
}

std::shared_ptr<const ExperimentSnapshot> DualityExperiment::snapshot() const { return m_snapshot; }

std::shared_ptr<const DualitySnapshot> DualityExperiment::makeSnapshot() const
{
    auto s = std::make_shared<DualitySnapshot>();
    const auto& p = m_learner.params();
    const auto& h = m_learner.history();
    s->step = m_learner.steps();
    s->L = p.L;
    s->beta = p.beta;
    s->kappa = p.kappa;
    s->betaDual = p.beta > 0 ? exact::kramersWannierDual(p.beta) : 0.0;
    s->betaCritical = exact::criticalBeta();
    s->learned = p.learn;
    s->theta2Dual = -std::sinh(2 * s->betaDual);
    s->theta3Dual = std::cosh(2 * s->betaDual);

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

    s->tNow = m_learner.couplings();
    const ObservableParams o = m_learner.observable();
    s->theta2Now = o.theta2;
    s->theta3Now = o.theta3;
    s->attentionNow = o.w;
    s->lrT = h.lrT.empty() ? p.lrT : h.lrT.back();
    s->lrTheta = h.lrTheta.empty() ? p.lrTheta : h.lrTheta.back();

    for (const auto& shape : m_learner.features().shapeList())
        s->featureNames.push_back(shape.name);
    s->featureTarget = m_learner.targets().mean;
    s->featureTargetError = m_learner.targets().error;
    s->featureModel = m_learner.lastModelMean();

    const auto& chains = m_learner.chains();
    s->modelLattice.assign(chains.spins(0), chains.spins(0) + chains.sites());
    s->dataLattice = m_learner.targets().example;

    s->finished = m_learner.finished();
    s->result = m_learner.result();
    s->converged = s->result.converged;
    s->frame = s->result.classification.frame;
    s->verdict = (s->finished ? "" : "so far: ") + verdictText(p, s->result);
    return s;
}

} // namespace dlab
