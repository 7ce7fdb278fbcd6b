#pragma once
// The lattice φ⁴ action on an L×L torus, in the hopping-parameter form of
// docs/experiments/fieldtheory.md:
//
//   S(φ) = Σ_x [ −2κ Σ_μ φ_x φ_{x+μ} + (1 − 2λ) φ_x² + λ φ_x⁴ ]
//
// (μ runs over +x̂ and +ŷ, so every link is counted once). Site x + L·y.
// The force is F_x = −∂S/∂φ_x = 2κ Σ_{±μ} φ_{x±μ} − 2(1 − 2λ) φ_x − 4λ φ_x³.
// At λ = 0 the model is the free field S = ½ φᵀAφ with A = 2(1 − κ Σ_{±μ} shift).

#include <vector>

namespace dlab::fields {

class Phi4Action {
public:
    Phi4Action(int L, double kappa, double lambda);

    int L() const { return m_L; }
    int volume() const { return m_L * m_L; }
    double kappa() const { return m_kappa; }
    double lambda() const { return m_lambda; }

    double action(const double* phi) const;
    // f[x] = −∂S/∂φ_x.
    void force(const double* phi, double* f) const;
    // The local part of S at one site for the value v, with the neighbour sum
    // n = Σ_{±μ} φ_{x±μ}: what a single-site update changes.
    double siteAction(double v, double neighbourSum) const
    {
        const double v2 = v * v;
        return -2.0 * m_kappa * v * neighbourSum + m_mass * v2 + m_lambda * v2 * v2;
    }
    double neighbourSum(const double* phi, int site) const;

    static double magnetisation(const double* phi, int volume); // M = Σφ / V
    static double meanSquare(const double* phi, int volume);    // Σφ² / V

private:
    int m_L;
    double m_kappa, m_lambda;
    double m_mass; // 1 − 2λ
};

} // namespace dlab::fields
