#pragma once
// The "Kramers–Wannier duality" page: the duality learner live (model and
// data lattices, loss, t traces against ±β and ±β̃, θ2/θ3 against their
// expected values, the attention heatmap beside a drawing of the 7 candidate
// links, attention entropy, a verdict in words) and two sweep views: the
// β ↔ β̃ duality plot (κ = 0 runs) and, for the plaquette model, the learned
// (t0, t1) against (β, κ). The sweep runs on a thread the page owns, cancelled
// through dlab::Feedback; the GUI thread only receives finished rows.

#include "ExperimentPage.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/experiments/duality/DualityExperiment.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <QElapsedTimer>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace dlab::widgets {
class ChartPanel;
class Heatmap;
class LatticeView;
} // namespace dlab::widgets

namespace dlab::figures {
class DualityPlot;
class PlaquettePlot;
} // namespace dlab::figures

namespace dlab::gui {

class LinkNeighbourhoodDrawing;

class DualityPage : public ExperimentPage {
    Q_OBJECT
public:
    explicit DualityPage(QWidget* parent = nullptr);
    ~DualityPage() override;

    QString id() const override { return QStringLiteral("duality"); }
    QString title() const override { return tr("Kramers–Wannier duality"); }
    QWidget* parameterPanel() override { return m_panel; }
    std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) override;
    void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    int workPerStep() const override { return m_stepsPerFrame; }
    void setWorkPerStep(int n) override;
    QString workUnit() const override { return tr("optimiser steps"); }
    QJsonObject saveParameters() const override;
    void loadParameters(const QJsonObject& params) override;
    QWidget* figureWidget() override;
    QStringList exportData(const QString& directory, ExperimentRunner& runner) override;
    void setPresentationScale(double scale) override;

    DualityLearnerParams currentParams() const;
    std::shared_ptr<const DualitySnapshot> shownSnapshot() const { return m_shown; }
    QString verdictText() const;

    // The sweep: β and κ lists and seeds from the panel, the rest from the
    // learner's parameters (with t1 learned too when some κ ≠ 0). Returns
    // false (and reports why) if the input is bad.
    bool startSweep();
    void cancelSweep();
    bool sweepRunning() const { return m_sweepThread.joinable() && !m_sweepDone; }
    const std::vector<DualitySweepRow>& sweepRows() const { return m_sweepRows; }
    widgets::ChartPanel* sweepChart() const { return m_sweepChart; }
    figures::PlaquettePlot* plaquettePlot() const { return m_plaquettePlot; }

Q_SIGNALS:
    void sweepFinished();

private:
    void buildPanel();
    void buildViews();
    void setControls(const DualityLearnerParams& p);
    void requestReset();
    void updateBetaInfo();
    void onSweepRow(const DualitySweepRow& row, int total);
    void onSweepDone();
    void joinSweep();
    void showSweepRows();

    QWidget* m_panel = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_training = nullptr;
    QSpinBox* m_L = nullptr;
    QDoubleSpinBox* m_beta = nullptr;
    QDoubleSpinBox* m_kappa = nullptr;
    QComboBox* m_learn = nullptr;
    QCheckBox* m_penalty = nullptr;
    QSpinBox* m_maxSteps = nullptr;
    QLabel* m_betaInfo = nullptr;
    QLineEdit* m_sweepBetas = nullptr;
    QLineEdit* m_sweepKappas = nullptr;
    QSpinBox* m_sweepSeeds = nullptr;
    QSpinBox* m_sweepSteps = nullptr;
    QPushButton* m_sweepButton = nullptr;
    QProgressBar* m_sweepProgress = nullptr;
    QLabel* m_sweepStatus = nullptr;

    widgets::LatticeView* m_model = nullptr;
    widgets::LatticeView* m_data = nullptr;
    widgets::ChartPanel* m_lossChart = nullptr;
    widgets::ChartPanel* m_tChart = nullptr;
    widgets::ChartPanel* m_thetaChart = nullptr;
    widgets::ChartPanel* m_entropyChart = nullptr;
    widgets::Heatmap* m_attention = nullptr;
    LinkNeighbourhoodDrawing* m_drawing = nullptr;
    QLabel* m_verdict = nullptr;
    widgets::ChartPanel* m_sweepChart = nullptr;
    std::unique_ptr<figures::DualityPlot> m_sweepPlot;
    figures::PlaquettePlot* m_plaquettePlot = nullptr;
    int m_loss = -1, m_t[3] = {-1, -1, -1}, m_refBeta = -1, m_refMinusBeta = -1, m_refDual = -1, m_refMinusDual = -1;
    int m_theta2 = -1, m_theta3 = -1, m_refTheta2Dual = -1, m_refTheta2Af = -1, m_refTheta3 = -1;
    int m_entropy = -1, m_refEntropyMax = -1;

    int m_stepsPerFrame = 4;
    std::uint64_t m_seed = 1;
    bool m_loading = false;
    std::shared_ptr<const DualitySnapshot> m_shown;

    std::thread m_sweepThread;
    std::shared_ptr<Feedback> m_sweepFeedback;
    std::atomic<bool> m_sweepDone{true};
    std::vector<DualitySweepRow> m_sweepRows;
    int m_sweepTotal = 0;
    QElapsedTimer m_sweepClock;
};

} // namespace dlab::gui
