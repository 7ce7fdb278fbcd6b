#pragma once
// Tab C1 of the Dual frames page: temperature classification of Ising
// configurations in the original and the Kramers–Wannier dual frame, with
// the best-possible accuracy beside the learned one, the energy histograms
// of both frames and sample configurations.

#include "DualFramesTab.hpp"

#include "engine/experiments/dualframes/TemperatureExperiment.hpp"

class QComboBox;
class QLabel;

namespace dlab::widgets {
class ChartPanel;
class LatticeView;
} // namespace dlab::widgets

namespace dlab::gui {

class DualFramesTemperatureTab : public DualFramesTab {
    Q_OBJECT
public:
    explicit DualFramesTemperatureTab(QWidget* parent = nullptr);

    QString key() const override { return QStringLiteral("temperature"); }
    QString title() const override { return tr("C1 · Temperature"); }
    std::unique_ptr<Experiment> create(std::uint64_t seed) override;
    void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    QStringList exportData(const QDir& directory) const override;
    void scaleViews(double scale) override;

    dualframes::TemperatureParams params() const;
    std::shared_ptr<const dualframes::TemperatureSnapshot> shown() const { return m_shown; }
    widgets::ChartPanel* accuracyChart() const { return m_accuracy; }

private:
    void showPair();

    std::uint64_t m_seed = 1;
    std::shared_ptr<const dualframes::TemperatureSnapshot> m_shown;
    widgets::ChartPanel* m_accuracy = nullptr;
    widgets::ChartPanel* m_histogram[2] = {nullptr, nullptr};
    widgets::ChartPanel* m_training = nullptr;
    widgets::LatticeView* m_lattice[2][2] = {{nullptr, nullptr}, {nullptr, nullptr}}; // [frame][T0 / T0 + ΔT]
    QComboBox* m_pair = nullptr;
    QLabel* m_readout = nullptr;
    int m_bestLine[2] = {-1, -1}, m_learned[2] = {-1, -1}, m_histLine[2][2] = {{-1, -1}, {-1, -1}};
    int m_margin = -1; // invisible: widens the x range so the end points' markers are not cut
    int m_trainLine = -1, m_validationLine = -1, m_trainingBest = -1;
};

} // namespace dlab::gui
