#include "SessionFile.hpp"

#include <QJsonDocument>
#include <QJsonParseError>
#include <climits>
#include <cmath>

namespace dlab::gui {
namespace {

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

const char* typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return "null";
    case QJsonValue::Bool:
        return "a boolean";
    case QJsonValue::Double:
        return "a number";
    case QJsonValue::String:
        return "a string";
    case QJsonValue::Array:
        return "an array";
    case QJsonValue::Object:
        return "an object";
    default:
        return "undefined";
    }
}

// Optional text field of at most `most` characters.
bool checkText(const QJsonObject& o, const char* key, int most, QString* error)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined()) return true;
    if (!v.isString()) return fail(error, QString("%1: must be a string, got %2").arg(key, typeName(v)));
    if (v.toString().size() > most)
        return fail(error,
                    QString("%1: %2 characters, at most %3 are allowed").arg(key).arg(v.toString().size()).arg(most));
    return true;
}

} // namespace

bool checkSessionEnvelope(const QJsonObject& o, QString* error)
{
    if (o.value("schema").toString() != kSessionSchema)
        return fail(error, QString("not a DualityLab session (expected \"schema\": \"%1\")").arg(kSessionSchema));
    const QJsonValue version = o.value("version");
    if (!version.isDouble()) return fail(error, QString("version: must be a number, got %1").arg(typeName(version)));
    if (version.toDouble() != std::floor(version.toDouble()) || version.toDouble() < 1 ||
        version.toDouble() > kSessionVersion)
        return fail(error, QString("version %1 is not supported (this program reads version 1 to %2)")
                               .arg(version.toVariant().toString())
                               .arg(kSessionVersion));
    if (!o.value("page").isString())
        return fail(error, QString("page: must be a string, got %1").arg(typeName(o.value("page"))));
    const QJsonValue seed = o.value("seed");
    const double s = seed.toDouble(-1);
    if (!seed.isDouble() || !(s >= 0 && s <= INT_MAX) || s != std::floor(s))
        return fail(error, QString("seed: must be an integer from 0 to %1").arg(INT_MAX));
    const QJsonValue speed = o.value("sweepsPerFrame");
    if (!speed.isUndefined()) {
        const double perFrame = speed.toDouble(-1);
        if (!speed.isDouble() || !(perFrame >= 1 && perFrame <= 100000) || perFrame != std::floor(perFrame))
            return fail(error, "sweepsPerFrame: must be an integer from 1 to 100000");
    }
    for (const char* key : {"fullSpeed", "running"})
        if (!o.value(key).isUndefined() && !o.value(key).isBool())
            return fail(error, QString("%1: must be true or false, got %2").arg(key, typeName(o.value(key))));
    for (const char* key : {"pages", "results"})
        if (!o.value(key).isUndefined() && !o.value(key).isObject())
            return fail(error, QString("%1: must be an object, got %2").arg(key, typeName(o.value(key))));
    if (!o.value("parameters").isUndefined() && !o.value("parameters").isObject())
        return fail(error, QString("parameters: must be an object, got %1").arg(typeName(o.value("parameters"))));
    return checkText(o, "note", kMaxNoteCharacters, error) && checkText(o, "title", kMaxTitleCharacters, error);
}

bool parseSessionFile(const QByteArray& bytes, const QString& name, QJsonObject& session, QString* error)
{
    if (bytes.size() > kMaxSessionBytes)
        return fail(error, QString("%1 is %2 bytes; a session file is at most %3 bytes")
                               .arg(name)
                               .arg(bytes.size())
                               .arg(kMaxSessionBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(
            error,
            QString("%1 is not valid JSON (%2 at byte %3)").arg(name, parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return fail(error, QString("%1: the top level is %2; a session is a JSON object {\"schema\": \"%3\", …}")
                               .arg(name, doc.isArray() ? "an array" : "not an object", kSessionSchema));
    session = doc.object();
    QString why;
    if (!checkSessionEnvelope(session, &why)) return fail(error, QString("%1: %2").arg(name, why));
    return true;
}

} // namespace dlab::gui
