#pragma once
#include "Arguments.hpp"

#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace dlab::cli
{

struct Command {
    std::string name;
    std::string summary;
    std::set<std::string> valueOptions;
    std::set<std::string> flags;
    std::function<int(const Arguments&, std::ostream&)> run;
};

const std::vector<Command>& commandTable();

// One function per command, each in its own Cmd*.cpp file.
int runExact(const Arguments& a, std::ostream& out);

} // namespace dlab::cli
