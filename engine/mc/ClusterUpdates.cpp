#include "engine/mc/ClusterUpdates.hpp"

#include <cmath>

namespace dlab {
namespace {

// Bond probability as a 32-bit threshold: bond iff a uniform 32-bit number < P.
std::uint64_t bondThreshold(double t0)
{
    const double p = -std::expm1(-2.0 * std::abs(t0));
    return std::uint64_t(std::llround(std::ldexp(p, 32)));
}

int findRoot(std::vector<int>& parent, int i)
{
    while (parent[i] != i) {
        parent[i] = parent[parent[i]]; // path halving
        i = parent[i];
    }
    return i;
}

} // namespace

long long wolffCluster(SpinConfiguration& s, double t0, ClusterWorkspace& w)
{
    const int L = s.size(), N = s.sites();
    const std::uint64_t P = bondThreshold(t0);
    // A neighbour joins when its spin times the member's original spin has the sign of t0.
    const int sign = t0 >= 0 ? 1 : -1;
    std::int8_t* spin = s.data();
    auto& stack = w.stack;
    if (stack.size() < std::size_t(N) + 4) stack.resize(std::size_t(N) + 4);
    std::uint32_t* top = stack.data();
    const int seed = int(w.random.below(std::uint32_t(N)));
    spin[seed] = std::int8_t(-spin[seed]); // flip on entry: members never rejoin
    *top++ = std::uint32_t(seed / L) << 16 | std::uint32_t(seed % L);
    long long size = 1;
    // Branch-free growth: a random number for every neighbour, the push is
    // written always and kept only if the neighbour joins (joins are coin flips
    // a branch predictor cannot learn).
    while (top != stack.data()) {
        const std::uint32_t packed = *--top;
        const int x = int(packed & 0xFFFFu), y = int(packed >> 16);
        const int want = -spin[x + L * y] * sign; // spin a neighbour must have to join
        const int xr = x + 1 == L ? 0 : x + 1, xl = x == 0 ? L - 1 : x - 1;
        const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
        const int nx[4] = {xr, xl, x, x}, ny[4] = {y, y, yu, yd};
        for (int k = 0; k < 4; ++k) {
            const int j = nx[k] + L * ny[k];
            const std::uint32_t u = w.random.next();
            const int join = int(spin[j] == want) & int(u < P);
            spin[j] = std::int8_t(spin[j] * (1 - 2 * join));
            *top = std::uint32_t(ny[k]) << 16 | std::uint32_t(nx[k]);
            top += join;
            size += join;
        }
    }
    return size;
}

long long wolffClusters(SpinConfiguration& s, double t0, ClusterWorkspace& w, int count)
{
    long long flipped = 0;
    for (int i = 0; i < count; ++i)
        flipped += wolffCluster(s, t0, w);
    return flipped;
}

long long swendsenWangSweep(SpinConfiguration& s, double t0, ClusterWorkspace& w)
{
    const int L = s.size(), N = s.sites();
    const std::uint64_t P = bondThreshold(t0);
    const int sign = t0 >= 0 ? 1 : -1;
    std::int8_t* spin = s.data();
    auto& parent = w.parent;
    parent.resize(N);
    for (int i = 0; i < N; ++i)
        parent[i] = i;
    auto unite = [&](int a, int b) {
        a = findRoot(parent, a);
        b = findRoot(parent, b);
        if (a != b) parent[a < b ? b : a] = a < b ? a : b; // smaller index is the root
    };
    for (int y = 0; y < L; ++y) {
        const int yu = y + 1 == L ? 0 : y + 1;
        for (int x = 0; x < L; ++x) {
            const int i = x + L * y, r = (x + 1 == L ? 0 : x + 1) + L * y, u = x + L * yu;
            const std::uint32_t ur = w.random.next(), uu = w.random.next();
            if (spin[i] * spin[r] * sign > 0 && ur < P) unite(i, r);
            if (spin[i] * spin[u] * sign > 0 && uu < P) unite(i, u);
        }
    }
    // Roots are met in increasing order, so the coin of each cluster is fixed by the stream alone.
    auto& flip = w.flip;
    flip.assign(N, 0);
    long long flipped = 0;
    std::uint32_t bits = 0;
    int bitsLeft = 0;
    for (int i = 0; i < N; ++i) {
        const int root = findRoot(parent, i);
        if (root == i) {
            if (bitsLeft == 0) {
                bits = w.random.next();
                bitsLeft = 32;
            }
            flip[i] = std::uint8_t(bits & 1u);
            bits >>= 1;
            --bitsLeft;
        }
        const int f = flip[root];
        spin[i] = std::int8_t(spin[i] * (1 - 2 * f));
        flipped += f;
    }
    return flipped;
}

} // namespace dlab
