#pragma once
// The Monte Carlo page: a live lattice (any chain), energy and |m| series with
// running averages and exact reference lines, C and χ with error bars — or,
// in β-scan mode, E/N, C, |m|, χ and U_L against β for several L over the
// exact curves (BetaScanView).

#include "ExperimentPage.hpp"

#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"
#include "engine/experiments/scan/BetaScan.hpp"

#include <QElapsedTimer>

class QBoxLayout;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QSpinBox;
class QStackedWidget;

namespace dlab::widgets {
class ChartPanel;
class LatticeView;
} // namespace dlab::widgets

namespace dlab {
class CsvTable;
}

namespace dlab::gui {

class BetaScanView;
class FieldTable;

class MonteCarloPage : public ExperimentPage {
    Q_OBJECT
public:
    explicit MonteCarloPage(QWidget* parent = nullptr);

    QString id() const override { return QStringLiteral("montecarlo"); }
    QString title() const override { return tr("Monte Carlo"); }
    QWidget* parameterPanel() override { return m_panel; }
    std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) override;
    void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    int workPerStep() const override { return m_sweepsPerStep; }
    void setWorkPerStep(int n) override;
    QString workUnit() const override { return tr("sweeps"); }
    QJsonObject saveParameters() const override;
    void loadParameters(const QJsonObject& params) override;
    // The β scan's finished points (SessionResults).
    QJsonObject saveResults() const override;
    ShowResults readResults(const QJsonObject& results) override;
    QWidget* figureWidget() override;
    void exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done) override;
    // The recorded configurations (ConfigurationAlbum), one class per β
    // (albumEmbedding() decides the block spins of large lattices).
    void collectEmbedData(ExperimentRunner& runner, EmbedDone done) override;
    void setPresentationScale(double scale) override;

    // The parameters the controls show (seed from the last createExperiment).
    MonteCarloParams currentParams() const;
    BetaScanParams scanParams() const; // throws ParameterError on a bad list
    bool scanMode() const;
    std::shared_ptr<const BetaScanSnapshot> shownScan() const { return m_shownScan; }
    BetaScanView* scanView() const { return m_scanView; }
    // β, L, algorithm, chains, start and seed as CSV header lines.
    static void describeRun(CsvTable& table, const MonteCarloParams& p);
    // The latest snapshot shown (null before the first).
    std::shared_ptr<const MonteCarloSnapshot> shownSnapshot() const { return m_shown; }
    // Readout text, for tests and screenshots.
    QString readoutText() const;

private:
    // configurations.npy (all chains) and series.csv (the shown snapshot's traces).
    QStringList writeData(const QString& directory, const std::vector<SpinConfiguration>& configs) const;
    void buildPanel();
    void buildViews();
    void onLiveParameterChanged();
    void onBetaSlider(int position);
    void onBetaTyped(double beta);
    void updateBetaInfo();
    void updateReferences(const ExactReference& exact, int L);
    void setControls(const MonteCarloParams& p);
    void applyViewOptions();
    void updateMode();
    QString writeScan(const QString& directory) const;

    FieldTable* m_fields = nullptr; // every session field of the page, with the engine's ranges
    QWidget* m_panel = nullptr;
    QWidget* m_figure = nullptr;
    QBoxLayout* m_liveLayout = nullptr;
    QStackedWidget* m_views = nullptr;
    BetaScanView* m_scanView = nullptr;
    QComboBox* m_mode = nullptr;
    QWidget* m_liveControls = nullptr;
    QGroupBox* m_scanControls = nullptr;
    QLineEdit* m_scanSizes = nullptr;
    QLineEdit* m_scanBetas = nullptr;
    QSpinBox* m_scanSweeps = nullptr;
    QSpinBox* m_scanThermalize = nullptr;
    QComboBox* m_scanAlgo = nullptr;
    QSpinBox* m_chainShown = nullptr;
    QComboBox* m_start = nullptr;
    QSlider* m_betaSlider = nullptr;
    QDoubleSpinBox* m_beta = nullptr;
    QLabel* m_betaInfo = nullptr;
    QDoubleSpinBox* m_t1 = nullptr;
    QDoubleSpinBox* m_t2 = nullptr;
    QSpinBox* m_L = nullptr;
    QComboBox* m_algo = nullptr;
    QSpinBox* m_chains = nullptr;
    QSpinBox* m_thermalize = nullptr;
    QComboBox* m_colorMap = nullptr;
    QCheckBox* m_walls = nullptr;
    QCheckBox* m_bonds = nullptr;
    QPushButton* m_embed = nullptr;
    QLabel* m_albumInfo = nullptr;

    widgets::LatticeView* m_lattice = nullptr;
    widgets::ChartPanel* m_energyChart = nullptr;
    widgets::ChartPanel* m_magChart = nullptr;
    QLabel* m_readouts = nullptr;
    int m_eLine = -1, m_eAvg = -1, m_eKaufman = -1, m_eOnsager = -1;
    int m_mLine = -1, m_mAvg = -1, m_mOnsager = -1;

    int m_sweepsPerStep = 1;
    std::uint64_t m_seed = 1;
    bool m_loading = false;
    std::shared_ptr<const MonteCarloSnapshot> m_shown;
    std::shared_ptr<const BetaScanSnapshot> m_shownScan;
    // A scan loaded from a session: shown while a scan with the same
    // parameters has no points of its own yet.
    std::shared_ptr<const BetaScanSnapshot> m_restoredScan;
    ExactReference m_shownExact;
    int m_shownExactL = -1;
    QElapsedTimer m_rateClock, m_readoutClock;
    long long m_readoutSweeps = 0;
    MonteCarloParams m_readoutParams;
    long long m_rateSweeps = 0;
    double m_actualRate = 0;
};

} // namespace dlab::gui
