#include "Arguments.hpp"

#include <cmath>
#include <sstream>

namespace dlab::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flags)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + a + "'");
        std::string name = a.substr(2), value;
        const auto eq = name.find('=');
        bool inlineValue = eq != std::string::npos;
        if (inlineValue) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.count(name)) {
            if (inlineValue) throw std::invalid_argument("--" + name + " takes no value");
            m_flags.insert(name);
        } else if (valueOptions.count(name)) {
            if (!inlineValue) {
                if (i + 1 >= args.size()) throw std::invalid_argument("--" + name + " needs a value");
                value = args[++i];
            }
            m_values[name] = value;
        } else {
            throw std::invalid_argument("unknown option --" + name);
        }
    }
}

bool Arguments::has(const std::string& name) const { return m_values.count(name) > 0; }

std::string Arguments::text(const std::string& name, const std::string& fallback) const
{
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

long long Arguments::integer(const std::string& name, long long fallback, long long lo, long long hi) const
{
    auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    std::size_t used = 0;
    long long v = 0;
    try {
        v = std::stoll(it->second, &used);
    } catch (...) {
        used = 0;
    }
    std::ostringstream range;
    range << " (allowed: integer in [" << lo << ", " << hi << "])";
    if (used != it->second.size() || it->second.empty())
        throw std::invalid_argument("--" + name + " must be an integer, got '" + it->second + "'" + range.str());
    if (v < lo || v > hi)
        throw std::invalid_argument("--" + name + " = " + it->second + " is out of range" + range.str());
    return v;
}

double Arguments::real(const std::string& name, double fallback, double lo, double hi) const
{
    auto it = m_values.find(name);
    if (it == m_values.end()) return fallback;
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(it->second, &used);
    } catch (...) {
        used = 0;
    }
    std::ostringstream range;
    range << " (allowed: number in [" << lo << ", " << hi << "])";
    if (used != it->second.size() || it->second.empty() || !std::isfinite(v))
        throw std::invalid_argument("--" + name + " must be a finite number, got '" + it->second + "'" + range.str());
    if (v < lo || v > hi)
        throw std::invalid_argument("--" + name + " = " + it->second + " is out of range" + range.str());
    return v;
}

} // namespace dlab::cli
