#include "NetworkSettings.hpp"

#include "engine/core/ParameterError.hpp"

#include <sstream>

namespace dlab::autoregressive {

void NetworkSettings::validate() const
{
    requireInRange("hidden layers", int(hidden.size()), 0, kMaxLayers);
    for (int w : hidden)
        requireInRange("hidden", w, 1, kMaxWidth);
    if (hidden.empty() && !direct)
        throw ParameterError("hidden", "a network without hidden layers needs the direct connection");
    if (activation != nn::Activation::Tanh && activation != nn::Activation::ReLU)
        throw ParameterError("activation", "unknown '" + nn::toString(activation) + "' (allowed: tanh, relu)");
}

nn::MadeShape NetworkSettings::shape(int sites) const
{
    nn::MadeShape s;
    s.sites = sites;
    s.hidden = hidden;
    s.activation = activation;
    s.direct = direct;
    return s;
}

std::vector<int> parseHiddenWidths(const std::string& text)
{
    std::vector<int> widths;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item.find_first_not_of(" ") == std::string::npos) continue;
        std::size_t used = 0;
        long long w = 0;
        try {
            w = std::stoll(item, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || item.find_first_not_of(" ", used) != std::string::npos)
            throw ParameterError("hidden", "'" + text + "' is not a comma-separated list of widths, e.g. 64,64");
        requireInRange("hidden", w, 1LL, (long long)NetworkSettings::kMaxWidth);
        widths.push_back(int(w));
    }
    return widths;
}

std::string hiddenWidthsText(const std::vector<int>& widths)
{
    std::ostringstream s;
    for (std::size_t k = 0; k < widths.size(); ++k)
        s << (k ? "," : "") << widths[k];
    return s.str();
}

} // namespace dlab::autoregressive
