#pragma once
// File dialogs remember where the user last was, per purpose ("sessions",
// "figures", "data"): the first dialog opens in the user's documents folder
// (never the program's source or build tree), later ones where the last file
// was chosen. Stored with QSettings, so it survives restarts.

#include <QString>

namespace dlab::widgets {

class RecentFolder {
public:
    // The folder to start a dialog in.
    static QString folder(const QString& purpose);
    // Remember the folder of `path` (a file or a folder) for `purpose`.
    static void remember(const QString& purpose, const QString& path);
    // folder(purpose) joined with a default file name.
    static QString suggest(const QString& purpose, const QString& fileName);
};

} // namespace dlab::widgets
