#include "LevelSetSampler.hpp"

#include "engine/core/Rng.hpp"

#include <tbb/parallel_for.h>

#include <cmath>

namespace dlab::symmetry {

LevelSetSample sampleLevelSets(const Potential& v, int pointsPerClass, double box, std::uint64_t seed)
{
    const int d = v.dim();
    std::vector<std::vector<double>> found(kClassCount);
    tbb::parallel_for(0, kClassCount, [&](int label) {
        const Potential local = v; // expressions: one parser per task
        RngStream rng(seed, 0x5a3d0 + std::uint64_t(label));
        const double c = classValue(label);
        auto& out = found[label];
        double p[4], g[4];
        // Give up on a class whose level set the box does not contain.
        const long long maxDraws = 40LL * pointsPerClass + 2000;
        long long draws = 0;
        while (int(out.size()) < pointsPerClass * d && draws < maxDraws) {
            ++draws;
            for (int k = 0; k < d; ++k)
                p[k] = box * (2 * rng.uniform() - 1);
            const double target = c + 0.9 * kClassHalfWidth * (2 * rng.uniform() - 1);
            bool ok = false;
            for (int it = 0; it < 30; ++it) {
                const double diff =
                    v.kind() == PotentialKind::Expression ? local.value(p) - target : v.value(p) - target;
                if (std::abs(diff) < 0.05 * kClassHalfWidth) {
                    ok = true;
                    break;
                }
                v.kind() == PotentialKind::Expression ? local.gradient(p, g) : v.gradient(p, g);
                double g2 = 0;
                for (int k = 0; k < d; ++k)
                    g2 += g[k] * g[k];
                if (!(g2 > 1e-12)) break; // critical point: no direction to move
                // Damped so a step never jumps across more than ~half the box.
                double step = diff / g2, len = std::abs(step) * std::sqrt(g2);
                if (len > 0.5 * box) step *= 0.5 * box / len;
                bool inside = true;
                for (int k = 0; k < d; ++k) {
                    p[k] -= step * g[k];
                    inside = inside && std::abs(p[k]) <= box;
                }
                if (!inside) break;
            }
            if (ok)
                for (int k = 0; k < d; ++k)
                    out.push_back(p[k]);
        }
    });
    LevelSetSample s;
    s.perClass.resize(kClassCount);
    int total = 0;
    for (int label = 0; label < kClassCount; ++label) {
        s.perClass[label] = int(found[label].size()) / d;
        total += s.perClass[label];
    }
    s.points.resize(total, d);
    s.labels.reserve(total);
    int row = 0;
    for (int label = 0; label < kClassCount; ++label)
        for (int i = 0; i < s.perClass[label]; ++i, ++row) {
            for (int k = 0; k < d; ++k)
                s.points(row, k) = found[label][std::size_t(i) * d + k];
            s.labels.push_back(label);
        }
    return s;
}

} // namespace dlab::symmetry
