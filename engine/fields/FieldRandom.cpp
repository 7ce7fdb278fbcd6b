#include "engine/fields/FieldRandom.hpp"

#include <array>
#include <cmath>

namespace dlab::fields {
namespace {

constexpr int kLayers = 128;
constexpr double kR = 3.442619855899;         // start of the tail
constexpr double kArea = 9.91256303526217e-3; // area of each layer

double density(double x) { return std::exp(-0.5 * x * x); }

struct Tables {
    // x[0] = V/f(R) (the base layer's width, tail included), x[1] = R, …, x[N] = 0.
    std::array<double, kLayers + 1> x{};
    std::array<double, kLayers + 1> f{};
    // ratio[i] = x[i+1]/x[i]: |u| below it lands inside the layer's inner rectangle.
    std::array<double, kLayers> ratio{};
    Tables()
    {
        x[0] = kArea / density(kR);
        x[1] = kR;
        for (std::size_t i = 1; i + 1 < kLayers; ++i)
            x[i + 1] = std::sqrt(-2.0 * std::log(kArea / x[i] + density(x[i])));
        x[kLayers] = 0.0;
        for (std::size_t i = 0; i <= kLayers; ++i)
            f[i] = density(x[i]);
        for (std::size_t i = 0; i < kLayers; ++i)
            ratio[i] = x[i + 1] / x[i];
    }
};

const Tables kTables;

} // namespace

double FieldRandom::normalTail(bool negative)
{
    double a, b;
    do {
        a = -std::log(1.0 - uniform()) / kR;
        b = -std::log(1.0 - uniform());
    } while (b + b < a * a);
    return negative ? -(kR + a) : kR + a;
}

double FieldRandom::normal()
{
    for (;;) {
        const std::uint64_t bits = nextU64();
        const std::size_t i = bits & (kLayers - 1);      // bits 0–6: layer
        const bool negative = (bits >> 7) & 1;           // bit 7: sign
        const double u = double(bits >> 11) * 0x1.0p-53; // bits 11–63: magnitude in [0, 1)
        const double x = u * kTables.x[i];
        if (u < kTables.ratio[i]) return negative ? -x : x;
        if (i == 0) return normalTail(negative);
        // The wedge between the inner rectangle and the curve: exact rejection.
        const double y = kTables.f[i] + uniform() * (kTables.f[i + 1] - kTables.f[i]);
        if (y < density(x)) return negative ? -x : x;
    }
}

} // namespace dlab::fields
