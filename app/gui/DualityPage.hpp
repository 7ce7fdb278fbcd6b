#pragma once
// The "Kramers–Wannier duality" page: the duality learner live (model and
// data lattices, loss, t traces against ±β and ±β̃, θ2/θ3 against their
// expected values, the attention heatmap beside a drawing of the 7 candidate
// links, attention entropy, a verdict in words) and two sweep views: the
// β ↔ β̃ duality plot (κ = 0 runs) and, for the plaquette model, the learned
// (t0, t1) against (β, κ). The sweep is a DualitySweepExperiment on a
// BackgroundJob (the one way to run background work); only finished runs are
// plotted, and a cancelled sweep says how many of its runs finished.

#include "ExperimentPage.hpp"

#include "engine/experiments/duality/DualityExperiment.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
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

class BackgroundJob;
class DualityContinuationPanel;

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
    // The learner run's outcome and the sweep's finished runs (SessionResults).
    QJsonObject saveResults() const override;
    ShowResults readResults(const QJsonObject& results) override;
    QWidget* figureWidget() override;
    QStringList exportData(const QString& directory, ExperimentRunner& runner) override;
    void setPresentationScale(double scale) override;

    DualityLearnerParams currentParams() const;
    std::shared_ptr<const DualitySnapshot> shownSnapshot() const { return m_shown; }
    QString verdictText() const;
    // Every prior the learner is given, for the verdict panel or its tooltip.
    QString aboutThisRun(const DualitySnapshot& s) const;
    bool showsRestoredRun() const { return m_restored; }

    // The sweep: β and κ lists and seeds from the panel, the rest from the
    // learner's parameters (with t1 learned too when some κ ≠ 0). Returns
    // false (and reports why) if the input is bad.
    bool startSweep();
    void cancelSweep();
    bool sweepRunning() const;
    QString sweepStatus() const;
    // The sweep the panel describes (throws ParameterError on bad input).
    DualitySweepParams sweepParams() const;
    // Sweeps of this many runs or more ask first, with a time estimate.
    static constexpr std::size_t kLargeSweepRuns = 200;
    const std::vector<DualitySweepRow>& sweepRows() const { return m_sweepRows; }
    widgets::ChartPanel* sweepChart() const { return m_sweepChart; }
    figures::PlaquettePlot* plaquettePlot() const { return m_plaquettePlot; }
    DualityContinuationPanel* continuation() const { return m_continuation; }
    figures::DualityPlot* dualityPlot() const { return m_sweepPlot.get(); }

Q_SIGNALS:
    void sweepFinished();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildPanel();
    void buildViews();
    void setControls(const DualityLearnerParams& p);
    void requestReset();
    void updateBetaInfo();
    bool confirmLargeSweep();
    void onSweepSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot);
    void onSweepDone(const std::shared_ptr<const ExperimentSnapshot>& last, bool cancelled, const QString& error);
    void showSweepRows();
    void reflow(bool presentation);

    QWidget* m_panel = nullptr;
    QTabWidget* m_tabs = nullptr;
    QGridLayout* m_trainingGrid = nullptr;
    QWidget* m_attentionTab = nullptr; // presentation mode: the attention row's own tab
    QWidget* m_training = nullptr;
    QSpinBox* m_L = nullptr;
    QDoubleSpinBox* m_beta = nullptr;
    QDoubleSpinBox* m_kappa = nullptr;
    QComboBox* m_learn = nullptr;
    QComboBox* m_init = nullptr;
    QComboBox* m_gumbel = nullptr; // attention noise: off, shared, per-link
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
    DualityContinuationPanel* m_continuation = nullptr;

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
    // The shown run came from a saved session (seed m_restoredSeed), not
    // from the runner; it stays until the runner has a run of its own.
    bool m_restored = false;
    std::uint64_t m_restoredSeed = 0;

    BackgroundJob* m_sweepJob = nullptr;
    std::vector<DualitySweepRow> m_sweepRows; // finished runs only
    SweepCsvHeaderLines m_sweepHeader;        // what defined them, for sweep.csv
    int m_sweepTotal = 0;
    double m_lastSecondsPerRun = 0; // pace of the last sweep, for the next estimate
};

} // namespace dlab::gui
