#include "engine/fields/Hmc.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>

namespace dlab::fields {

std::string toString(Integrator i) { return i == Integrator::Leapfrog ? "leapfrog" : "omelyan"; }

Integrator parseIntegrator(const std::string& name)
{
    if (name == "leapfrog") return Integrator::Leapfrog;
    if (name == "omelyan") return Integrator::Omelyan;
    throw ParameterError("integrator", "unknown integrator '" + name + "' (allowed: leapfrog, omelyan)");
}

Hmc::Hmc(const Phi4Action& action)
    : m_action(action), m_p(std::size_t(action.volume())), m_force(std::size_t(action.volume())),
      m_start(std::size_t(action.volume()))
{}

void Hmc::kick(std::vector<double>& p, const std::vector<double>& phi, double h)
{
    m_action.force(phi.data(), m_force.data());
    const std::size_t V = p.size();
    for (std::size_t i = 0; i < V; ++i)
        p[i] += h * m_force[i];
}

void Hmc::integrate(std::vector<double>& phi, std::vector<double>& p, int steps, double epsilon, Integrator integrator)
{
    const std::size_t V = phi.size();
    auto drift = [&](double h) {
        for (std::size_t i = 0; i < V; ++i)
            phi[i] += h * p[i];
    };
    if (integrator == Integrator::Leapfrog) {
        kick(p, phi, 0.5 * epsilon);
        for (int s = 0; s < steps; ++s) {
            drift(epsilon);
            kick(p, phi, s + 1 < steps ? epsilon : 0.5 * epsilon);
        }
        return;
    }
    constexpr double xi = 0.1931833275037836; // Omelyan, Mryglod & Folk (2003)
    kick(p, phi, xi * epsilon);
    for (int s = 0; s < steps; ++s) {
        drift(0.5 * epsilon);
        kick(p, phi, (1.0 - 2.0 * xi) * epsilon);
        drift(0.5 * epsilon);
        // The closing ξε kick of this step and the opening one of the next merge.
        kick(p, phi, (s + 1 < steps ? 2.0 : 1.0) * xi * epsilon);
    }
}

double Hmc::hamiltonian(const std::vector<double>& phi, const std::vector<double>& p) const
{
    double kinetic = 0;
    for (double x : p)
        kinetic += x * x;
    return 0.5 * kinetic + m_action.action(phi.data());
}

Hmc::Result Hmc::trajectory(std::vector<double>& phi, FieldRandom& rng, int steps, double epsilon,
                            Integrator integrator)
{
    rng.fillNormal(m_p.data(), m_p.size());
    m_start = phi;
    const double h0 = hamiltonian(phi, m_p);
    integrate(phi, m_p, steps, epsilon, integrator);
    Result r;
    r.deltaH = hamiltonian(phi, m_p) - h0;
    // The uniform is drawn every time, accepted or not, so the stream's
    // position does not depend on the outcome.
    const double u = rng.uniform();
    r.accepted = std::isfinite(r.deltaH) && (r.deltaH <= 0 || u < std::exp(-r.deltaH));
    if (!r.accepted) phi = m_start;
    return r;
}

} // namespace dlab::fields
