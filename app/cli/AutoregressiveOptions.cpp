#include "AutoregressiveOptions.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"

#include <tbb/info.h>

namespace dlab::cli {

autoregressive::NetworkSettings networkOptions(const Arguments& a, autoregressive::NetworkSettings n)
{
    if (a.has("hidden")) n.hidden = autoregressive::parseHiddenWidths(a.text("hidden", ""));
    if (a.has("activation")) {
        const std::string act = a.text("activation", "tanh");
        if (act != "tanh" && act != "relu")
            throw ParameterError("activation", "unknown '" + act + "' (allowed: tanh, relu)");
        n.activation = nn::parseActivation(act);
    }
    if (a.flag("no-direct")) n.direct = false;
    n.validate();
    return n;
}

std::unique_ptr<tbb::global_control> threadLimit(const Arguments& a, int* threads)
{
    const int n = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    if (threads) *threads = n;
    return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, std::size_t(n));
}

std::vector<double> temperatureList(const Arguments& a)
{
    if (!a.has("temperatures")) return {};
    return parseValueList(a.text("temperatures", ""), "temperatures");
}

} // namespace dlab::cli
