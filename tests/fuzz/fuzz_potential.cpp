// find-symmetry's potential expressions (muParser front end): a potential
// that evaluates, or ParameterError("potential", …) with the position.
#include "FuzzTarget.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/symmetry/Potential.hpp"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const int dim = 2 + data[0] % 3;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        const auto v = dlab::symmetry::Potential::expression(dim, text);
        const double p[4] = {0.3, -1.2, 2.5, 0.0};
        double g[4];
        v.value(p);
        v.gradient(p, g);
        (void)v.description();
    } catch (const dlab::ParameterError&) {
    }
    return 0;
}
