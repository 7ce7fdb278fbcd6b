#pragma once
// The application's pages, in tab order: the one list that main() and the
// tests that walk every page share. A new page is added here (and gets the
// window's run controls, session, presentation mode, help and error display
// from MainWindow — see docs/CONTRIBUTING.md).

namespace dlab::gui {

class MainWindow;
void addStandardPages(MainWindow& window);

} // namespace dlab::gui
