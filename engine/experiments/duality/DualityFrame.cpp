#include "engine/experiments/duality/DualityFrame.hpp"

#include <array>
#include <utility>

namespace dlab {

namespace {
// The names written since the first sweep CSVs and session files: changing one
// would break every file saved before.
constexpr std::array<std::pair<DualityFrame, const char*>, 5> kNames{{{DualityFrame::Original, "original"},
                                                                      {DualityFrame::Antiferro, "antiferro"},
                                                                      {DualityFrame::Dual, "dual"},
                                                                      {DualityFrame::DualAntiferro, "dual-antiferro"},
                                                                      {DualityFrame::Undecided, "undecided"}}};
} // namespace

const char* frameName(DualityFrame f)
{
    for (const auto& [frame, name] : kNames)
        if (frame == f) return name;
    return "undecided";
}

std::optional<DualityFrame> frameFromName(std::string_view name)
{
    for (const auto& [frame, text] : kNames)
        if (name == text) return frame;
    return std::nullopt;
}

const char* frameNameList() { return "original, antiferro, dual, dual-antiferro or undecided"; }

} // namespace dlab
