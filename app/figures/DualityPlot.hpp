#pragma once
// The β ↔ β̃ duality plot of a sweep (docs/experiments/duality.md): learned t0 against the data
// β, averaged over the seeds that ended in the same frame (error bars = standard
// error over those seeds), with the Kramers–Wannier curve β̃(β), its mirror
// −β̃(β), the lines ±β (original and its antiferromagnetic image) and β_c.
// Grouping by frame matters: a mean over one seed at +β̃ and one at −β̃ would
// be a point on no curve at all. Only κ = 0 runs belong here (the KW curve is
// the dual of the plain Ising model); PlaquettePlot shows the κ ≠ 0 ones.

#include "engine/experiments/duality/DualityContinuation.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <QString>
#include <QStringList>
#include <utility>
#include <vector>

namespace dlab::widgets {
class ChartPanel;
}

namespace dlab::figures {

class DualityPlot {
public:
    // Adds the plot's series to an empty chart (which the caller owns).
    explicit DualityPlot(widgets::ChartPanel* chart);
    void setRows(const std::vector<DualitySweepRow>& rows);
    // A continuation path (DualityContinuation.hpp): its finished stages'
    // learned t0 joined in the order walked, and optionally the stage being
    // learned (its β and current t0) at the end. An empty path hides it.
    struct PathPoint {
        double beta = 0, t0 = 0;
    };
    void setPath(const std::vector<PathPoint>& path);
    static std::vector<PathPoint> pathPoints(const std::vector<DualityStage>& stages);
    widgets::ChartPanel* chart() const { return m_chart; }
    int pathLine() const { return m_pathLine; } // the path's series in chart()

    // One point per (β, frame): mean t0 and its standard error over seeds.
    struct Point {
        double beta = 0, t0 = 0, error = 0;
        int runs = 0;
    };
    static std::vector<Point> pointsForFrame(const std::vector<DualitySweepRow>& rows, DualityFrame frame);

private:
    void redraw();
    widgets::ChartPanel* m_chart;
    std::vector<DualitySweepRow> m_rows;
    std::vector<PathPoint> m_path;
    int m_pathLine = -1, m_pathPoints = -1;
    int m_kw = -1, m_kwMirror = -1, m_plus = -1, m_minus = -1, m_critical = -1;
    int m_dual = -1, m_dualAf = -1, m_original = -1, m_antiferro = -1, m_undecided = -1;
};

// The β range of reference curves for a sweep (and a path): the swept β and
// always β_c, so the self-dual point where β̃ crosses β is on the plot.
std::pair<double, double> referenceBetaRange(const std::vector<DualitySweepRow>& rows,
                                             const std::vector<double>& pathBetas = {});

// Renders the plot (880×560 logical pixels) and writes DIR/duality.png (300
// DPI), .svg and .pdf. Needs a QApplication. Returns false and fills `error`
// on failure; `written` receives the paths.
bool writeDualityPlotFiles(const std::vector<DualitySweepRow>& rows, const QString& directory,
                           QStringList* written = nullptr, QString* error = nullptr);

} // namespace dlab::figures
