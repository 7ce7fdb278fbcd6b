#include "Pages.hpp"

#include "AutoregressivePage.hpp"
#include "DualFramesPage.hpp"
#include "DualityPage.hpp"
#include "FieldTheoryPage.hpp"
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"
#include "SymmetryPage.hpp"

namespace dlab::gui {

void addStandardPages(MainWindow& window)
{
    window.addPage(new MonteCarloPage);
    window.addPage(new DualityPage);
    window.addPage(new SymmetryPage);
    window.addPage(new DualFramesPage);
    window.addPage(new AutoregressivePage);
    window.addPage(new FieldTheoryPage);
}

} // namespace dlab::gui
