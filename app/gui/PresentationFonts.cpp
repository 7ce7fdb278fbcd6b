#include "PresentationFonts.hpp"

#include <QFont>
#include <QTabBar>
#include <QTabWidget>

namespace dlab::gui {

void scaleTabBars(QWidget* page, double scale)
{
    QFont f;
    f.setPointSizeF(QFont().pointSizeF() * scale);
    for (auto* tabs : page->findChildren<QTabWidget*>())
        tabs->tabBar()->setFont(f);
}

} // namespace dlab::gui
