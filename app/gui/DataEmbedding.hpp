#pragma once
// "t-SNE of anything" on the Symmetries page: a loaded .npy / CSV file or data
// handed over by another page (Monte Carlo configurations by β) embedded by a
// TsneExperiment on a BackgroundJob — the same run/cancel/progress path as
// every other job — and drawn in the page's scatter view with its own classes
// and legend. While it is shown, the network's embedding waits; "Show network"
// gives the view back (with the network's classes and legend).

#include "BackgroundJob.hpp"
#include "ExperimentPage.hpp"

#include "engine/embed/TsneExperiment.hpp"

#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QLabel;
class QPushButton;

namespace dlab::widgets {
class ScatterPlot;
}

namespace dlab::gui {

// "(x₁, x₂, …)" of a data row, at most maxCols values, for hover readouts.
QString pointText(const Eigen::MatrixXd& m, int row, int maxCols = 6);

class DataEmbedding : public QObject {
    Q_OBJECT
public:
    DataEmbedding(widgets::ScatterPlot* view, QLabel* status, QPushButton* cancel, QPushButton* showNetwork,
                  QObject* parent = nullptr);

    // Starts embedding `name`'s data, loaded by `load` on the worker. The
    // view keeps what it shows until the first iteration of the new data.
    void start(const QString& name, embed::TsneExperiment::Loader load, const embed::TsneOptions& options);
    void cancel();
    // Gives the view back to the network's embedding (cancels a running job).
    void leave();

    bool shown() const { return m_shown; } // the view shows this data
    bool loading() const;                  // still reading the data
    bool running() const { return m_job->running(); }
    bool finishedRun() const { return m_finished; } // ended (done, cancelled or failed)
    QString name() const { return m_name; }
    const embed::TsneOptions& options() const { return m_options; } // of the current or last run
    int iteration() const { return m_latest ? m_latest->iteration : 0; }
    // Hover text for point `index`: its row, class and values.
    QString hoverText(int index) const;
    // The embedding shown (null before the first iteration) and its labels.
    std::shared_ptr<const embed::Embedding> embedding() const;
    std::vector<int> labels() const;
    QString statusText() const;

Q_SIGNALS:
    void errorMessage(const QString& message);
    void left(); // the view is the network's again

private:
    void show(const std::shared_ptr<const ExperimentSnapshot>& s);
    void done(const std::shared_ptr<const ExperimentSnapshot>& last, bool cancelled, const QString& error);

    BackgroundJob* m_job = nullptr;
    widgets::ScatterPlot* m_view;
    QLabel* m_status;
    QPushButton* m_cancel;
    QPushButton* m_showNetwork;
    QString m_name;
    embed::TsneOptions m_options;
    bool m_shown = false, m_finished = false;
    bool m_newData = false; // the next frame is the first of new data: its classes replace the old
    std::shared_ptr<const embed::TsneSnapshot> m_latest;
    std::shared_ptr<const embed::Embedding> m_drawn;
};

} // namespace dlab::gui
