// Session loader: the envelope check, then each page's fields read the way
// the pages read them (SessionFields). Refusals are messages, not crashes.
#include "FuzzTarget.hpp"

#include "SessionFields.hpp"
#include "SessionFile.hpp"
#include "SessionResults.hpp"

#include "engine/core/ParameterError.hpp"

#include <QByteArray>
#include <QJsonObject>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    QJsonObject session;
    QString error;
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    if (!dlab::gui::parseSessionFile(bytes, "fuzz.json", session, &error)) {
        if (error.isEmpty()) __builtin_trap(); // a refusal always says why
        return 0;
    }
    const QJsonObject parameters = session.value("parameters").toObject();
    const dlab::gui::SessionFields f(parameters);
    try {
        f.integer("L", 16, 2, 4096);
        f.number("beta", 0.3);
        f.integer("chains", 1);
        f.boolean("fullSpeed", false);
    } catch (const dlab::ParameterError&) {
    }
    // Saved results: a refusal is a message naming the key.
    const QJsonObject results = session.value("results").toObject();
    try {
        dlab::gui::readBetaScanResults(results.value("montecarlo").toObject().value("scan").toObject());
    } catch (const std::runtime_error& e) {
        if (!*e.what()) __builtin_trap();
    }
    try {
        dlab::gui::readPhi4ScanResults(
            results.value("fieldtheory").toObject().value("phi4").toObject().value("scan").toObject());
    } catch (const std::runtime_error& e) {
        if (!*e.what()) __builtin_trap();
    }
    try {
        dlab::gui::readDualitySweepResults(results.value("duality").toObject().value("sweep"));
    } catch (const std::runtime_error& e) {
        if (!*e.what()) __builtin_trap();
    }
    return 0;
}
