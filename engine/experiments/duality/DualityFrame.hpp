#pragma once
// The frame a duality run ends in (docs/experiments/duality.md, "Expected
// solutions"), and its one table of names. Inside the engine a frame is this
// enum; the names appear only where a frame is written or read (JSON, CSV,
// session files, labels), so they cannot drift apart between those places.

#include <optional>
#include <string_view>

namespace dlab {

enum class DualityFrame { Original, Antiferro, Dual, DualAntiferro, Undecided };

// The four expected solutions in table order (the sweep CSV's dist_* columns).
inline constexpr DualityFrame kExpectedFrames[] = {DualityFrame::Original, DualityFrame::Antiferro, DualityFrame::Dual,
                                                   DualityFrame::DualAntiferro};

// "original", "antiferro", "dual", "dual-antiferro", "undecided".
const char* frameName(DualityFrame f);
// The inverse of frameName; nullopt for any other text.
std::optional<DualityFrame> frameFromName(std::string_view name);
// "original, antiferro, dual, dual-antiferro or undecided": for error messages.
const char* frameNameList();

// The Kramers–Wannier dual or its antiferromagnetic image: a rediscovery.
constexpr bool isDualFrame(DualityFrame f) { return f == DualityFrame::Dual || f == DualityFrame::DualAntiferro; }

} // namespace dlab
