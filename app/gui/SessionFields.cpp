#include "SessionFields.hpp"

#include "engine/core/ParameterError.hpp"

#include <QJsonValue>
#include <QString>
#include <cmath>

namespace dlab::gui {

double SessionFields::number(const char* key, double current) const
{
    if (!m_o.contains(key)) return current;
    if (!m_o[key].isDouble()) throw ParameterError(key, "must be a number");
    return m_o[key].toDouble();
}

int SessionFields::integer(const char* key, int current) const
{
    const double v = number(key, current);
    if (v != std::floor(v) || std::abs(v) > 1e9) throw ParameterError(key, "must be an integer");
    return int(v);
}

int SessionFields::integer(const char* key, int current, int lo, int hi) const
{
    const double v = number(key, current);
    if (v != std::floor(v) || v < lo || v > hi)
        throw ParameterError(key, QString("must be an integer from %1 to %2").arg(lo).arg(hi).toStdString());
    return int(v);
}

bool SessionFields::boolean(const char* key, bool current) const
{
    if (!m_o.contains(key)) return current;
    if (!m_o[key].isBool()) throw ParameterError(key, "must be true or false");
    return m_o[key].toBool();
}

} // namespace dlab::gui
