#pragma once
// "Continue to β" on the duality page (docs/experiments/duality.md, "Ordered
// phase"): walks the data's β from the page's β to a target in steps of dβ,
// each stage starting from the previous stage's learned parameters, on a
// BackgroundJob. The page draws the path on the β ↔ β̃ plot as it goes.
// Nothing exact enters a stage; β̃ is only on the plot.

#include "DualityPlot.hpp"

#include "engine/experiments/Experiment.hpp"
#include "engine/experiments/duality/DualityContinuation.hpp"

#include <QGroupBox>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace dlab::gui {

class BackgroundJob;

class DualityContinuationPanel : public QGroupBox {
    Q_OBJECT
public:
    // `base` returns the learner's parameters as the page's controls set them;
    // its β is where the path starts.
    explicit DualityContinuationPanel(std::function<DualityLearnerParams()> base, QWidget* parent = nullptr);
    ~DualityContinuationPanel() override;

    // The path the controls describe (throws ParameterError naming the field).
    DualityPathParams pathParams() const;
    // Returns false (and says why in the status line) on bad input.
    bool start();
    void cancel();
    bool running() const;
    QString status() const;

    // Finished stages in the order walked; the plot's points also hold the
    // stage being learned.
    const std::vector<DualityStage>& stages() const { return m_stages; }
    std::vector<figures::DualityPlot::PathPoint> plotPoints() const;
    // The finished stages in sweep.csv's columns (β in the order walked).
    void writeCsv(const QString& path) const;

    double target() const;
    double stepSize() const;
    void setTarget(double beta);
    void setStepSize(double dBeta);

Q_SIGNALS:
    void started();
    void pathChanged();
    void finished();
    void errorMessage(const QString& text);

private:
    void onSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot);
    void onDone(const std::shared_ptr<const ExperimentSnapshot>& last, bool cancelled, const QString& error);

    std::function<DualityLearnerParams()> m_base;
    QDoubleSpinBox* m_target = nullptr;
    QDoubleSpinBox* m_step = nullptr;
    QPushButton* m_button = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    BackgroundJob* m_job = nullptr;
    DualityPathParams m_running;
    std::vector<DualityStage> m_stages;
    std::optional<figures::DualityPlot::PathPoint> m_current;
};

} // namespace dlab::gui
