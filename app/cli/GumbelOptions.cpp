#include "GumbelOptions.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::cli {

void readGumbelOptions(const Arguments& a, DualityLearnerParams& p, double defaultTau)
{
    const bool shaped = a.has("tau") || a.has("tau-final") || a.has("tau-anneal");
    GumbelNoise mode = a.has("tau") ? GumbelNoise::Shared : GumbelNoise::Off;
    if (a.has("gumbel")) {
        const std::string name = a.text("gumbel", "off");
        const auto parsed = gumbelNoiseFromName(name);
        if (!parsed)
            throw ParameterError("gumbel", "unknown Gumbel noise '" + name + "' (allowed: off, shared, per-link)");
        mode = *parsed;
        if (mode == GumbelNoise::Off && shaped)
            throw ParameterError("gumbel", "--tau, --tau-final and --tau-anneal shape the Gumbel temperature: "
                                           "use --gumbel shared or per-link, not off");
    } else if (!a.has("tau") && shaped) {
        throw ParameterError("tau-final", "--tau-final and --tau-anneal shape the Gumbel temperature: give --tau too");
    }
    p.gumbel = mode;
    if (mode == GumbelNoise::Off) return;
    p.tau = a.real("tau", defaultTau, 0.01, 100.0);
    p.tauFinal = a.real("tau-final", p.tau, 0.01, 100.0);
    p.tauAnnealSteps = int(a.integer("tau-anneal", 2000, 0, 100'000'000));
}

} // namespace dlab::cli
