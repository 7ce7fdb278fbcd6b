#include "engine/mc/ClusterUpdates.hpp"

#include "engine/core/Rng.hpp"

#include <cmath>

namespace dlab {
namespace {

// Bond probability as a 32-bit threshold: bond iff nextU32() < P.
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

long long wolffCluster(SpinConfiguration& s, double t0, RngStream& rng, ClusterWorkspace& w)
{
    const int L = s.size(), N = s.sites();
    const std::uint64_t P = bondThreshold(t0);
    // A neighbour joins when its spin times the member's original spin has the sign of t0.
    const int sign = t0 >= 0 ? 1 : -1;
    std::int8_t* spin = s.data();
    auto& stack = w.stack;
    stack.clear();
    const int seed = int(rng.below(std::uint32_t(N)));
    const int sx = seed % L, sy = seed / L;
    spin[seed] = std::int8_t(-spin[seed]); // flip on entry: members never rejoin
    stack.push_back(int(unsigned(sy) << 16 | unsigned(sx)));
    long long size = 1;
    while (!stack.empty()) {
        const unsigned packed = unsigned(stack.back());
        stack.pop_back();
        const int x = int(packed & 0xFFFFu), y = int(packed >> 16);
        const int want = -spin[x + L * y] * sign; // spin a neighbour must have to join
        const int xr = x + 1 == L ? 0 : x + 1, xl = x == 0 ? L - 1 : x - 1;
        const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
        const int nx[4] = {xr, xl, x, x}, ny[4] = {y, y, yu, yd};
        for (int k = 0; k < 4; ++k) {
            const int j = nx[k] + L * ny[k];
            if (spin[j] == want && rng.nextU32() < P) {
                spin[j] = std::int8_t(-spin[j]);
                stack.push_back(int(unsigned(ny[k]) << 16 | unsigned(nx[k])));
                ++size;
            }
        }
    }
    return size;
}

long long wolffSweep(SpinConfiguration& s, double t0, RngStream& rng, ClusterWorkspace& w)
{
    long long flipped = 0;
    while (flipped < s.sites())
        flipped += wolffCluster(s, t0, rng, w);
    return flipped;
}

long long swendsenWangSweep(SpinConfiguration& s, double t0, RngStream& rng, ClusterWorkspace& w)
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
            if (spin[i] * spin[r] * sign > 0 && rng.nextU32() < P) unite(i, r);
            if (spin[i] * spin[u] * sign > 0 && rng.nextU32() < P) unite(i, u);
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
                bits = rng.nextU32();
                bitsLeft = 32;
            }
            flip[i] = std::uint8_t(bits & 1u);
            bits >>= 1;
            --bitsLeft;
        }
        if (flip[root]) {
            spin[i] = std::int8_t(-spin[i]);
            ++flipped;
        }
    }
    return flipped;
}

} // namespace dlab
