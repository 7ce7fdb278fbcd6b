#pragma once
// Draws a width×height grid of values as square cells through one indexed
// QImage (so 1024² cells redraw at well above 30 fps), with a colour map and
// optional overlays drawn when cells are large enough to see them:
//  - bonds: the edge between neighbouring cells, coloured by the product of
//    their signs (satisfied / frustrated), periodic wrap-around included;
//  - walls: the edge between neighbouring cells of different value, drawn on
//    the dual grid (perpendicular to the bond it cuts);
//  - highlighted edges chosen by the caller.
// The view knows nothing of spins or physics: values are numbers in [lo, hi].

#include "widgets/ColorMap.hpp"

#include <QImage>
#include <QWidget>
#include <cstdint>
#include <vector>

namespace dlab::widgets {

class LatticeView : public QWidget {
    Q_OBJECT
public:
    // An edge leaving cell (x, y) towards +x (horizontal) or +y (vertical).
    struct Edge {
        int x = 0, y = 0;
        bool vertical = false;
    };

    explicit LatticeView(QWidget* parent = nullptr);

    // Row-major values, element x + width·y; lo and hi map to the colour map's ends.
    void setValues(const std::int8_t* values, int width, int height, double lo = -1, double hi = 1);
    void setValues(const std::vector<double>& values, int width, int height, double lo, double hi);

    void setColorMap(ColorMap map);
    ColorMap colorMap() const { return m_map; }
    void setShowBonds(bool on);
    // Colour of the bonds joining cells of opposite sign; pick one the colour
    // map does not contain (the default yellow vanishes on viridis' top end).
    void setBondColor(const QColor& c);
    void setShowWalls(bool on);
    void setHighlightedEdges(std::vector<Edge> edges);
    bool showBonds() const { return m_showBonds; }
    bool showWalls() const { return m_showWalls; }
    void setTitle(const QString& title);

    const QImage& image() const { return m_image; }
    int gridWidth() const { return m_image.width(); }
    int gridHeight() const { return m_image.height(); }
    // Where the grid is drawn inside the widget (square cells, centred).
    QRectF gridRect() const;

    QSize sizeHint() const override { return {480, 480}; }
    QSize minimumSizeHint() const override { return {160, 160}; }
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int w) const override { return w; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    void ensureImage(int width, int height);
    void drawOverlays(QPainter& p, const QRectF& r) const;
    int level(int x, int y) const { return m_image.constScanLine(y)[x]; }

    QImage m_image; // Format_Indexed8, one byte per cell: 0 … 255 along the colour map
    ColorMap m_map = ColorMap::Diverging;
    bool m_showBonds = false, m_showWalls = false;
    QColor m_bondColor{255, 200, 0};
    std::vector<Edge> m_highlighted;
    QString m_title;
};

} // namespace dlab::widgets
