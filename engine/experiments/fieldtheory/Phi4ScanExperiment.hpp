#pragma once
// A κ scan of 2D φ⁴ (experiment E2): one ensemble of chains per κ, all
// advanced together (TBB over every chain of every κ), so ⟨|M|⟩, χ2 and U_L
// against κ fill in as the run goes and show the transition. Chains of κ
// point k use streams k·1000 + c, so each point is reproducible on its own.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/fieldtheory/Phi4Experiment.hpp"

#include <memory>
#include <vector>

namespace dlab::fieldtheory {

struct Phi4ScanParams {
    Phi4Params base; // L, λ, algorithm, chains, thermalisation, seed …; base.kappa is ignored
    std::vector<double> kappas{0.22, 0.23, 0.24, 0.25, 0.26, 0.27, 0.28, 0.29, 0.30};
    long long updatesPerChain = 20000; // per κ point

    void validate() const; // throws ParameterError naming the field
};

struct Phi4ScanPoint {
    double kappa = 0;
    long long updatesPerChain = 0; // measured, slowest chain
    fields::Phi4Estimates estimates;
};

struct Phi4ScanSnapshot : ExperimentSnapshot {
    Phi4ScanParams params;
    std::vector<Phi4ScanPoint> points;
    bool done = false;
    double updatesPerSecond = 0;
};

class Phi4ScanExperiment : public Experiment {
public:
    explicit Phi4ScanExperiment(const Phi4ScanParams& p);
    std::string name() const override { return "phi4-scan"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;
    std::shared_ptr<const Phi4ScanSnapshot> current() const;
    bool done() const;

private:
    Phi4ScanParams m_p;
    std::vector<std::unique_ptr<fields::Phi4Ensemble>> m_points;
    long long m_steps = 0;
    double m_updatesPerSecond = 0;
    mutable std::vector<fields::Phi4Estimates> m_cache;
    mutable std::vector<long long> m_cacheUpdates;
};

} // namespace dlab::fieldtheory
