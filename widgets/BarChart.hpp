#pragma once
// A few labelled bars with their values printed above them, optional error
// bars and one optional horizontal reference line (e.g. "best possible"),
// a y range and a y-axis title. For comparing a handful of numbers at a
// glance; many points over an axis belong in a ChartPanel.

#include <QColor>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <limits>
#include <vector>

namespace dlab::widgets {

class BarChart : public QWidget {
    Q_OBJECT
public:
    explicit BarChart(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    void setAxisTitle(const QString& y);
    void setRange(double lo, double hi);
    // One bar per label; NaN values leave an empty slot ("not yet").
    // Errors (optional, same length) are drawn as ± whiskers.
    void setBars(const QStringList& labels, const std::vector<double>& values, const std::vector<double>& errors = {},
                 const std::vector<QColor>& colors = {});
    // A dashed horizontal line at y with a label (NaN hides it).
    void setReference(double y, const QString& label);
    void setPresentationScale(double scale);

    const std::vector<double>& values() const { return m_values; }
    QSize sizeHint() const override { return {320, 240}; }
    QSize minimumSizeHint() const override { return {200, 150}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    QString m_title, m_axisTitle, m_referenceLabel;
    QStringList m_labels;
    std::vector<double> m_values, m_errors;
    std::vector<QColor> m_colors;
    double m_lo = 0, m_hi = 1, m_reference = std::numeric_limits<double>::quiet_NaN();
    double m_scale = 1;
};

} // namespace dlab::widgets
