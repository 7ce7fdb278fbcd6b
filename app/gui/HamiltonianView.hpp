#pragma once
// The views of experiment D1 (learned Hamiltonian): Monte Carlo and network
// configurations side by side, the held-out NLL per spin against the exact
// entropy, the H_θ–E scatter with its fitted line and the exact line
// H = E − F (Kaufman's F), the Z2 test (H_θ(−s) against H_θ(s)) with a table
// of the numbers, and the T sweep (NLL per spin and slope through T_c).

#include "engine/experiments/autoregressive/Sweeps.hpp"

#include <QWidget>

class QLabel;
class QTabWidget;

namespace dlab::widgets {
class ChartPanel;
class LatticeView;
} // namespace dlab::widgets

namespace dlab::gui {

class HamiltonianView : public QWidget {
    Q_OBJECT
public:
    explicit HamiltonianView(QWidget* parent = nullptr);
    void showRun(const autoregressive::LearnedHamiltonianSnapshot& s);
    void showSweep(const std::vector<autoregressive::HamiltonianSweepRow>& rows,
                   const std::vector<double>& temperatures);
    void showSweepTab(bool on);
    QWidget* currentFigure() const;
    void setPresentationScale(double scale);
    QString summaryText() const;

private:
    QTabWidget* m_tabs = nullptr;
    widgets::LatticeView* m_mc = nullptr;
    widgets::LatticeView* m_network = nullptr;
    widgets::ChartPanel* m_scatter = nullptr;
    widgets::ChartPanel* m_nll = nullptr;
    widgets::ChartPanel* m_z2 = nullptr;
    widgets::ChartPanel* m_sweepNll = nullptr;
    widgets::ChartPanel* m_sweepSlope = nullptr;
    QLabel* m_summary = nullptr;
    QWidget* m_run = nullptr;
    QWidget* m_sweep = nullptr;
    int m_points = -1, m_fitLine = -1, m_exactLine = -1;
    int m_trainNll = -1, m_testNll = -1, m_entropyRef = -1;
    int m_z2Points = -1, m_diagonal = -1;
    int m_sweepNllPoints = -1, m_sweepEntropy = -1, m_sweepSlopePoints = -1, m_slopeOne = -1;
};

} // namespace dlab::gui
