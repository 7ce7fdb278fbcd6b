#include "engine/embed/TsneExperiment.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace dlab::embed {

const char* toString(TsneSnapshot::Phase p)
{
    switch (p) {
    case TsneSnapshot::Phase::Loading:
        return "loading";
    case TsneSnapshot::Phase::Affinities:
        return "affinities";
    case TsneSnapshot::Phase::Optimising:
        return "optimising";
    case TsneSnapshot::Phase::Done:
        return "done";
    }
    return "";
}

double TsneSnapshot::progress() const
{
    if (phase == Phase::Loading || points == 0) return 0;
    if (phase == Phase::Done) return 1;
    const double affinities = double(rowsPrepared) / points;
    const double optimising = iterations > 0 ? double(iteration) / iterations : 0;
    return 0.25 * affinities + 0.75 * optimising;
}

TsneExperiment::TsneExperiment(Loader load, TsneOptions options) : m_load(std::move(load)), m_options(options) {}

void TsneExperiment::step(Feedback& feedback)
{
    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::steady_clock::now() - start; };
    ++m_steps;
    if (!m_tsne) {
        LabelledData in = m_load();
        m_options.validate(int(in.points.rows()));
        if (!in.labels.empty() && in.labels.size() != std::size_t(in.points.rows()))
            throw std::runtime_error("labels: " + std::to_string(in.labels.size()) + " labels for " +
                                     std::to_string(in.points.rows()) + " points");
        m_points = int(in.points.rows());
        m_dimensions = int(in.points.cols());
        m_tsne = std::make_unique<Tsne>(in.points, m_options);
        m_data = std::make_shared<const LabelledData>(std::move(in));
        m_seconds += std::chrono::duration<double>(elapsed()).count();
        return;
    }
    // Affinities in chunks of rows, then iterations, until ≈ 20 ms have passed.
    // Wide data are searched by matrix products of ≥ 32 rows (fewer would
    // read every point from memory again for little arithmetic).
    const int rowChunk = m_dimensions >= BruteForceNeighbours::kMinDimensions
                             ? std::max(32, int(4e8 / (double(m_points) * m_dimensions)) / 32 * 32)
                             : std::max(1, 200000 / std::max(1, m_dimensions));
    while (!feedback.isCancelled() && elapsed() < std::chrono::milliseconds(20)) {
        if (!m_tsne->prepared()) {
            m_tsne->prepare(rowChunk);
        } else if (!m_tsne->finished()) {
            m_tsne->iterate(1, &feedback);
        } else {
            break;
        }
    }
    m_seconds += std::chrono::duration<double>(elapsed()).count();
}

std::shared_ptr<const ExperimentSnapshot> TsneExperiment::snapshot() const
{
    auto s = std::make_shared<TsneSnapshot>();
    s->step = m_steps;
    s->points = m_points;
    s->dimensions = m_dimensions;
    s->iterations = m_options.iterations;
    s->seconds = m_seconds;
    s->data = m_data;
    if (m_tsne) {
        s->rowsPrepared = m_tsne->prepared() ? m_points : m_tsne->rowsPrepared();
        s->iteration = m_tsne->iteration();
        s->phase = !m_tsne->prepared()  ? TsneSnapshot::Phase::Affinities
                   : m_tsne->finished() ? TsneSnapshot::Phase::Done
                                        : TsneSnapshot::Phase::Optimising;
        if (m_tsne->prepared()) {
            // A copy only when it changed: snapshots are taken at up to 60 Hz.
            if (m_embeddingIteration != m_tsne->iteration() || !m_embedding) {
                m_embedding = std::make_shared<const Embedding>(m_tsne->embedding());
                m_embeddingIteration = m_tsne->iteration();
            }
            s->embedding = m_embedding;
        }
    }
    s->finished = s->phase == TsneSnapshot::Phase::Done;
    return s;
}

} // namespace dlab::embed
