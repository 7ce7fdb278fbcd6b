#pragma once
// The RBM tab of the Field theory page: a Gaussian scalar-field RBM learning
// a free field (or a data set's correlator). The eigenvalues of K climb onto
// the exact spectrum from the infrared up while N_h and μ² cut off the rest.

#include "FieldTheoryTab.hpp"
#include "ParameterForm.hpp"

#include "engine/experiments/fieldtheory/RbmExperiment.hpp"

#include <QObject>
#include <memory>

class QLabel;
class QGridLayout;

namespace dlab::widgets {
class ChartPanel;
class Heatmap;
} // namespace dlab::widgets

namespace dlab::gui {

class RbmTab : public QObject, public FieldTheoryTab {
    Q_OBJECT
public:
    explicit RbmTab(TabHost* host, QObject* parent = nullptr);

    QString key() const override { return QStringLiteral("rbm"); }
    QString title() const override { return tr("RBM"); }
    QWidget* panel() override { return m_panel; }
    QWidget* view() override { return m_view; }
    std::unique_ptr<Experiment> create(std::uint64_t seed) override;
    void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString status() const override;
    int workPerStep() const override { return m_epochsPerStep; }
    void setWorkPerStep(int n) override;
    QString workUnit() const override { return tr("epochs"); }
    QJsonObject save() const override;
    void load(const QJsonObject& o) override;
    void exportData(const QString& directory, ExperimentRunner& runner, ExportDone done) override;
    void setPresentationScale(double scale) override;

    fieldtheory::RbmParams currentParams() const;
    std::shared_ptr<const fieldtheory::RbmSnapshot> shown() const { return m_shown; }
    QString readoutText() const;

private:
    void buildPanel();
    void buildView();
    void rebuildHistoryChart(const fieldtheory::RbmSnapshot& s);
    void updateVisibility();

    TabHost* m_host;
    QWidget* m_panel = nullptr;
    QWidget* m_view = nullptr;
    QGridLayout* m_grid = nullptr;
    std::unique_ptr<ParameterForm<fieldtheory::RbmParams>> m_form;
    widgets::ChartPanel* m_history = nullptr;
    widgets::ChartPanel* m_spectrum = nullptr;
    widgets::ChartPanel* m_inverse = nullptr;
    widgets::Heatmap* m_weights = nullptr;
    QLabel* m_readout = nullptr;
    std::vector<int> m_modeLines;
    int m_mu2Line = -1;
    int m_learnedPoints = -1, m_exactLine = -1, m_mu2Ref = -1;
    int m_inverseData = -1, m_inverseModel = -1;
    QString m_historyKey; // which experiment the history chart was built for
    int m_epochsPerStep = 5;
    std::uint64_t m_seed = 1;
    double m_scale = 1.0;
    std::shared_ptr<const fieldtheory::RbmSnapshot> m_shown;
};

} // namespace dlab::gui
