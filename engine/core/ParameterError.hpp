#pragma once
// Thrown by Params::validate(): names the bad field and its allowed range.

#include <sstream>
#include <stdexcept>
#include <string>

namespace dlab {

class ParameterError : public std::invalid_argument {
public:
    ParameterError(const std::string& field, const std::string& message)
        : std::invalid_argument(field + ": " + message), m_field(field)
    {}
    const std::string& field() const { return m_field; }

private:
    std::string m_field;
};

// Throws unless lo ≤ value ≤ hi (and value is finite).
template <class T> void requireInRange(const std::string& field, T value, T lo, T hi)
{
    if (!(value >= lo && value <= hi)) {
        std::ostringstream s;
        s << "value " << value << " is out of range (allowed: " << lo << " to " << hi << ")";
        throw ParameterError(field, s.str());
    }
}

} // namespace dlab
