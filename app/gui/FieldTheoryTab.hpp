#pragma once
// One tab of the Field theory page (RBM, φ⁴, diffusion): its parameter
// panel, its views, the experiment it builds and how it shows that
// experiment's snapshots. The page owns the tabs and forwards to the
// current one; a tab talks back through its TabHost.

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/runner/ExperimentRunner.hpp"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <functional>
#include <memory>

namespace dlab::gui {

class TabHost {
public:
    virtual ~TabHost() = default;
    virtual void requestReset() = 0;                           // build a new experiment from the panel
    virtual void requestEdit(ExperimentRunner::Edit edit) = 0; // apply to the running one, between steps
    virtual void reportError(const QString& message) = 0;      // empty clears
};

class FieldTheoryTab {
public:
    virtual ~FieldTheoryTab() = default;
    virtual QString key() const = 0; // session key: "rbm", "phi4", "diffusion"
    virtual QString title() const = 0;
    virtual QWidget* panel() = 0;
    virtual QWidget* view() = 0; // the tab's content, also its exported figure
    virtual std::unique_ptr<Experiment> create(std::uint64_t seed) = 0;
    virtual void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) = 0;
    virtual QString status() const = 0;
    virtual int workPerStep() const = 0;
    virtual void setWorkPerStep(int n) = 0;
    virtual QString workUnit() const = 0;
    virtual QJsonObject save() const = 0;
    virtual void load(const QJsonObject& o) = 0; // throws ParameterError naming the key
    // Finished results for a session, as ExperimentPage::saveResults/readResults.
    virtual QJsonObject saveResults() const { return {}; }
    virtual std::function<void()> readResults(const QJsonObject& /*results*/) { return {}; }
    // Writes the tab's data files into `directory` (worker data via runner.read(),
    // never waited for) and calls done on the GUI thread.
    using ExportDone = std::function<void(const QStringList& files, const QString& error)>;
    virtual void exportData(const QString& directory, ExperimentRunner& runner, ExportDone done) = 0;
    virtual void setPresentationScale(double scale) = 0;
};

// "1.234 ± 0.012": the error to two significant figures, the mean to the same place.
QString withError(double mean, double error);

} // namespace dlab::gui
