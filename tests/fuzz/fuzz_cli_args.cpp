// dualitylab-cli's argument parser: NUL- or newline-separated words parsed
// against simulate's option set and read with every accessor. Bad words give
// std::invalid_argument naming the option; --help gives HelpRequested.
#include "FuzzTarget.hpp"

#include "../../app/cli/Arguments.hpp"
#include "../../app/cli/MemoryLimit.hpp"

#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<std::string> words(1);
    for (std::size_t i = 0; i < size && words.size() < 64; ++i) {
        const char c = char(data[i]);
        if (c == '\0' || c == '\n')
            words.emplace_back();
        else
            words.back() += c;
    }
    if (words.back().empty()) words.pop_back();
    try {
        const dlab::cli::Arguments a(words, {"L", "beta", "algo", "sweeps", "seed", "save-configs", "max-memory"},
                                     {"json", "pooled"});
        a.integer("L", 16, 2, 4096);
        a.integer("seed", 1, 0, 1LL << 62);
        a.integer("sweeps", 2000, 1, 100'000'000);
        a.real("beta", 0.3, -20, 20);
        a.choice("algo", "metropolis", {"metropolis", "wolff", "sw"});
        a.text("save-configs", "");
        dlab::cli::maxMemoryBytes(a);
        a.flag("json");
        a.endOfOptions();
    } catch (const std::invalid_argument&) {
    } catch (const dlab::cli::HelpRequested& h) {
        if (h.text.find("--L") == std::string::npos) __builtin_trap(); // help lists the options
    }
    return 0;
}
