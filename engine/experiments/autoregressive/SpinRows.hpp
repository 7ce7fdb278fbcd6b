#pragma once
// Ising configurations as the rows an autoregressive network reads: one row
// per configuration, column x + L·y holds spin (x, y) as ±1, so the network's
// autoregressive order is the typewriter order of the lattice.

#include "engine/models/SpinConfiguration.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace dlab::autoregressive {

Eigen::MatrixXd spinRows(const std::vector<SpinConfiguration>& configurations);
// Row r as int8 spins (site x + L·y), for lattice views and .npy files.
std::vector<std::int8_t> rowSpins(const Eigen::MatrixXd& rows, Eigen::Index r);

// E = −Σ_<ij> s_i s_j of each row of an L×L torus.
Eigen::VectorXd isingEnergies(const Eigen::MatrixXd& rows, int L);
// |Σ_i s_i| / N of each row.
Eigen::VectorXd absMagnetizations(const Eigen::MatrixXd& rows);

// 2×2 block spins S(X, Y) = s(x,y) + s(x+1,y) + s(x,y+1) + s(x+1,y+1) at
// (x, y) = stride·(X, Y) (the seed's stride 1 overlaps, stride 2 tiles), for
// X, Y < L/stride, as categories (S + 4)/2 ∈ {0, …, 4}. Stride 1 or 2; with
// stride 2, L must be even.
Eigen::MatrixXd blockSpinRows(const Eigen::MatrixXd& rows, int L, int stride);
// The values of the five categories, S/4 ∈ {−1, −½, 0, ½, 1}: what a block enters the network as.
std::vector<double> blockSpinLevels();

} // namespace dlab::autoregressive
