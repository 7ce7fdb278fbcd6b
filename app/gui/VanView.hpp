#pragma once
// The views of experiment D2 (variational autoregressive network): network
// samples, F_q per optimiser step against Kaufman's exact F, the relative
// error on a logarithmic axis, and a table of the final estimates
// (F_q ± error, F from importance sampling, E and |m| reweighted, ESS).

#include "engine/experiments/autoregressive/VariationalFreeEnergy.hpp"

#include <QWidget>
#include <array>

class QLabel;

namespace dlab::widgets {
class ChartPanel;
class LatticeView;
} // namespace dlab::widgets

namespace dlab::gui {

class VanView : public QWidget {
    Q_OBJECT
public:
    explicit VanView(QWidget* parent = nullptr);
    void show(const autoregressive::VanSnapshot& s);
    QWidget* figure() { return this; }
    void setPresentationScale(double scale);
    QString summaryText() const;

private:
    std::array<widgets::LatticeView*, 4> m_samples{};
    widgets::ChartPanel* m_free = nullptr;
    widgets::ChartPanel* m_relative = nullptr;
    QLabel* m_summary = nullptr;
    int m_fq = -1, m_exact = -1, m_rel = -1, m_bar = -1;
};

} // namespace dlab::gui
