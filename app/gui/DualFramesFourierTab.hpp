#pragma once
// Tab C3 of the Dual frames page: a sine in noise. A noisy example, the
// two learned weight vectors of the feature-separation layer over the
// cos/sin pair at the signal frequency, their power spectrum, the training
// curves and the three test accuracies beside the matched detector's.

#include "DualFramesTab.hpp"

#include "engine/experiments/dualframes/FourierExperiment.hpp"

class QLabel;

namespace dlab::widgets {
class BarChart;
class ChartPanel;
} // namespace dlab::widgets

namespace dlab::gui {

class DualFramesFourierTab : public DualFramesTab {
    Q_OBJECT
public:
    explicit DualFramesFourierTab(QWidget* parent = nullptr);

    QString key() const override { return QStringLiteral("fourier"); }
    QString title() const override { return tr("C3 · Fourier"); }
    std::unique_ptr<Experiment> create(std::uint64_t seed) override;
    void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    QStringList exportData(const QDir& directory) const override;
    void scaleViews(double scale) override;

    dualframes::FourierParams params() const;
    std::shared_ptr<const dualframes::FourierSnapshot> shown() const { return m_shown; }
    widgets::BarChart* accuracyBars() const { return m_bars; }

private:
    std::uint64_t m_seed = 1;
    std::shared_ptr<const dualframes::FourierSnapshot> m_shown;
    widgets::ChartPanel* m_signal = nullptr;
    widgets::ChartPanel* m_weights = nullptr;
    widgets::ChartPanel* m_spectrum = nullptr;
    widgets::ChartPanel* m_curves = nullptr;
    widgets::BarChart* m_bars = nullptr;
    QLabel* m_readout = nullptr;
    int m_noisy = -1, m_clean = -1;
    int m_unit[2] = {-1, -1}, m_mode[2] = {-1, -1};
    int m_power = -1, m_marker = -1;
    int m_separationCurve = -1, m_plainCurve = -1, m_matchedExact = -1, m_matchedTest = -1;
};

} // namespace dlab::gui
