#pragma once
// The "Autoregressive networks" page: experiment D1 (a MADE learns the Ising
// Hamiltonian from data), D2 (the variational autoregressive network
// approaches Kaufman's F without data) and D3 (a continuous network learns
// the XY model; O(2) test and vortices), each a tab; D1 and D3 also run as
// sweeps over a temperature list. The panel holds one table of fields per
// experiment (ranges from the engine's Params limits) and says which priors
// each learner uses.

#include "ExperimentPage.hpp"

#include "engine/experiments/autoregressive/Sweeps.hpp"
#include "engine/experiments/autoregressive/VariationalFreeEnergy.hpp"

#include <array>
#include <memory>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace dlab::gui {

class FieldTable;
class HamiltonianView;
class VanView;
class XyView;

class AutoregressivePage : public ExperimentPage {
    Q_OBJECT
public:
    enum class Mode { Hamiltonian = 0, Variational = 1, Xy = 2 };

    explicit AutoregressivePage(QWidget* parent = nullptr);
    QString id() const override { return QStringLiteral("autoregressive"); }
    QString title() const override { return tr("Autoregressive networks"); }
    QWidget* parameterPanel() override { return m_panel; }
    std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) override;
    void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override { return m_status; }
    int workPerStep() const override { return 1; }
    void setWorkPerStep(int) override {} // steps are time-bounded (≈ 15 ms); the run rate is the runner's
    QString workUnit() const override { return tr("steps"); }
    QJsonObject saveParameters() const override;
    void loadParameters(const QJsonObject& params) override;
    QWidget* figureWidget() override;
    void exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done) override;
    void setPresentationScale(double scale) override;

    Mode mode() const;
    void setMode(Mode m);
    bool sweeping() const; // D1 or D3 over a temperature list
    FieldTable* fields(Mode m) const { return m_fields[std::size_t(m)]; }
    autoregressive::LearnedHamiltonianParams hamiltonianParams() const;
    autoregressive::VanParams vanParams() const;
    autoregressive::XyLearningParams xyParams() const;
    std::vector<double> sweepTemperatures() const;
    // What the views show now (for tests and automation).
    std::shared_ptr<const ExperimentSnapshot> shownSnapshot() const { return m_shown; }
    HamiltonianView* hamiltonianView() const { return m_hamiltonian; }
    VanView* vanView() const { return m_van; }
    XyView* xyView() const { return m_xy; }

private:
    void buildPanel();
    void buildHamiltonianFields(FieldTable* t);
    void buildVanFields(FieldTable* t);
    void buildXyFields(FieldTable* t);
    void requestReset();
    // The CSV files of what is on screen (GUI thread).
    QStringList writeShownData(const QString& directory) const;

    QWidget* m_panel = nullptr;
    QComboBox* m_modeBox = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTabWidget* m_tabs = nullptr;
    std::array<FieldTable*, 3> m_fields{};
    HamiltonianView* m_hamiltonian = nullptr;
    VanView* m_van = nullptr;
    XyView* m_xy = nullptr;
    std::uint64_t m_seed = 1;
    bool m_loading = false;
    std::shared_ptr<const ExperimentSnapshot> m_shown;
    QString m_status;
};

} // namespace dlab::gui
