#pragma once
// A sum over the rows of a batch computed in parallel but added in a fixed
// order: rows are cut into chunks of `chunkRows`, TBB evaluates the chunks,
// and their (value, gradient) parts are added in chunk order — bit-identical
// for any number of threads. The building block of every hand-written loss.

#include <Eigen/Core>

#include <functional>

namespace dlab::nn {

// `chunk(r0, n, part)` returns its chunk's value and writes every entry of
// `part` (already sized `gradientSize`). Returns Σ values; `gradient` gets Σ parts.
using ChunkTerm = std::function<double(Eigen::Index firstRow, Eigen::Index rows, Eigen::VectorXd& part)>;
double chunkedSum(Eigen::Index rows, Eigen::Index chunkRows, Eigen::Index gradientSize, const ChunkTerm& chunk,
                  Eigen::VectorXd& gradient);

} // namespace dlab::nn
