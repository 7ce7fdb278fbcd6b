#pragma once
// The "Dual frames" page (docs/experiments/dualframes.md): three tabs — C1
// temperature classification, C2 the n-spin chain, C3 Fourier feature
// separation — each with its own parameters, views and teaching note. The
// run controls drive the visible tab's experiment; switching tabs starts
// that tab's experiment afresh. A session stores every tab's parameters
// and which tab is shown.

#include "ExperimentPage.hpp"

#include <QStackedWidget>
#include <vector>

class QTabWidget;

namespace dlab::gui {

class DualFramesTab;
class DualFramesTemperatureTab;
class DualFramesChainTab;
class DualFramesFourierTab;

class DualFramesPage : public ExperimentPage {
    Q_OBJECT
public:
    explicit DualFramesPage(QWidget* parent = nullptr);

    QString id() const override { return QStringLiteral("dualframes"); }
    QString title() const override { return tr("Dual frames"); }
    QWidget* parameterPanel() override { return m_panels; }
    std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) override;
    void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    int workPerStep() const override { return 1; }
    void setWorkPerStep(int) override {}
    QString workUnit() const override { return tr("steps"); }
    QJsonObject saveParameters() const override;
    void loadParameters(const QJsonObject& params) override;
    QWidget* figureWidget() override;
    QStringList exportData(const QString& directory, ExperimentRunner& runner) override;
    void setPresentationScale(double scale) override;

    DualFramesTab* currentTab() const;
    void setCurrentTab(const QString& key);
    DualFramesTemperatureTab* temperatureTab() const { return m_temperature; }
    DualFramesChainTab* chainTab() const { return m_chain; }
    DualFramesFourierTab* fourierTab() const { return m_fourier; }

private:
    QTabWidget* m_tabs = nullptr;
    QStackedWidget* m_panels = nullptr;
    std::vector<DualFramesTab*> m_all;
    DualFramesTemperatureTab* m_temperature = nullptr;
    DualFramesChainTab* m_chain = nullptr;
    DualFramesFourierTab* m_fourier = nullptr;
    bool m_loading = false;
};

} // namespace dlab::gui
