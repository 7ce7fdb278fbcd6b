#include "CommandTable.hpp"

#include <tbb/info.h>

namespace dlab::cli {
namespace {

// Runs every registered bench section (or only --only NAME) and prints one
// JSON object: throughput figures, never pass/fail.
int runBench(const Arguments& a, std::ostream& out)
{
    const int machineThreads = tbb::info::default_concurrency();
    const int threads = int(a.integer("threads", machineThreads, 1, 1024));
    const std::string only = a.text("only", "");
    nlohmann::json j;
    j["machine_threads"] = machineThreads;
    j["threads"] = threads;
    bool any = false;
    for (const auto& s : benchSections())
        if ((only.empty() && !s.onlyOnRequest) || s.name == only) {
            j[s.name] = s.run(threads);
            any = true;
        }
    if (!any && !only.empty()) throw std::invalid_argument("--only: no bench section named '" + only + "'");
    out << j.dump(2) << "\n";
    return 0;
}

const CommandRegistration reg{
    {"bench",
     "throughput figures as JSON (--only SECTION, --threads T); sections ising, duality, tsne by default, "
     "duality-step (seconds), duality-honest, duality-honest-full and dualframes (minutes) and multispin (the "
     "multi-spin part of ising) with "
     "--only",
     {"only", "threads"},
     {"json"},
     runBench}};

} // namespace
} // namespace dlab::cli
