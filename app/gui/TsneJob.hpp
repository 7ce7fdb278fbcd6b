#pragma once
// "t-SNE of anything" off the GUI thread: a worker thread runs embed::runTsne
// on a copy of the data and publishes a copy of the coordinates after each
// iteration; the GUI polls latest() on its own timer and never waits. cancel()
// (or destruction) stops the worker within one iteration, keeping the partial
// embedding.

#include "engine/core/Feedback.hpp"
#include "engine/embed/Tsne.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace dlab::gui {

class TsneJob {
public:
    struct Frame {
        embed::Embedding y;
        int iteration = 0;
    };

    TsneJob(Eigen::MatrixXd data, embed::TsneOptions options); // validates (throws ParameterError)
    ~TsneJob();                                                // cancels and joins
    TsneJob(const TsneJob&) = delete;
    TsneJob& operator=(const TsneJob&) = delete;

    void cancel() { m_feedback.cancel(); }
    bool cancelled() const { return m_feedback.isCancelled(); }
    bool finished() const { return m_finished.load(); }
    std::string error() const;
    std::shared_ptr<const Frame> latest() const;
    int size() const { return int(m_data.rows()); }
    int iterations() const { return m_options.iterations; }
    double seconds() const { return m_seconds.load(); }

private:
    void run();

    Eigen::MatrixXd m_data;
    embed::TsneOptions m_options;
    Feedback m_feedback;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Frame> m_latest;
    std::string m_error;
    std::atomic<bool> m_finished{false};
    std::atomic<double> m_seconds{0};
    std::thread m_thread;
};

} // namespace dlab::gui
