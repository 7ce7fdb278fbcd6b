#pragma once
// Many points (≥ 10⁴) coloured by class, for embeddings such as t-SNE: mouse
// wheel zooms about the cursor, dragging pans, double-click resets, hovering
// shows the nearest point's class and coordinates in a tooltip.

#include "widgets/Ticks.hpp"

#include <QStringList>
#include <QWidget>
#include <vector>

namespace dlab::widgets {

class ScatterPlot : public QWidget {
    Q_OBJECT
public:
    explicit ScatterPlot(QWidget* parent = nullptr);

    // classes[i] ≥ 0 picks the colour (Okabe–Ito palette); empty = all class 0.
    void setPoints(std::vector<double> x, std::vector<double> y, std::vector<int> classes = {});
    void setClassNames(const QStringList& names);
    // Ordered classes (level sets V = −1 … 1, temperatures): colours from a
    // sequential map (viridis, dark to light) in class order, so the legend
    // reads as a colour bar and no two classes share a colour. Unordered
    // classes use the Okabe–Ito palette.
    void setOrderedClasses(bool on);
    bool orderedClasses() const { return m_ordered; }
    QColor classColor(int c) const;
    const QStringList& classNames() const { return m_classNames; }
    void setAxisTitles(const QString& x, const QString& y);
    void setTitle(const QString& title);
    void setPointSize(double pixels);
    void setPresentationScale(double scale);
    void resetView();
    // One data unit is as long on x as on y (circles stay circles: a
    // rotation symmetry must look like one). The view grows along one axis
    // to fill the plot; zoom and pan keep the aspect.
    void setEqualAspect(bool on);
    bool equalAspect() const { return m_equalAspect; }

    std::size_t pointCount() const { return m_x.size(); }
    QRectF viewRect() const { return m_view; } // visible data range, y up
    // Index of the point drawn nearest to a widget position within `radius`
    // pixels, or −1.
    int pointNear(const QPointF& pos, double radius = 8) const;
    // Zoom by `factor` (> 1 zooms in) about a widget position.
    void zoomAt(const QPointF& pos, double factor);
    QRectF plotRect() const;
    // The class legend's font: the plot's, shrunk (to 55 % at most) so the
    // legend takes no more than a quarter of the width and fits the height —
    // in presentation mode eleven class names would squeeze the plot away.
    QFont legendFont() const;
    QSize sizeHint() const override { return {480, 420}; }

Q_SIGNALS:
    void pointHovered(int index);

protected:
    void paintEvent(QPaintEvent*) override;
    void wheelEvent(QWheelEvent*) override;
    void mousePressEvent(QMouseEvent*) override;
    void mouseMoveEvent(QMouseEvent*) override;
    void mouseReleaseEvent(QMouseEvent*) override;
    void mouseDoubleClickEvent(QMouseEvent*) override;
    void resizeEvent(QResizeEvent*) override;

private:
    QPointF toScreen(double x, double y) const;
    QPointF toData(const QPointF& p) const;
    // With equal aspect: reshape m_view about its centre to the plot's shape.
    void fitAspect(bool keepArea = false);

    std::vector<double> m_x, m_y;
    std::vector<int> m_class;
    QStringList m_classNames;
    QString m_xTitle, m_yTitle, m_title;
    QRectF m_view{0, 0, 1, 1};
    double m_pointSize = 4, m_scale = 1;
    bool m_dragging = false;
    bool m_equalAspect = false;
    bool m_ordered = false;
    QPointF m_dragStart;
    QRectF m_dragView;
};

} // namespace dlab::widgets
