#include "Pages.hpp"

#include "DualityPage.hpp"
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"
#include "SymmetryPage.hpp"

namespace dlab::gui {

void addStandardPages(MainWindow& window)
{
    window.addPage(new MonteCarloPage);
    window.addPage(new DualityPage);
    window.addPage(new SymmetryPage);
}

} // namespace dlab::gui
