#pragma once
// An Experiment whose work is a StagePlan: step() advances the plan for one
// bounded slice of time (≈ 15 ms, so a GUI stays live), counts steps and
// seconds worked, and publishes a snapshot. Subclasses add their stages and
// fill their snapshot in publish(); stamp() fills the fields every staged
// snapshot has.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/StagePlan.hpp"

#include <string>

namespace dlab {

struct StagedSnapshot : ExperimentSnapshot {
    std::string stage;   // the running stage's name, or "done"
    double progress = 0; // stages completed / stages
    double seconds = 0;  // worked in step() so far
    bool done = false;
};

class StagedExperiment : public Experiment {
public:
    static constexpr double kStepSeconds = 0.015;

    void step(Feedback& feedback) final;
    bool done() const { return m_plan.done(); }

protected:
    StagePlan& plan() { return m_plan; }
    void stamp(StagedSnapshot& s) const;
    // Publish the latest snapshot (after every step and when set up).
    virtual void publish() = 0;

private:
    StagePlan m_plan;
    long long m_steps = 0;
    double m_seconds = 0;
};

} // namespace dlab
