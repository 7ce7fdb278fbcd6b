#include "engine/fields/Phi4Action.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::fields {

Phi4Action::Phi4Action(int L, double kappa, double lambda)
    : m_L(L), m_kappa(kappa), m_lambda(lambda), m_mass(1.0 - 2.0 * lambda)
{
    requireInRange("L", L, 2, 4096);
}

double Phi4Action::action(const double* phi) const
{
    const int L = m_L;
    double hop = 0, local = 0;
    for (int y = 0; y < L; ++y) {
        const double* row = phi + y * L;
        const double* up = phi + ((y + 1) % L) * L;
        for (int x = 0; x < L; ++x) {
            const double v = row[x], v2 = v * v;
            const double right = x + 1 < L ? row[x + 1] : row[0];
            hop += v * (right + up[x]);
            local += m_mass * v2 + m_lambda * v2 * v2;
        }
    }
    return -2.0 * m_kappa * hop + local;
}

void Phi4Action::force(const double* phi, double* f) const
{
    const int L = m_L;
    const double k2 = 2.0 * m_kappa, m2 = 2.0 * m_mass, l4 = 4.0 * m_lambda;
    for (int y = 0; y < L; ++y) {
        const double* row = phi + y * L;
        const double* up = phi + ((y + 1) % L) * L;
        const double* down = phi + ((y + L - 1) % L) * L;
        double* out = f + y * L;
        // Interior columns in one vectorisable loop; the two wrapped edges apart.
        for (int x = 1; x + 1 < L; ++x) {
            const double v = row[x];
            out[x] = k2 * (row[x - 1] + row[x + 1] + up[x] + down[x]) - v * (m2 + l4 * v * v);
        }
        for (int x : {0, L - 1}) {
            const double v = row[x];
            const double n = row[(x + L - 1) % L] + row[(x + 1) % L] + up[x] + down[x];
            out[x] = k2 * n - v * (m2 + l4 * v * v);
        }
    }
}

double Phi4Action::neighbourSum(const double* phi, int site) const
{
    const int L = m_L, x = site % L, y = site / L;
    return phi[y * L + (x + 1) % L] + phi[y * L + (x + L - 1) % L] + phi[((y + 1) % L) * L + x] +
           phi[((y + L - 1) % L) * L + x];
}

double Phi4Action::magnetisation(const double* phi, int volume)
{
    double s = 0;
    for (int i = 0; i < volume; ++i)
        s += phi[i];
    return s / volume;
}

double Phi4Action::meanSquare(const double* phi, int volume)
{
    double s = 0;
    for (int i = 0; i < volume; ++i)
        s += phi[i] * phi[i];
    return s / volume;
}

} // namespace dlab::fields
