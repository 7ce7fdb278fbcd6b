#pragma once
#include <ostream>
#include <string>
#include <vector>

namespace dlab::cli {

std::string usage();
// Runs one command; throws std::exception with a one-line message on bad input.
int runCommand(const std::string& command, const std::vector<std::string>& args, std::ostream& out);

} // namespace dlab::cli
