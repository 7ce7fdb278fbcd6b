#include "FigureFiles.hpp"

#include "widgets/FigureExporter.hpp"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QObject>
#include <QWidget>

#include <cerrno>
#include <cstdio>
#include <cstring>

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
        // Written beside the target and renamed over it: a reader (or an
        // interrupt) never meets a half-written figure. The exporter picks the
        // format from the suffix, so the temporary keeps it.
        const QString partial = QDir(directory).filePath("." + name + ".partial" + QString::fromLatin1(suffix));
        if (!widgets::FigureExporter::exportFigure(figure, partial, 300, error)) {
            QFile::remove(partial);
            return false;
        }
        if (std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(path).constData()) != 0) {
            if (error)
                *error = QObject::tr("cannot replace %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            QFile::remove(partial);
            return false;
        }
        if (written) *written << path;
    }
    return true;
}

} // namespace dlab::figures
