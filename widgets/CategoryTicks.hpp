#pragma once
// Exact, labelled ticks on a QCategoryAxis (ChartPanel's linear axes): Qt's
// own value-axis ticks accumulate rounding errors and print 0 as −5.55e−17.

#include <QString>
#include <functional>

class QCategoryAxis;

namespace dlab::widgets {

// Replaces the axis' categories with round ticks covering [lo, hi], labelled
// on their values: as many as fit (fittingTicks, at most about 5) on an axis
// `length` pixels long when a label is `extent(label)` pixels along it (Qt
// Charts gives horizontal labels less room than vertical ones).
// Every category boundary is a tick, so every grid line is at a labelled
// value. Leaves an axis that already has these ticks untouched (each change
// re-lays out the chart).
void setCategoryTicks(QCategoryAxis* axis, double lo, double hi, double length,
                      const std::function<double(const QString&)>& extent, bool horizontal);

} // namespace dlab::widgets
