#pragma once
// A matrix drawn as coloured cells with row/column labels, a colour bar with
// its value range, and optionally the numbers in the cells when they fit.

#include "widgets/ColorMap.hpp"

#include <QImage>
#include <QStringList>
#include <QWidget>
#include <vector>

namespace dlab::widgets {

class Heatmap : public QWidget {
    Q_OBJECT
public:
    explicit Heatmap(QWidget* parent = nullptr);

    // Row-major rows × cols values. The colour range is the data's min/max
    // unless setRange() fixed it.
    void setMatrix(int rows, int cols, std::vector<double> values);
    void setRange(double lo, double hi);
    void setAutoRange();
    void setRowLabels(const QStringList& labels);
    void setColumnLabels(const QStringList& labels);
    void setTitle(const QString& title);
    void setColorBarLabel(const QString& label);
    void setColorMap(ColorMap map);
    void setShowValues(bool on);
    void setPresentationScale(double scale);

    double rangeLow() const { return m_lo; }
    double rangeHigh() const { return m_hi; }
    QRectF matrixRect() const;
    QSize sizeHint() const override { return {420, 360}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    void rebuildImage();

    int m_rows = 0, m_cols = 0;
    std::vector<double> m_values;
    double m_lo = 0, m_hi = 1;
    bool m_autoRange = true, m_showValues = true;
    QStringList m_rowLabels, m_colLabels;
    QString m_title, m_barLabel;
    ColorMap m_map = ColorMap::Viridis;
    QImage m_image;
    double m_scale = 1.0;
};

} // namespace dlab::widgets
