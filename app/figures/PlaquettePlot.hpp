#pragma once
// The plaquette-model sweep (docs/experiments/duality.md, "learned (t0, t1) against (β, κ)"):
// two panels side by side, the learned nearest-neighbour coupling |t0| and
// the learned plaquette coupling t1 against the data's β, one colour per data
// κ. Only runs whose attention settled on a dual link (slot 1 or 2) are
// coloured — they are the duals the machine proposes; runs that kept the link
// itself (slot 6, the trivial solution) or settled nowhere are grey.
// References: the Kramers–Wannier curve β̃(β) and t1 = 0 (the exact dual at
// κ = 0), the line t0 = β and t1 = κ per κ (the trivial solution), and β_c.
// t0 is shown up to its sign: the sublattice flip s → (−1)^{x+y} s maps
// (t0, t1, θ2, θ3) to (−t0, t1, −θ2, θ3), the same model, so a mean over seeds
// that ended on either image is taken of |t0|.

#include "engine/experiments/duality/DualitySweep.hpp"

#include <QString>
#include <QStringList>
#include <QWidget>
#include <utility>
#include <vector>

namespace dlab::widgets {
class ChartPanel;
}

namespace dlab::figures {

class PlaquettePlot : public QWidget {
    Q_OBJECT
public:
    explicit PlaquettePlot(QWidget* parent = nullptr);
    void setRows(const std::vector<DualitySweepRow>& rows);
    void setPresentationScale(double scale);
    widgets::ChartPanel* t0Chart() const { return m_t0; }
    widgets::ChartPanel* t1Chart() const { return m_t1; }

    enum class Solution { DualLike, Identity, Other, Diverged };
    // Where a run's attention settled: a dual link (slot 1 or 2), the link
    // itself (slot 6), each with weight ≥ 0.5, or anywhere else; Diverged
    // when a coupling ran into the learner's limit (not plotted: it would
    // squash the scale, the chart title counts them instead).
    static Solution solutionOf(const DualitySweepRow& row);

    // One point per (κ, β) over the seeds of one kind of solution: mean |t0|,
    // mean t1 and their standard errors (0 for a single run).
    struct Point {
        double kappa = 0, beta = 0;
        double t0 = 0, t0Error = 0, t1 = 0, t1Error = 0;
        int runs = 0;
    };
    static std::vector<Point> points(const std::vector<DualitySweepRow>& rows, Solution kind);
    // The distinct κ of the rows, ascending.
    static std::vector<double> kappasOf(const std::vector<DualitySweepRow>& rows);

private:
    void rebuild(const std::vector<double>& kappas);
    std::vector<double> m_kappas;
    widgets::ChartPanel* m_t0 = nullptr;
    widgets::ChartPanel* m_t1 = nullptr;
    double m_scale = 1.0;
    // Series ids: (in the t0 chart, in the t1 chart) per κ and per grey kind.
    std::vector<std::pair<int, int>> m_dualIds;
    std::pair<int, int> m_identityIds{-1, -1}, m_otherIds{-1, -1};
    int m_kwLine = -1, m_betaLine = -1, m_criticalLine = -1;
    std::vector<std::pair<int, double>> m_t1Lines; // (id, t1 value) of horizontal lines
};

// True when the rows need the plaquette plot (some κ ≠ 0).
bool hasPlaquetteRuns(const std::vector<DualitySweepRow>& rows);

// Renders the plot (1100×520 logical pixels) and writes DIR/plaquette.png (300
// DPI), .svg and .pdf. Needs a QApplication. Returns false and fills `error`
// on failure; `written` receives the paths.
bool writePlaquettePlotFiles(const std::vector<DualitySweepRow>& rows, const QString& directory,
                             QStringList* written = nullptr, QString* error = nullptr);

} // namespace dlab::figures
