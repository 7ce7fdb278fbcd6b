#include "FigureFiles.hpp"

#include "widgets/FigureExporter.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QObject>
#include <QWidget>

namespace dlab::figures {

bool writeFigureFiles(QWidget* figure, QSize logicalSize, const QString& directory, const QString& name,
                      QStringList* written, QString* error)
{
    if (!QDir().mkpath(directory)) {
        if (error) *error = QObject::tr("cannot create %1").arg(directory);
        return false;
    }
    figure->resize(logicalSize);
    // Lay the figure out without putting a window on any screen.
    figure->setAttribute(Qt::WA_DontShowOnScreen);
    figure->show();
    QCoreApplication::processEvents();
    for (const char* suffix : {".png", ".svg", ".pdf"}) {
        const QString path = QDir(directory).filePath(name + QString::fromLatin1(suffix));
        if (!widgets::FigureExporter::exportFigure(figure, path, 300, error)) return false;
        if (written) *written << path;
    }
    return true;
}

} // namespace dlab::figures
