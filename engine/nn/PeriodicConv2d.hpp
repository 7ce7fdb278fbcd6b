#pragma once
// A 2D convolution on an H×W torus (periodic padding, so it commutes with
// lattice translations), K×K kernel (K odd), Cin → Cout channels:
//
//   out[b, s, o] = bias[o] + Σ_k Σ_c in[b, s + δ_k, c] · W[k·Cin + c, o]
//
// (a cross-correlation; δ_k runs over the K² offsets). Activations are
// matrices with one row per (sample, site) — rows b·HW … b·HW + HW − 1 belong
// to sample b, site x + W·y — and one column per channel. Parameters live in
// the caller's flat vector: the (K²·Cin × Cout) column-major weight block,
// then Cout biases.
//
// Work is split into fixed chunks of samples that TBB runs in parallel (each
// chunk one im2col + GEMM); weight gradients are summed chunk by chunk in
// chunk order, so results are bit-identical for any thread count.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>
#include <vector>

namespace dlab::nn {

class PeriodicConv2d {
public:
    PeriodicConv2d() = default;
    PeriodicConv2d(int height, int width, int inChannels, int outChannels, int kernel);

    int height() const { return m_h; }
    int width() const { return m_w; }
    int sites() const { return m_h * m_w; }
    int inChannels() const { return m_cin; }
    int outChannels() const { return m_cout; }
    int kernel() const { return m_k; }
    Eigen::Index parameterCount() const { return Eigen::Index(m_k) * m_k * m_cin * m_cout + m_cout; }
    // He-uniform weights (fan-in K²·Cin) scaled by `gain`, zero biases.
    void initialise(double* params, RngStream& rng, double gain = 1.0) const;

    // in: (B·HW) × Cin; out is resized to (B·HW) × Cout.
    void forward(const double* params, const Eigen::MatrixXd& in, Eigen::MatrixXd& out) const;
    // Adds dL/dparams to gradParams; writes dL/din into *gradIn when given.
    void backward(const double* params, const Eigen::MatrixXd& in, const Eigen::MatrixXd& gradOut, double* gradParams,
                  Eigen::MatrixXd* gradIn) const;

    // Samples per chunk: a fixed function of the lattice size only.
    int chunkSamples() const { return m_chunk; }

private:
    void im2col(const Eigen::MatrixXd& in, Eigen::Index firstRow, Eigen::Index rows, Eigen::MatrixXd& cols) const;

    int m_h = 0, m_w = 0, m_cin = 0, m_cout = 0, m_k = 0, m_chunk = 1;
    std::vector<int> m_shift; // m_shift[k·HW + s]: the site s + δ_k
};

} // namespace dlab::nn
