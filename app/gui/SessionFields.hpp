#pragma once
// A page's part of a session file, read field by field: a missing key keeps
// the current value, a value of the wrong type throws ParameterError naming
// the key — the same rules for every page.

#include <QJsonObject>

namespace dlab::gui {

class SessionFields {
public:
    explicit SessionFields(const QJsonObject& o) : m_o(o) {}
    double number(const char* key, double current) const;
    // Any whole number up to 10⁹ in size ("must be an integer").
    int integer(const char* key, int current) const;
    // A whole number in [lo, hi] ("must be an integer from lo to hi").
    int integer(const char* key, int current, int lo, int hi) const;
    bool boolean(const char* key, bool current) const;

private:
    const QJsonObject& m_o;
};

} // namespace dlab::gui
