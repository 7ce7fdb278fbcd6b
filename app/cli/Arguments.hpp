#pragma once
// Minimal `--name value` / `--flag` parser for dualitylab-cli. Errors are
// thrown as std::invalid_argument with a one-line message naming the option.

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace dlab::cli {

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

private:
    std::map<std::string, std::string> m_values;
    std::set<std::string> m_flags;
};

} // namespace dlab::cli
