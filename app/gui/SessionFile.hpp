#pragma once
// The envelope of a session file, checked before any of it reaches a page:
// size, JSON object at the top, schema, version, seed, speed, and the types
// and lengths of the teaching note and title. A page then reads its own
// "parameters" through SessionFields.
//
// Limits are generous for sessions with results (docs/gui.md) and keep a
// hostile file from costing seconds or gigabytes (a 50 MB note used to
// run past 30 s and 2 GB in the HTML view).

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace dlab::gui {

inline constexpr const char* kSessionSchema = "dualitylab-session";
// Version 2 adds "pages": every page's parameters, not only the current one's
// (version 1 files still open).
inline constexpr int kSessionVersion = 2;
// Room for results (a β scan of 8 sizes × 1000 β is ≈ 2.5 MB), still parsed
// in well under a second.
inline constexpr qint64 kMaxSessionBytes = 16 << 20; // 16 MB
// Results beyond this (in all pages together) are left out of a saved
// session rather than making a file that cannot be opened.
inline constexpr qint64 kMaxResultsBytes = 12 << 20;
inline constexpr int kMaxNoteCharacters = 100'000;
inline constexpr int kMaxTitleCharacters = 200;

// Parses `bytes` (named `name` in messages) into `session`; false with a
// one-line reason in `error` otherwise.
bool parseSessionFile(const QByteArray& bytes, const QString& name, QJsonObject& session, QString* error);

// The envelope's rules alone (parseSessionFile applies them too).
bool checkSessionEnvelope(const QJsonObject& session, QString* error);

} // namespace dlab::gui
