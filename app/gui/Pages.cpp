#include "Pages.hpp"

#include "AutoregressivePage.hpp"
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
    window.addPage(new AutoregressivePage);
}

} // namespace dlab::gui
