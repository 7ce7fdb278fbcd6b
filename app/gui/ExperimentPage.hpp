#pragma once
// The page interface: how an experiment plugs into the main window.
//
// MainWindow owns the shared run controls (Run/Pause, Step, Reset, speed,
// seed), one ExperimentRunner for the current page, the status bar, sessions
// and the menus. A page owns its views and its parameter panel and knows its
// experiment's types; it never touches threads:
//  - createExperiment(seed) builds a fresh engine Experiment from the page's
//    current parameters (throws dlab::ParameterError on bad input). MainWindow
//    calls it on Reset, on start, and when the page asks via resetRequested().
//  - Parameters that can change under a running experiment are sent as an
//    edit through editRequested(); the runner applies it between two steps.
//  - showSnapshot() is called on the GUI thread (≈ 30 Hz) with each new
//    snapshot; it must only copy data into widgets, never wait.
//  - saveParameters()/loadParameters() are the page's part of a session file
//    (docs/gui.md); loadParameters() throws std::runtime_error with a readable
//    message on bad content.
//  - figureWidget() is what File ▸ Export figure renders; exportDataAsync()
//    writes the page's data files (NPY, CSV) and reports their paths through
//    a callback on the GUI thread. Data that lives on the worker is asked for
//    with ExperimentRunner::read() and written when it arrives, never waited
//    for; pages whose data is all on the GUI thread implement exportData()
//    and keep the default exportDataAsync().
//  - "t-SNE of anything": a page with data worth embedding emits
//    embedRequested(); MainWindow then asks it for the data with
//    collectEmbedData() (worker data via ExperimentRunner::read(), never
//    waited for), switches to the page that acceptsEmbedding() and hands the
//    data to its embed().
//  - Fields: declare them once in a FieldTable (ranges from the engine's
//    Params limits); long side jobs run on a BackgroundJob. The window gives
//    every page presentation mode, the error banner, the guide (F1) and
//    sessions.
// To add a page: subclass, implement these, and add it in addStandardPages()
// (Pages.cpp) — docs/CONTRIBUTING.md walks through it.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/runner/ExperimentRunner.hpp"

#include <Eigen/Core>
#include <QJsonObject>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

namespace dlab::gui {

class ExperimentPage : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual QString id() const = 0;    // stable key used in session files
    virtual QString title() const = 0; // tab text
    virtual QWidget* parameterPanel() = 0;
    virtual std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) = 0;
    virtual void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) = 0;
    // Throughput and progress for the status bar, e.g. "12 300 sweeps/s".
    virtual QString statusText() const = 0;
    // Speed control: how much work one step does ("sweeps per frame").
    virtual int workPerStep() const = 0;
    virtual void setWorkPerStep(int n) = 0;
    virtual QString workUnit() const = 0; // e.g. "sweeps"

    virtual QJsonObject saveParameters() const = 0;
    virtual void loadParameters(const QJsonObject& params) = 0;

    // Finished results worth keeping in a session (docs/gui.md, "Sessions
    // and files"), e.g. a β scan's points; empty when there are none.
    virtual QJsonObject saveResults() const { return {}; }
    // Checks saved results completely (throws std::runtime_error naming the
    // key) and returns what shows them. MainWindow reads every page's results
    // before it changes anything and shows them after the reset that follows
    // a loaded session, so a session loads whole or not at all and its results
    // are not wiped by the reset. A page keeps showing restored results until
    // its new run has results of its own.
    using ShowResults = std::function<void()>;
    virtual ShowResults readResults(const QJsonObject& /*results*/) { return {}; }

    virtual QWidget* figureWidget() = 0;
    // Called with the written files, or none and a readable error.
    using ExportDone = std::function<void(const QStringList& files, const QString& error)>;
    virtual void exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done)
    {
        try {
            done(exportData(directory, runner), {});
        } catch (const std::exception& e) {
            done({}, QString::fromUtf8(e.what()));
        }
    }
    // Synchronous export, for pages whose data is all on the GUI thread; a
    // page that overrides exportDataAsync() need not implement it.
    virtual QStringList exportData(const QString& /*directory*/, ExperimentRunner& /*runner*/)
    {
        throw std::logic_error("this page exports its data asynchronously only");
    }
    virtual void setPresentationScale(double scale) = 0;

    // Points to embed: one per row, an optional class per row (index into
    // classNames, which name the colours).
    struct EmbedData {
        Eigen::MatrixXd points;
        std::vector<int> labels;
        QStringList classNames;
        bool orderedClasses = false; // a temperature scale, levels: sequential colours
    };
    using EmbedDone =
        std::function<void(const QString& name, std::shared_ptr<const EmbedData> data, const QString& error)>;
    virtual void collectEmbedData(ExperimentRunner& /*runner*/, EmbedDone done)
    {
        done({}, nullptr, tr("this page has no data to embed"));
    }
    virtual bool acceptsEmbedding() const { return false; }
    virtual bool embed(const QString& /*name*/, std::shared_ptr<const EmbedData> /*data*/) { return false; }

Q_SIGNALS:
    void embedRequested();
    void editRequested(dlab::ExperimentRunner::Edit edit);
    void resetRequested();
    void errorMessage(const QString& message); // shown in the window, empty clears it
};

} // namespace dlab::gui
