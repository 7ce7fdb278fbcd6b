#pragma once
// The Ising model on an L×M torus by its row-to-row transfer matrix, a
// second exact method beside Kaufman's formula (DESIGN-level check of the
// free energies quoted for the autoregressive experiments): with rows σ of L
// spins,
//   Z = Tr T^M,  T = D^{1/2} V D^{1/2},
//   D(σ) = e^{β Σ_x σ_x σ_{x+1}},  V(σ, σ′) = e^{β Σ_x σ_x σ′_x},
// a symmetric positive-definite 2^L × 2^L matrix, so ln Z = ln Σ_k λ_k^M
// from its eigenvalues. Exact to rounding; practical for L ≤ 10.

namespace dlab::exact {

constexpr int kTransferMatrixMaxL = 10;

// ln Z of the L×M torus (2 ≤ L ≤ kTransferMatrixMaxL, M ≥ 1, β > 0); throws
// ParameterError otherwise.
long double transferMatrixLogZ(int L, int M, double beta);
// Free energy per site f = −ln Z / (β L M).
double transferMatrixFreeEnergyPerSite(int L, int M, double beta);

} // namespace dlab::exact
