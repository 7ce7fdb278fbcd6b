#pragma once
// The φ⁴ tab of the Field theory page: the field of chain 0 live, M and |M|
// traces, the histogram of M, acceptance, τ_int and the observables with
// errors for HMC, Langevin, MALA or the cluster sampler — or a κ scan that
// shows the transition in ⟨|M|⟩, χ2 and U_L.

#include "FieldTheoryTab.hpp"
#include "ParameterForm.hpp"

#include "engine/experiments/fieldtheory/Phi4Experiment.hpp"
#include "engine/experiments/fieldtheory/Phi4ScanExperiment.hpp"

#include <QObject>
#include <memory>

class QLabel;
class QStackedWidget;

namespace dlab {
class CsvTable;
}

namespace dlab::widgets {
class ChartPanel;
class LatticeView;
} // namespace dlab::widgets

namespace dlab::gui {

// The tab's own settings besides the engine's Phi4Params.
struct Phi4RunSettings {
    bool scan = false;
    std::string kappas = "0.22:0.30:0.01"; // start:stop:step or a comma list
    int scanUpdates = 20000;               // trajectories per chain and κ
};
// Throws ParameterError ("kappas") for text that is not a κ list.
std::vector<double> parseKappaList(const std::string& text);

class Phi4Tab : public QObject, public FieldTheoryTab {
    Q_OBJECT
public:
    explicit Phi4Tab(TabHost* host, QObject* parent = nullptr);

    QString key() const override { return QStringLiteral("phi4"); }
    QString title() const override { return tr("φ⁴"); }
    QWidget* panel() override { return m_panel; }
    QWidget* view() override { return m_view; }
    std::unique_ptr<Experiment> create(std::uint64_t seed) override;
    void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString status() const override;
    int workPerStep() const override { return m_updatesPerStep; }
    void setWorkPerStep(int n) override;
    QString workUnit() const override { return tr("trajectories"); }
    QJsonObject save() const override;
    void load(const QJsonObject& o) override;
    QJsonObject saveResults() const override;
    std::function<void()> readResults(const QJsonObject& results) override;
    void exportData(const QString& directory, ExperimentRunner& runner, ExportDone done) override;
    void setPresentationScale(double scale) override;

    fieldtheory::Phi4Params currentParams() const;
    std::shared_ptr<const fieldtheory::Phi4Snapshot> shown() const { return m_shown; }
    std::shared_ptr<const fieldtheory::Phi4ScanSnapshot> shownScan() const { return m_shownScan; }
    QString readoutText() const;

private:
    // L, κ, λ, algorithm, chains and seed as CSV header lines.
    static void describeRun(CsvTable& t, const fieldtheory::Phi4Params& p);
    void buildPanel();
    void buildView();
    void onChanged(ApplyChange apply);
    void updateVisibility();
    void showRun(const fieldtheory::Phi4Snapshot& s);
    void showScan(const fieldtheory::Phi4ScanSnapshot& s);

    TabHost* m_host;
    QWidget* m_panel = nullptr;
    QWidget* m_view = nullptr;
    QStackedWidget* m_views = nullptr;
    std::unique_ptr<ParameterForm<fieldtheory::Phi4Params>> m_form;
    std::unique_ptr<ParameterForm<Phi4RunSettings>> m_runForm;
    widgets::LatticeView* m_lattice = nullptr;
    widgets::ChartPanel* m_traces = nullptr;
    widgets::ChartPanel* m_histogram = nullptr;
    QLabel* m_readout = nullptr;
    widgets::ChartPanel* m_scanAbsM = nullptr;
    widgets::ChartPanel* m_scanChi2 = nullptr;
    widgets::ChartPanel* m_scanBinder = nullptr;
    QLabel* m_scanInfo = nullptr;
    int m_mLine = -1, m_absLine = -1, m_histLine = -1, m_absAverage = -1, m_exactAbs = -1;
    int m_scanAbsId = -1, m_scanChi2Id = -1, m_scanChi2AbsId = -1, m_scanBinderId = -1;
    double m_fieldRange = 1.0;
    int m_updatesPerStep = 200;
    std::uint64_t m_seed = 1;
    std::shared_ptr<const fieldtheory::Phi4Snapshot> m_shown;
    std::shared_ptr<const fieldtheory::Phi4ScanSnapshot> m_shownScan;
    // A κ scan loaded from a session: shown while a scan with the same
    // parameters has no points of its own yet.
    std::shared_ptr<const fieldtheory::Phi4ScanSnapshot> m_restoredScan;
};

} // namespace dlab::gui
