#pragma once
// The Field theory page (experiment E, docs/experiments/fieldtheory.md): three
// tabs — a Gaussian scalar-field RBM, 2D φ⁴ by HMC/Langevin/MALA, and a
// diffusion model as a sampler. The visible tab decides which experiment the
// run controls drive; switching tabs starts that tab's experiment.

#include "ExperimentPage.hpp"
#include "FieldTheoryTab.hpp"

#include <memory>
#include <vector>

class QStackedWidget;
class QTabWidget;

namespace dlab::gui {

class DiffusionTab;
class Phi4Tab;
class RbmTab;

class FieldTheoryPage : public ExperimentPage, private TabHost {
    Q_OBJECT
public:
    explicit FieldTheoryPage(QWidget* parent = nullptr);
    ~FieldTheoryPage() override;

    QString id() const override { return QStringLiteral("fieldtheory"); }
    QString title() const override { return tr("Field theory"); }
    QWidget* parameterPanel() override;
    std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) override;
    void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    int workPerStep() const override;
    void setWorkPerStep(int n) override;
    QString workUnit() const override;
    QJsonObject saveParameters() const override;
    // Each tab's results under its key (the φ⁴ κ scan).
    QJsonObject saveResults() const override;
    ShowResults readResults(const QJsonObject& results) override;
    void loadParameters(const QJsonObject& params) override;
    QWidget* figureWidget() override;
    void exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done) override;
    void setPresentationScale(double scale) override;

    // The visible tab: 0 RBM, 1 φ⁴, 2 diffusion.
    int currentTab() const;
    void setCurrentTab(int index);
    RbmTab* rbmTab() const { return m_rbm; }
    Phi4Tab* phi4Tab() const { return m_phi4; }
    DiffusionTab* diffusionTab() const { return m_diffusion; }

private:
    void requestReset() override;
    void requestEdit(ExperimentRunner::Edit edit) override;
    void reportError(const QString& message) override;
    FieldTheoryTab* current() const;

    QTabWidget* m_tabs = nullptr;
    QStackedWidget* m_panels = nullptr;
    RbmTab* m_rbm = nullptr;
    Phi4Tab* m_phi4 = nullptr;
    DiffusionTab* m_diffusion = nullptr;
    std::vector<FieldTheoryTab*> m_all;
    bool m_loading = false;
};

} // namespace dlab::gui
