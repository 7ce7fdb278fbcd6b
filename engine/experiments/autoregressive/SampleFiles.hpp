#pragma once
// Network samples as NumPy files, one writer for the CLI and the GUI:
//  - spins: int8 [n, side, side], ±1;
//  - 2×2 block spins (categories 0 … 4): int8 block sums S = −4 … 4;
//  - XY angles: float64 [n, L, L], θ in [0, 2π).
// Element [k, y, x] is site x + side·y of sample k (rows of `values`).

#include <Eigen/Core>

#include <string>

namespace dlab::autoregressive {

enum class SampleKind { Spins, BlockCategories, Angles };

void writeSamples(const std::string& path, const Eigen::MatrixXd& values, int side, SampleKind kind);

} // namespace dlab::autoregressive
