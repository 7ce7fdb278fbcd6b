#pragma once
// Exact results for Gaussian lattice fields, for tests, plots and reports
// (never for steering a sampler or a learner).
//
// φ⁴ at λ = 0 (Phi4Action): S = ½ Σ_p A_p |φ̃_p|² with
//   A_p = 2 (1 − 2κ (cos p_x + cos p_y)),  p = 2π n / L,
// so ⟨φ²⟩ = (1/V) Σ_p 1/A_p, ⟨M⟩ = 0, χ2 = V⟨M²⟩ = 1/A_0 = 1/(2(1 − 4κ)),
// M is Gaussian: ⟨|M|⟩ = √(2χ2/(πV)) and U_L = 0. Stable for |κ| < ¼.
//
// Langevin φ ← φ + εF + √(2ε)η leaves each mode Gaussian with variance
// 1/(A_p (1 − εA_p/2)) instead of 1/A_p: its O(ε) bias, exactly.
//
// The free scalar field of the RBM experiment: K = −∇² + m² on a periodic
// chain of N sites or an L×L torus (2d + m² on the diagonal, −1 for each
// neighbour), eigenvalues m² + Σ_μ (2 − 2 cos p_μ).

#include <Eigen/Core>

#include <vector>

namespace dlab::fields {

struct GaussianPhi4 {
    double phiSquared = 0; // ⟨φ²⟩ per site
    double chi2 = 0;       // V⟨M²⟩
    double absM = 0;       // ⟨|M|⟩
};

// Exact free-field values of Phi4Action(L, κ, 0); the Langevin variant uses
// the stationary law of the discrete update with step ε (ε = 0: exact).
GaussianPhi4 gaussianPhi4(int L, double kappa, double langevinEpsilon = 0.0);

enum class FreeFieldGeometry { Chain, Torus };

// K^φ for a periodic chain of n sites (Chain) or an n×n torus (Torus, site x + n·y).
Eigen::MatrixXd freeFieldKernel(FreeFieldGeometry geometry, int n, double m2);
// Its eigenvalues in ascending order, from the Fourier modes.
std::vector<double> freeFieldSpectrum(FreeFieldGeometry geometry, int n, double m2);

} // namespace dlab::fields
