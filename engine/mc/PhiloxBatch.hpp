#pragma once
// Many site-addressed Philox blocks at once (vectorised where the CPU allows).

#include "engine/mc/SiteRandom.hpp"

#include <cstdint>

namespace dlab {

// Evaluates blocks firstBlock … firstBlock + 16·batches − 1 of sweep `sweep`.
// Layout: batch b occupies out[64b … 64b+63]; word w of block 16b + j is at
// out[64b + 16w + j]. Identical on every CPU.
void philoxBatches(const SiteRandomKey& key, std::uint32_t firstBlock, int batches, std::uint32_t sweep,
                   std::uint32_t* out);

} // namespace dlab
