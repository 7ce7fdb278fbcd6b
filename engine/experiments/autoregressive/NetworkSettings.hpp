#pragma once
// The MADE architecture of every autoregressive experiment: masked hidden
// layers (widths), their activation, and the direct masked input → output
// connection. The limits are the ones the GUI and CLI show.

#include "engine/nn/Made.hpp"

#include <string>
#include <vector>

namespace dlab::autoregressive {

struct NetworkSettings {
    static constexpr int kMaxLayers = 3;
    static constexpr int kMaxWidth = 4096;

    std::vector<int> hidden{64};
    nn::Activation activation = nn::Activation::Tanh;
    bool direct = true;

    void validate() const; // ParameterError naming "hidden" or "activation"
    nn::MadeShape shape(int sites) const;
    bool operator==(const NetworkSettings&) const = default;
};

// "64,64" ↔ {64, 64}; "" is no hidden layer. ParameterError("hidden", …) on bad text.
std::vector<int> parseHiddenWidths(const std::string& text);
std::string hiddenWidthsText(const std::vector<int>& widths);

} // namespace dlab::autoregressive
