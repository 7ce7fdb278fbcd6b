#include "widgets/RecentFolder.hpp"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace dlab::widgets {

QString RecentFolder::folder(const QString& purpose)
{
    const QString stored = QSettings().value("recentFolder/" + purpose).toString();
    if (!stored.isEmpty() && QFileInfo(stored).isDir()) return stored;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return !documents.isEmpty() && QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void RecentFolder::remember(const QString& purpose, const QString& path)
{
    if (path.isEmpty()) return;
    const QFileInfo info(path);
    const QString dir = info.isDir() ? info.absoluteFilePath() : info.absolutePath();
    QSettings().setValue("recentFolder/" + purpose, dir);
}

QString RecentFolder::suggest(const QString& purpose, const QString& fileName)
{
    return QDir(folder(purpose)).filePath(fileName);
}

} // namespace dlab::widgets
