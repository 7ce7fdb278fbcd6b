#pragma once
// --max-memory: commands estimate what a run will hold in memory from its
// parameters and refuse above the limit before allocating anything, with a
// message that says what the run needs and how to raise the limit.

#include "Arguments.hpp"

#include <string>

namespace dlab::cli {

// Default limit: 4 GiB (a sixth of the 24 GB machines this runs on; raise it
// on purpose, not by accident).
inline constexpr double kDefaultMaxMemoryBytes = 4.0 * (1ull << 30);

// "--max-memory": bytes, or a number with K, M, G or T (powers of 1024), e.g.
// 512M, 16G. Allowed: 1M to 1T.
double maxMemoryBytes(const Arguments& a);

// "7.8 GiB", "512 MiB".
std::string formatBytes(double bytes);

// Throws ParameterError naming max-memory when `estimate` > `limit`; `what`
// says which parameters make it big ("L = 4096, 238 chains").
void requireMemory(double estimate, double limit, const std::string& what);

} // namespace dlab::cli
