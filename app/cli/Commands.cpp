#include "Commands.hpp"

#include "Arguments.hpp"
#include "CommandTable.hpp"

#include <sstream>
#include <stdexcept>

namespace dlab::cli {

std::string usage()
{
    std::ostringstream s;
    s << "usage: dualitylab-cli <command> [--options] [--json]\n\ncommands:\n";
    for (const auto& c : commandTable())
        s << "  " << c.name << "\t" << c.summary << "\n";
    return s.str();
}

int runCommand(const std::string& command, const std::vector<std::string>& args, std::ostream& out)
{
    for (const auto& c : commandTable())
        if (c.name == command) {
            Arguments parsed(args, c.valueOptions, c.flags);
            return c.run(parsed, out);
        }
    throw std::invalid_argument("unknown command '" + command + "' (try: dualitylab-cli --help)");
}

} // namespace dlab::cli
