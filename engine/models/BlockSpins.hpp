#pragma once
// Coarse graining of an L×L configuration into n×n block spins (n ≤ L): block
// (X, Y) averages the sites x, y with ⌊x·n/L⌋ = X and ⌊y·n/L⌋ = Y, so blocks
// differ in size by at most one row or column when n does not divide L.

#include <cstdint>
#include <vector>

namespace dlab {

class BlockSpins {
public:
    BlockSpins(int L, int n); // throws ParameterError unless 1 ≤ n ≤ L
    int blocks() const { return m_n * m_n; }
    // Writes blocks() averages (site x + L·y in, block X + n·Y out).
    void average(const std::int8_t* spins, double* out) const;

private:
    int m_L, m_n;
    std::vector<int> m_blockOfSite;
    std::vector<double> m_inverseCount;
};

} // namespace dlab
