#pragma once
// Minimal `--name value` / `--flag` parser for dualitylab-cli. Errors are
// thrown as std::invalid_argument with a one-line message naming the option.

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace dlab::cli {

// Thrown by endOfOptions() when `--help` was given: carries the command's
// options as the command itself read them (name, kind, range, default).
struct HelpRequested {
    std::string text;
};

class Arguments {
public:
    // `flags` are options without a value; every other option takes one.
    Arguments(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
              const std::set<std::string>& flags);

    bool has(const std::string& name) const;
    bool flag(const std::string& name) const { return m_flags.count(name) > 0; }
    std::string text(const std::string& name, const std::string& fallback) const;
    // Integer in [lo, hi]; the message names the option and its range.
    long long integer(const std::string& name, long long fallback, long long lo, long long hi) const;
    // Finite real in [lo, hi].
    double real(const std::string& name, double fallback, double lo, double hi) const;
    // One of `choices`; anything else is an error listing them.
    std::string choice(const std::string& name, const std::string& fallback,
                       const std::vector<std::string>& choices) const;

    // `dualitylab-cli CMD --help`: the accessors above return their fallbacks
    // and note each option's kind, range and default; a command calls
    // endOfOptions() once it has read them all (before any work), which then
    // throws HelpRequested with the list. Without --help it does nothing.
    bool helpRequested() const { return m_help; }
    void endOfOptions() const;

private:
    void describe(const std::string& name, const std::string& what) const;

    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
    std::set<std::string> m_valueOptions, m_flagOptions;
    bool m_help = false;
    mutable std::vector<std::pair<std::string, std::string>> m_described;
};

} // namespace dlab::cli
