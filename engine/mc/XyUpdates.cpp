#include "engine/mc/XyUpdates.hpp"

#include <cmath>
#include <numbers>

namespace dlab {

long long xyMetropolisSweep(XyConfiguration& s, double beta, double stepWidth, RandomBuffer& random)
{
    const int L = s.size();
    double* c = s.cosData();
    double* sn = s.sinData();
    long long accepted = 0;
    for (int y = 0; y < L; ++y) {
        const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
        for (int x = 0; x < L; ++x) {
            const int xr = x + 1 == L ? 0 : x + 1, xl = x == 0 ? L - 1 : x - 1;
            const int i = x + L * y;
            const int nb[4] = {xr + L * y, xl + L * y, x + L * yu, x + L * yd};
            double hx = 0, hy = 0; // local field Σ_j s_j
            for (int j : nb) {
                hx += c[j];
                hy += sn[j];
            }
            const double delta = stepWidth * (uniformOpen(random) - 0.5);
            const double cd = std::cos(delta), sd = std::sin(delta);
            const double cNew = c[i] * cd - sn[i] * sd, sNew = sn[i] * cd + c[i] * sd;
            // ΔE = −(s' − s)·h
            const double dE = -((cNew - c[i]) * hx + (sNew - sn[i]) * hy);
            const double u = uniformOpen(random);
            if (dE <= 0 || u < std::exp(-beta * dE)) {
                c[i] = cNew;
                sn[i] = sNew;
                ++accepted;
            }
        }
    }
    return accepted;
}

long long xyWolffCluster(XyConfiguration& s, double beta, RandomBuffer& random, XyClusterWorkspace& w)
{
    const int L = s.size(), N = s.sites();
    double* c = s.cosData();
    double* sn = s.sinData();
    if (w.stamp.size() != std::size_t(N)) {
        w.stamp.assign(std::size_t(N), 0);
        w.generation = 0;
    }
    if (w.stack.size() < std::size_t(N)) {
        w.stack.resize(std::size_t(N));
        w.projection.resize(std::size_t(N));
    }
    if (++w.generation == 0) { // wrapped: clear the stamps once every 2³² clusters
        std::fill(w.stamp.begin(), w.stamp.end(), 0u);
        w.generation = 1;
    }
    const std::uint32_t gen = w.generation;
    const double phi = 2 * std::numbers::pi * uniformOpen(random);
    const double rx = std::cos(phi), ry = std::sin(phi);
    const double twoBeta = 2 * beta;

    auto add = [&](int j, double pj, int& top) {
        w.stamp[std::size_t(j)] = gen;
        c[j] -= 2 * pj * rx;
        sn[j] -= 2 * pj * ry;
        w.stack[std::size_t(top)] = j;
        w.projection[std::size_t(top)] = pj;
        ++top;
    };
    int top = 0;
    const int seed = int(random.below(std::uint32_t(N)));
    add(seed, c[seed] * rx + sn[seed] * ry, top);
    long long size = 1;
    while (top > 0) {
        --top;
        const int i = w.stack[std::size_t(top)];
        const double pi = w.projection[std::size_t(top)];
        const int x = i % L, y = i / L;
        const int xr = x + 1 == L ? 0 : x + 1, xl = x == 0 ? L - 1 : x - 1;
        const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
        const int nb[4] = {xr + L * y, xl + L * y, x + L * yu, x + L * yd};
        for (int j : nb) {
            if (w.stamp[std::size_t(j)] == gen) continue;
            const double pj = c[j] * rx + sn[j] * ry;
            const double a = twoBeta * pi * pj;
            if (a <= 0) continue; // p = 0: no random number needed
            // Join with p = 1 − e^{−a}: u < 1 − e^{−a} ⇔ e^{−a} < 1 − u.
            if (std::exp(-a) < 1.0 - uniformOpen(random)) {
                add(j, pj, top);
                ++size;
            }
        }
    }
    return size;
}

} // namespace dlab
