#pragma once
// A duality sweep (β × κ × seeds) as an Experiment, so the GUI runs it under
// ExperimentRunner like every other job: each step runs one (κ, β) cell, its
// seeds in parallel (TBB). Only finished runs enter the rows: a cancelled
// sweep says "cancelled after k of n runs" and plots k points, never the
// half-learned (or never started) runs of the interrupted cell.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <vector>

namespace dlab {

// The plaquette coupling κ of the data can only be matched by a model that
// learns t1: a sweep with any κ ≠ 0 learns t1 (the GUI and the CLI agree).
DualitySweepParams withImpliedLearning(DualitySweepParams p);

// Runs that ended in the Kramers–Wannier dual frame or its antiferromagnetic image.
int dualFrameRuns(const std::vector<DualitySweepRow>& rows);

struct DualitySweepSnapshot : ExperimentSnapshot {
    DualitySweepParams params;
    std::vector<DualitySweepRow> rows; // finished runs, ordered by κ, then β, then seed
    std::size_t runs = 0;              // in the whole sweep
    int dualFrames = 0;                // dualFrameRuns(rows)
    double seconds = 0;                // work time so far
    // Seconds left at the pace so far (0 before the first cell ends).
    double secondsLeft() const;
};

class DualitySweepExperiment : public Experiment {
public:
    explicit DualitySweepExperiment(DualitySweepParams p); // applies withImpliedLearning, validates
    std::string name() const override { return "duality sweep"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    bool finished() const { return m_cell >= m_cells; }

private:
    DualitySweepParams m_p;
    std::vector<double> m_kappas;
    std::size_t m_cell = 0, m_cells = 0;
    std::vector<DualitySweepRow> m_rows;
    long long m_steps = 0;
    double m_seconds = 0;
};

} // namespace dlab
