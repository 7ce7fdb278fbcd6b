#pragma once
// The β scan's figure: E/N, C, |m|, χ and the Binder cumulant U_L against β,
// Monte Carlo points with error bars (one colour per L) over Kaufman's exact
// finite-torus curves (dashed, same colour) and Onsager's L → ∞ curves (grey),
// filled in point by point while the scan runs.

#include "engine/experiments/scan/BetaScan.hpp"

#include <QWidget>
#include <memory>
#include <vector>

class QGridLayout;
class QLabel;

namespace dlab::widgets {
class ChartPanel;
}

namespace dlab::gui {

class BetaScanView : public QWidget {
    Q_OBJECT
public:
    explicit BetaScanView(QWidget* parent = nullptr);
    void show(const BetaScanSnapshot& s);
    void setPresentationScale(double scale);
    // "point 3 of 40: L = 16, β = 0.34 (62 %), about 12 s left", "finished", …
    QString progressText() const;
    std::vector<widgets::ChartPanel*> charts() const;

private:
    void rebuild(const BetaScanSnapshot& s);

    QGridLayout* m_grid = nullptr;
    QLabel* m_progress = nullptr;
    struct Panel {
        widgets::ChartPanel* chart = nullptr;
        std::vector<int> points, exact; // per size
        int onsager = -1;
    };
    Panel m_energy, m_heat, m_mag, m_chi, m_binder;
    std::vector<int> m_sizes;
    std::shared_ptr<const BetaScanCurves> m_curves;
    std::size_t m_rowsShown = std::size_t(-1);
    double m_scale = 1.0;
    QString m_progressText;
};

} // namespace dlab::gui
