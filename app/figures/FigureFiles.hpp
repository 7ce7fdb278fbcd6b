#pragma once
// Renders a figure widget offscreen and writes DIR/NAME.png (300 DPI), .svg
// and .pdf: what the CLI's sweep command and the tests use to get the GUI's
// plots as files. Needs a QApplication.

#include <QSize>
#include <QString>
#include <QStringList>

class QWidget;

namespace dlab::figures {

// Returns false and fills `error` on failure; `written` receives the paths.
bool writeFigureFiles(QWidget* figure, QSize logicalSize, const QString& directory, const QString& name,
                      QStringList* written, QString* error);

} // namespace dlab::figures
