#pragma once
// The views of experiment D3 (XY model and the continuous autoregressive
// network): Monte Carlo and network configurations as angle colour wheels
// with vortices and antivortices marked, the NLL curves, the O(2) test (H_θ
// of globally rotated configurations against the angle, with its table) and
// the T sweep of vortex densities, generated against Monte Carlo.

#include "engine/experiments/autoregressive/Sweeps.hpp"

#include <QWidget>

class QLabel;
class QTabWidget;

namespace dlab::widgets {
class AngleFieldView;
class ChartPanel;
} // namespace dlab::widgets

namespace dlab::gui {

class XyView : public QWidget {
    Q_OBJECT
public:
    explicit XyView(QWidget* parent = nullptr);
    void showRun(const autoregressive::XyLearningSnapshot& s);
    void showSweep(const std::vector<autoregressive::XySweepRow>& rows, const std::vector<double>& temperatures);
    void showSweepTab(bool on);
    QWidget* currentFigure() const;
    void setPresentationScale(double scale);
    QString summaryText() const;
    widgets::AngleFieldView* mcView() const { return m_mc; }
    widgets::AngleFieldView* networkView() const { return m_network; }

private:
    QTabWidget* m_tabs = nullptr;
    QWidget* m_run = nullptr;
    QWidget* m_sweep = nullptr;
    widgets::AngleFieldView* m_mc = nullptr;
    widgets::AngleFieldView* m_network = nullptr;
    widgets::ChartPanel* m_nll = nullptr;
    widgets::ChartPanel* m_o2 = nullptr;
    widgets::ChartPanel* m_vortices = nullptr;
    QLabel* m_summary = nullptr;
    int m_train = -1, m_test = -1, m_o2Points = -1, m_o2Mean = -1;
    int m_vMc = -1, m_vNet = -1;
};

} // namespace dlab::gui
