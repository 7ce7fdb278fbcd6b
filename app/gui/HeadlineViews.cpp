#include "HeadlineViews.hpp"

#include <QGridLayout>
#include <algorithm>

namespace dlab::gui {

HeadlineViews::HeadlineViews(std::vector<QWidget*> all, std::vector<QWidget*> headline)
    : m_all(std::move(all)), m_headline(std::move(headline))
{}

const std::vector<QWidget*>& HeadlineViews::show(bool presentation) const
{
    const std::vector<QWidget*>& shown = presentation ? m_headline : m_all;
    for (QWidget* w : m_all)
        w->setVisible(std::find(shown.begin(), shown.end(), w) != shown.end());
    return shown;
}

int HeadlineViews::placeInGrid(QGridLayout* grid, bool presentation, int columns) const
{
    for (QWidget* w : m_all)
        grid->removeWidget(w);
    const std::vector<QWidget*>& shown = show(presentation);
    const int n = int(shown.size()), rows = (n + columns - 1) / columns;
    for (int i = 0; i < n; ++i) {
        const int row = i / columns, column = i % columns;
        const bool last = i == n - 1;
        grid->addWidget(shown[std::size_t(i)], row, column, 1, last ? columns - column : 1);
    }
    // Rows and columns left from a wider placement must not keep their share.
    for (int r = 0; r < std::max(rows, grid->rowCount()); ++r)
        grid->setRowStretch(r, r < rows ? 1 : 0);
    for (int c = 0; c < std::max(columns, grid->columnCount()); ++c)
        grid->setColumnStretch(c, c < columns ? 1 : 0);
    return rows;
}

} // namespace dlab::gui
