#include "engine/mc/CheckerboardSpins.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab {

void CheckerboardSpins::pack(const SpinConfiguration& s)
{
    const int L = s.size();
    if (L % 2 != 0)
        throw ParameterError("L", "the checkerboard kernels need an even L (got " + std::to_string(L) + ")");
    if (L != m_L) {
        m_L = L;
        m_half = L / 2;
        m_stride = (m_half + 63) / 64 * 64;
        m_data.assign(std::size_t(2) * L * m_stride, 0);
    }
    const std::int8_t* src = s.data();
    for (int y = 0; y < L; ++y) {
        const std::int8_t* in = src + std::size_t(y) * L;
        // Row y: even x belong to colour (y mod 2), odd x to the other colour.
        std::int8_t* even = row(y & 1, y);
        std::int8_t* odd = row((y + 1) & 1, y);
        for (int k = 0; k < m_half; ++k) {
            even[k] = in[2 * k];
            odd[k] = in[2 * k + 1];
        }
    }
}

void CheckerboardSpins::unpack(SpinConfiguration& s) const
{
    std::int8_t* dst = s.data();
    for (int y = 0; y < m_L; ++y) {
        std::int8_t* out = dst + std::size_t(y) * m_L;
        const std::int8_t* even = row(y & 1, y);
        const std::int8_t* odd = row((y + 1) & 1, y);
        for (int k = 0; k < m_half; ++k) {
            out[2 * k] = even[k];
            out[2 * k + 1] = odd[k];
        }
    }
}

} // namespace dlab
