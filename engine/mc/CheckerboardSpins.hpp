#pragma once
// The two checkerboard sublattices of an even-L torus stored apart, so that the
// sites updated together are contiguous in memory (vector-friendly).
// Colour c = (x + y) mod 2; row y of colour c holds x = 2k + ((c + y) mod 2),
// k = 0 … L/2 − 1. Rows are padded to a multiple of 64 bytes; padding stays 0.
// Neighbours of (c, y, k) in colour 1−c: rows y±1 at k, and row y at k and
// k + shift, shift = +1 if (c + y) is odd, −1 if even (wrapping mod L/2).

#include "engine/models/SpinConfiguration.hpp"

#include <cstdint>
#include <vector>

namespace dlab {

class CheckerboardSpins {
public:
    // Copies s in (L must be even: ParameterError otherwise).
    void pack(const SpinConfiguration& s);
    // Writes the spins back into s (same L).
    void unpack(SpinConfiguration& s) const;

    int size() const { return m_L; }
    int halfWidth() const { return m_half; }
    int stride() const { return m_stride; }
    std::int8_t* row(int colour, int y) { return m_data.data() + (std::size_t(colour) * m_L + y) * m_stride; }
    const std::int8_t* row(int colour, int y) const
    {
        return m_data.data() + (std::size_t(colour) * m_L + y) * m_stride;
    }
    // +1 or −1: which same-row neighbour besides k (see the header comment).
    static int rowShift(int colour, int y) { return ((colour + y) & 1) ? +1 : -1; }

private:
    int m_L = 0, m_half = 0, m_stride = 0;
    std::vector<std::int8_t> m_data;
};

} // namespace dlab
