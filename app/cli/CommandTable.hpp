#pragma once
// Commands register themselves from their own Cmd*.cpp file, so adding a
// command never touches a shared list:
//   static const dlab::cli::CommandRegistration reg{{"exact", "summary", {"L"}, {"json"}, runExact}};

#include "Arguments.hpp"

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace dlab::cli {

struct Command {
    std::string name;
    std::string summary;
    std::set<std::string> valueOptions;
    std::set<std::string> flags;
    std::function<int(const Arguments&, std::ostream&)> run;
    // run() calls Arguments::endOfOptions() after reading its options and
    // before any work, so `CMD --help` can list them with ranges and defaults.
    // Commands without it get their option names listed.
    bool describesOptions = false;
};

std::vector<Command>& commandTable();

struct CommandRegistration {
    explicit CommandRegistration(Command c) { commandTable().push_back(std::move(c)); }
};

// Sections of `dualitylab-cli bench`: each fills its own JSON object.
struct BenchSection {
    std::string name;
    std::function<nlohmann::json(int threads)> run;
    bool onlyOnRequest = false; // minutes long: runs with --only NAME, not by default
};
std::vector<BenchSection>& benchSections();
struct BenchRegistration {
    explicit BenchRegistration(BenchSection s) { benchSections().push_back(std::move(s)); }
};

} // namespace dlab::cli
