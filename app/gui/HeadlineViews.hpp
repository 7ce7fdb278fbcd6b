#pragma once
// Which views a page shows big in presentation mode (docs/gui.md): at
// projector sizes the fonts grow, so only the headline views — the figures
// the lecture is about — stay, and get the room the others leave; the normal
// window shows every view. One rule for every page that thins its views
// (DualFramesTab, SymmetryPage).

#include <QWidget>
#include <vector>

class QGridLayout;

namespace dlab::gui {

class HeadlineViews {
public:
    HeadlineViews() = default;
    // `all` in reading order; `headline` a subset of it.
    HeadlineViews(std::vector<QWidget*> all, std::vector<QWidget*> headline);

    // Presentation mode scales fonts above 1.
    static bool presenting(double scale) { return scale > 1.0; }

    // Shows the headline views only when presenting, every view otherwise;
    // returns the views now shown, in reading order.
    const std::vector<QWidget*>& show(bool presentation) const;

    // show(), then places the shown views in `grid` row by row, `columns` per
    // row, the last view spanning the rest of its row, and stretches the rows
    // and columns in use only. Returns the number of rows used.
    int placeInGrid(QGridLayout* grid, bool presentation, int columns) const;

private:
    std::vector<QWidget*> m_all, m_headline;
};

} // namespace dlab::gui
