#pragma once
// Tab C2 of the Dual frames page: the n-spin chain. Its energy landscape
// with the metastable states, the balanced accuracy of the three
// classifiers (original, dual, autoencoder code) against the training-set
// size, and the encoder's sensitivity matrix beside the true dual's.

#include "DualFramesTab.hpp"

#include "engine/experiments/dualframes/SpinChainExperiment.hpp"

class QLabel;

namespace dlab::widgets {
class ChartPanel;
class Heatmap;
} // namespace dlab::widgets

namespace dlab::gui {

class DualFramesChainTab : public DualFramesTab {
    Q_OBJECT
public:
    explicit DualFramesChainTab(QWidget* parent = nullptr);

    QString key() const override { return QStringLiteral("chain"); }
    QString title() const override { return tr("C2 · Spin chain"); }
    std::unique_ptr<Experiment> create(std::uint64_t seed) override;
    void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    QStringList exportData(const QDir& directory) const override;
    void scaleViews(double scale) override;

    dualframes::SpinChainParams params() const;
    std::shared_ptr<const dualframes::SpinChainSnapshot> shown() const { return m_shown; }

private:
    void showSensitivity(const dualframes::SpinChainSnapshot& s);
    void showDualSensitivity(const dualframes::SpinChainSnapshot& s);

    std::uint64_t m_seed = 1;
    std::shared_ptr<const dualframes::SpinChainSnapshot> m_shown;
    widgets::ChartPanel* m_landscape = nullptr;
    widgets::ChartPanel* m_accuracy = nullptr;
    widgets::ChartPanel* m_training = nullptr;
    widgets::ChartPanel* m_autoencoder = nullptr;
    widgets::Heatmap* m_learned = nullptr;
    widgets::Heatmap* m_dual = nullptr;
    QLabel* m_readout = nullptr;
    int m_levels[3] = {-1, -1, -1};
    int m_frameLine[3] = {-1, -1, -1}, m_frameBars[3] = {-1, -1, -1}, m_best = -1;
    int m_margin = -1; // invisible: widens the x range so the end points' markers are not cut
    int m_trainLine = -1, m_validationLine = -1;
    int m_reconstruction = -1, m_energy = -1;
    bool m_sensitivityShown = false;
    bool m_dualShown = false;
};

} // namespace dlab::gui
