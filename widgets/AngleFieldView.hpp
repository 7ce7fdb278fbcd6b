#pragma once
// A grid of angles (any real, taken mod 2π) as cells coloured on a cyclic
// colour wheel, with an arrow per cell when cells are large enough, and
// optional ±1 markers at the shared corner of four cells (between cells
// (x, y) and (x+1, y+1), wrapping around the edges): white "+" discs for +1,
// black "−" discs for −1. A legend row under the grid names the markers.
// The view knows nothing about spins: the caller supplies angles and marks.
// Arrows point along (cos a, sin a) in grid coordinates (x right, y down, as
// the cells are laid out), so a winding of the angles around a corner is
// drawn as a winding of the arrows.

#include <QColor>
#include <QImage>
#include <QWidget>
#include <cstdint>
#include <vector>

namespace dlab::widgets {

class AngleFieldView : public QWidget {
    Q_OBJECT
public:
    explicit AngleFieldView(QWidget* parent = nullptr);

    // Row-major angles (radians), element x + width·y.
    void setAngles(const std::vector<double>& angles, int width, int height);
    // width × height marks, element x + width·y at the corner after cell
    // (x, y): +1, −1 or 0 (none). Empty clears them.
    void setCornerMarks(const std::vector<std::int8_t>& marks);
    void setMarkNames(const QString& plus, const QString& minus); // legend text
    void setShowArrows(bool on);
    void setTitle(const QString& title);

    // The colour wheel: angle 0 and 2π give the same colour; a perceptually
    // even cyclic map (light – blue – dark – red – light) rather than HSV,
    // whose yellow and cyan bands read as sharp edges.
    static QColor wheelColor(double angle);

    const QImage& image() const { return m_image; }
    int gridWidth() const { return m_image.width(); }
    int gridHeight() const { return m_image.height(); }
    int markCount() const;
    QRectF gridRect() const;

    QSize sizeHint() const override { return {360, 380}; }
    QSize minimumSizeHint() const override { return {140, 150}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    double titleHeight() const;
    double legendHeight() const;

    QImage m_image;
    std::vector<double> m_angles;
    std::vector<std::int8_t> m_marks;
    QString m_title, m_plusName, m_minusName;
    bool m_arrows = true;
};

} // namespace dlab::widgets
