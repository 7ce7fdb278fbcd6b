#include "widgets/CategoryTicks.hpp"

#include "widgets/Ticks.hpp"

#include <QCategoryAxis>
#include <QStringList>
#include <cmath>

namespace dlab::widgets {

namespace {

// Qt Charts pads a horizontal label by 4 px on each side and hides a
// vertical one that overlaps its neighbour; a little more keeps labels
// visibly apart.
constexpr double horizontalGap = 10, verticalGap = 4;

QString tickLabel(double v, double step, int digits)
{
    return QString::number(std::abs(v) < 1e-12 * step ? 0.0 : v, 'g', digits);
}

// Labels with the fewest significant digits (at least 6) that tell all ticks
// apart: QCategoryAxis silently drops a category whose label already exists.
QStringList tickLabels(const std::vector<double>& ticks)
{
    const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : 1.0;
    QStringList labels;
    for (int digits = 6; digits <= 17; ++digits) {
        labels.clear();
        for (double v : ticks)
            labels << tickLabel(v, step, digits);
        if (labels.removeDuplicates() == 0) break;
    }
    return labels;
}

} // namespace

void setCategoryTicks(QCategoryAxis* axis, double lo, double hi, double length,
                      const std::function<double(const QString&)>& extent, bool horizontal)
{
    std::vector<double> ticks = fittingTicks(
        lo, hi, length, [&](double v) { return extent(tickLabel(v, (hi - lo) / 5, 6)); },
        horizontal ? horizontalGap : verticalGap, 5, horizontal ? LabelRoom::AxisShare : LabelRoom::Spacing);
    const QStringList labels = tickLabels(ticks);
    ticks.resize(std::size_t(labels.size()));
    auto unchanged = [&] {
        if (axis->categoriesLabels() != labels || ticks.empty()) return false;
        for (std::size_t i = 0; i < ticks.size(); ++i)
            if (axis->endValue(labels[qsizetype(i)]) != ticks[i]) return false;
        return axis->startValue(labels.front()) == ticks.front();
    };
    if (unchanged()) return;
    for (const QString& label : axis->categoriesLabels())
        axis->remove(label);
    if (ticks.empty()) return;
    // The start value is the first category boundary and gets a grid line.
    // setStartValue() sets the axis' own start only while it has no categories
    // (with categories it edits the first one, which is then removed), so it
    // must come after the removal; before, the start from the first layout
    // (−0.06, the padded empty range) stayed and drew a stray grid line there.
    // Starting at the first tick (a zero-width first category) puts that grid
    // line on a labelled value whatever the range.
    axis->setStartValue(ticks.front());
    for (std::size_t i = 0; i < ticks.size(); ++i)
        axis->append(labels[qsizetype(i)], ticks[i]);
}

} // namespace dlab::widgets
