#include "TsneJob.hpp"

#include <chrono>

namespace dlab::gui {

TsneJob::TsneJob(Eigen::MatrixXd data, embed::TsneOptions options) : m_data(std::move(data)), m_options(options)
{
    m_options.validate(int(m_data.rows()));
    m_thread = std::thread([this] { run(); });
}

TsneJob::~TsneJob()
{
    cancel();
    if (m_thread.joinable()) m_thread.join();
}

void TsneJob::run()
{
    const auto t0 = std::chrono::steady_clock::now();
    auto publish = [this](int iteration, const embed::Embedding& y) {
        auto frame = std::make_shared<Frame>(Frame{y, iteration});
        const std::lock_guard lock(m_mutex);
        m_latest = std::move(frame);
    };
    try {
        const embed::Embedding y = embed::runTsne(
            m_data, m_options,
            [&](int iteration, const embed::Embedding& e) {
                publish(iteration, e);
                m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            },
            &m_feedback);
        if (y.rows() == m_data.rows()) {
            const int it = latest() ? latest()->iteration : 0;
            publish(it, y);
        }
    } catch (const std::exception& e) {
        const std::lock_guard lock(m_mutex);
        m_error = e.what();
    }
    m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    m_finished = true;
}

std::string TsneJob::error() const
{
    const std::lock_guard lock(m_mutex);
    return m_error;
}

std::shared_ptr<const TsneJob::Frame> TsneJob::latest() const
{
    const std::lock_guard lock(m_mutex);
    return m_latest;
}

} // namespace dlab::gui
