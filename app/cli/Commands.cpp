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
            if (!parsed.helpRequested()) return c.run(parsed, out);
            out << "usage: dualitylab-cli " << c.name << " [--options]\n" << c.summary << "\n\n";
            try {
                if (c.describesOptions) c.run(parsed, out);
                // Not described by the command itself: the names it accepts.
                out << "options:\n";
                for (const auto& o : c.valueOptions)
                    out << "  --" << o << " VALUE\n";
                for (const auto& f : c.flags)
                    out << "  --" << f << "\n";
            } catch (const HelpRequested& help) {
                out << help.text;
            }
            return 0;
        }
    throw std::invalid_argument("unknown command '" + command + "' (try: dualitylab-cli --help)");
}

} // namespace dlab::cli
