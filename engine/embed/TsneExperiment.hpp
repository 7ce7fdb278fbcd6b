#pragma once
// "t-SNE of anything" as an Experiment, so it runs under ExperimentRunner like
// every other long job (one cancel path, one progress path): the first step
// loads the data (a file read or a copy, off the GUI thread), the next steps
// compute the affinities in chunks and then iterate, each step ≈ 20 ms. The
// snapshot says which phase it is in and how far along, so a 96 s affinity
// phase on a large data set shows its progress instead of "iteration 0".

#include "engine/embed/LabelledData.hpp"
#include "engine/embed/Tsne.hpp"
#include "engine/experiments/Experiment.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dlab::embed {

struct TsneSnapshot : ExperimentSnapshot {
    enum class Phase { Loading, Affinities, Optimising, Done } phase = Phase::Loading;
    int points = 0, dimensions = 0;
    int rowsPrepared = 0; // affinity rows done, of `points`
    int iteration = 0, iterations = 0;
    double seconds = 0;                         // work time so far
    std::shared_ptr<const Embedding> embedding; // null until the first iteration
    std::shared_ptr<const LabelledData> data;   // the data embedded (for hover readouts and labels)
    // Fraction of the whole job done (affinities count as a quarter).
    double progress() const;
};
const char* toString(TsneSnapshot::Phase p);

class TsneExperiment : public Experiment {
public:
    using Loader = std::function<LabelledData()>;
    // `load` runs on the worker in the first step; its exceptions (a bad
    // file, options that do not fit the data) stop the run and are reported
    // by the runner.
    TsneExperiment(Loader load, TsneOptions options);
    std::string name() const override { return "t-SNE"; }
    void step(Feedback& feedback) override;
    std::shared_ptr<const ExperimentSnapshot> snapshot() const override;

private:
    Loader m_load;
    TsneOptions m_options;
    std::unique_ptr<Tsne> m_tsne;
    std::shared_ptr<const LabelledData> m_data;
    // The latest copy handed out, reused while the embedding has not moved.
    mutable std::shared_ptr<const Embedding> m_embedding;
    mutable int m_embeddingIteration = -1;
    int m_points = 0, m_dimensions = 0;
    long long m_steps = 0;
    double m_seconds = 0;
};

} // namespace dlab::embed
