#include "Arguments.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace dlab::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
                     const std::set<std::string>& flags)
    : m_valueOptions(valueOptions), m_flagOptions(flags)
{
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            m_help = true;
            continue;
        }
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

void Arguments::describe(const std::string& name, const std::string& what) const
{
    for (const auto& d : m_described)
        if (d.first == name) return;
    m_described.emplace_back(name, what);
}

void Arguments::endOfOptions() const
{
    if (!m_help) return;
    std::ostringstream s;
    s << "options:\n";
    auto line = [&](const std::string& name, const std::string& what) {
        s << "  --" << name << std::string(name.size() < 16 ? 16 - name.size() : 1, ' ') << what << "\n";
    };
    for (const auto& [name, what] : m_described)
        line(name, what);
    // Options read only in some cases (e.g. with another option) are listed
    // by name.
    for (const auto& name : m_valueOptions)
        if (std::none_of(m_described.begin(), m_described.end(), [&](const auto& d) { return d.first == name; }))
            line(name, "value (see the command's summary)");
    for (const auto& name : m_flagOptions)
        line(name, "flag");
    throw HelpRequested{s.str()};
}

bool Arguments::has(const std::string& name) const
{
    if (m_help) describe(name, "value");
    return !m_help && m_values.count(name) > 0;
}

std::string Arguments::choice(const std::string& name, const std::string& fallback,
                              const std::vector<std::string>& choices) const
{
    std::string list;
    for (const auto& c : choices)
        list += (list.empty() ? "" : ", ") + c;
    if (m_help) {
        describe(name, "one of " + list + "; default " + fallback);
        return fallback;
    }
    const std::string v = text(name, fallback);
    if (std::find(choices.begin(), choices.end(), v) == choices.end())
        throw std::invalid_argument("--" + name + " must be one of " + list + ", got '" + v + "'");
    return v;
}

std::string Arguments::text(const std::string& name, const std::string& fallback) const
{
    if (m_help) {
        describe(name, fallback.empty() ? "text; no default" : "text; default " + fallback);
        return fallback;
    }
    auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second;
}

long long Arguments::integer(const std::string& name, long long fallback, long long lo, long long hi) const
{
    if (m_help) {
        describe(name, "integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]; default " +
                           std::to_string(fallback));
        return fallback;
    }
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
    if (m_help) {
        std::ostringstream d;
        d << "number in [" << lo << ", " << hi << "]; default " << fallback;
        describe(name, d.str());
        return fallback;
    }
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
