#pragma once
// The Diffusion tab of the Field theory page: a diffusion model learns φ⁴
// configurations from HMC. Training loss live, the denoising from noise to
// field as a strip of lattice views, the table of ⟨M⟩, ⟨|M|⟩, χ2, U_L for the
// HMC training and test sets, the generated set and exact-drift Langevin,
// and the histograms of M.

#include "FieldTheoryTab.hpp"
#include "ParameterForm.hpp"

#include "engine/experiments/fieldtheory/DiffusionExperiment.hpp"

#include <QObject>
#include <memory>
#include <vector>

class QLabel;
class QProgressBar;

namespace dlab::widgets {
class ChartPanel;
class LatticeView;
} // namespace dlab::widgets

namespace dlab::gui {

class DiffusionTab : public QObject, public FieldTheoryTab {
    Q_OBJECT
public:
    explicit DiffusionTab(TabHost* host, QObject* parent = nullptr);

    QString key() const override { return QStringLiteral("diffusion"); }
    QString title() const override { return tr("Diffusion"); }
    QWidget* panel() override { return m_panel; }
    QWidget* view() override { return m_view; }
    std::unique_ptr<Experiment> create(std::uint64_t seed) override;
    void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString status() const override;
    int workPerStep() const override { return 1; }
    void setWorkPerStep(int) override {}
    QString workUnit() const override { return tr("steps"); }
    QJsonObject save() const override;
    void load(const QJsonObject& o) override;
    void exportData(const QString& directory, ExperimentRunner& runner, ExportDone done) override;
    void setPresentationScale(double scale) override;

    fieldtheory::DiffusionParams currentParams() const;
    std::shared_ptr<const fieldtheory::DiffusionSnapshot> shown() const { return m_shown; }
    QString tableText() const;

private:
    void buildPanel();
    void buildView();

    TabHost* m_host;
    QWidget* m_panel = nullptr;
    QWidget* m_view = nullptr;
    std::unique_ptr<ParameterForm<fieldtheory::DiffusionParams>> m_form;
    widgets::ChartPanel* m_loss = nullptr;
    widgets::ChartPanel* m_histograms = nullptr;
    std::vector<widgets::LatticeView*> m_strip;
    QLabel* m_table = nullptr;
    QLabel* m_phase = nullptr;
    QProgressBar* m_progress = nullptr;
    int m_trainLoss = -1, m_testLoss = -1;
    std::vector<int> m_histLines;
    std::uint64_t m_seed = 1;
    std::shared_ptr<const fieldtheory::DiffusionSnapshot> m_shown;
};

} // namespace dlab::gui
