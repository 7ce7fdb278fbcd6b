#include "engine/nn/PeriodicConv2d.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cmath>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

namespace dlab::nn {

PeriodicConv2d::PeriodicConv2d(int height, int width, int inChannels, int outChannels, int kernel)
    : m_h(height), m_w(width), m_cin(inChannels), m_cout(outChannels), m_k(kernel)
{
    requireInRange("height", height, 1, 4096);
    requireInRange("width", width, 1, 4096);
    requireInRange("inChannels", inChannels, 1, 4096);
    requireInRange("outChannels", outChannels, 1, 4096);
    if (kernel < 1 || kernel % 2 == 0) throw ParameterError("kernel", "must be odd and ≥ 1");
    const int hw = sites(), r = kernel / 2;
    m_shift.resize(std::size_t(kernel * kernel * hw));
    for (int dy = -r, k = 0; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx, ++k)
            for (int y = 0; y < m_h; ++y)
                for (int x = 0; x < m_w; ++x) {
                    const int xs = ((x + dx) % m_w + m_w) % m_w, ys = ((y + dy) % m_h + m_h) % m_h;
                    m_shift[std::size_t(k * hw + x + m_w * y)] = xs + m_w * ys;
                }
    // ≈ 2048 rows per chunk keeps an im2col block in the caches' reach.
    m_chunk = std::max(1, 2048 / hw);
}

void PeriodicConv2d::initialise(double* params, RngStream& rng, double gain) const
{
    const double limit = gain * std::sqrt(6.0 / double(m_k * m_k * m_cin));
    const Eigen::Index nw = Eigen::Index(m_k) * m_k * m_cin * m_cout;
    for (Eigen::Index i = 0; i < nw; ++i)
        params[i] = limit * (2.0 * rng.uniform() - 1.0);
    for (int o = 0; o < m_cout; ++o)
        params[nw + o] = 0.0;
}

void PeriodicConv2d::im2col(const Eigen::MatrixXd& in, Eigen::Index firstRow, Eigen::Index rows,
                            Eigen::MatrixXd& cols) const
{
    const int hw = sites(), kk = m_k * m_k;
    cols.resize(rows, Eigen::Index(kk) * m_cin);
    for (int k = 0; k < kk; ++k) {
        const int* shift = m_shift.data() + std::size_t(k) * hw;
        for (int c = 0; c < m_cin; ++c) {
            const double* src = in.col(c).data() + firstRow;
            double* dst = cols.col(Eigen::Index(k) * m_cin + c).data();
            for (Eigen::Index b = 0; b < rows; b += hw)
                for (int s = 0; s < hw; ++s)
                    dst[b + s] = src[b + shift[s]];
        }
    }
}

void PeriodicConv2d::forward(const double* params, const Eigen::MatrixXd& in, Eigen::MatrixXd& out) const
{
    const int hw = sites();
    if (in.cols() != m_cin || in.rows() % hw != 0)
        throw ParameterError("input", "expected (samples·" + std::to_string(hw) + ") × " + std::to_string(m_cin));
    const Eigen::Index samples = in.rows() / hw, kc = Eigen::Index(m_k) * m_k * m_cin;
    Eigen::Map<const Eigen::MatrixXd> w(params, kc, m_cout);
    Eigen::Map<const Eigen::RowVectorXd> bias(params + kc * m_cout, m_cout);
    out.resize(in.rows(), m_cout);
    const int chunks = int((samples + m_chunk - 1) / m_chunk);
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(0, chunks, [&](int c) {
            const Eigen::Index r0 = Eigen::Index(c) * m_chunk * hw;
            const Eigen::Index rows = std::min<Eigen::Index>(Eigen::Index(m_chunk) * hw, in.rows() - r0);
            thread_local Eigen::MatrixXd cols;
            im2col(in, r0, rows, cols);
            out.middleRows(r0, rows).noalias() = cols * w;
            out.middleRows(r0, rows).rowwise() += bias;
        });
    });
}

void PeriodicConv2d::backward(const double* params, const Eigen::MatrixXd& in, const Eigen::MatrixXd& gradOut,
                              double* gradParams, Eigen::MatrixXd* gradIn) const
{
    const int hw = sites(), kk = m_k * m_k;
    const Eigen::Index samples = in.rows() / hw, kc = Eigen::Index(kk) * m_cin;
    Eigen::Map<const Eigen::MatrixXd> w(params, kc, m_cout);
    const int chunks = int((samples + m_chunk - 1) / m_chunk);
    std::vector<Eigen::MatrixXd> gw(static_cast<std::size_t>(chunks));
    std::vector<Eigen::RowVectorXd> gb(static_cast<std::size_t>(chunks));
    if (gradIn) gradIn->setZero(in.rows(), m_cin);
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(0, chunks, [&](int c) {
            const Eigen::Index r0 = Eigen::Index(c) * m_chunk * hw;
            const Eigen::Index rows = std::min<Eigen::Index>(Eigen::Index(m_chunk) * hw, in.rows() - r0);
            thread_local Eigen::MatrixXd cols;
            im2col(in, r0, rows, cols);
            const auto g = gradOut.middleRows(r0, rows);
            gw[std::size_t(c)].noalias() = cols.transpose() * g;
            gb[std::size_t(c)] = g.colwise().sum();
            if (!gradIn) return;
            // col2im: every im2col entry came from one input entry; scatter back.
            cols.noalias() = g * w.transpose();
            for (int k = 0; k < kk; ++k) {
                const int* shift = m_shift.data() + std::size_t(k) * hw;
                for (int ch = 0; ch < m_cin; ++ch) {
                    const double* src = cols.col(Eigen::Index(k) * m_cin + ch).data();
                    double* dst = gradIn->col(ch).data() + r0;
                    for (Eigen::Index b = 0; b < rows; b += hw)
                        for (int s = 0; s < hw; ++s)
                            dst[b + shift[s]] += src[b + s];
                }
            }
        });
    });
    // Fixed-order reduction over chunks.
    Eigen::Map<Eigen::MatrixXd> dw(gradParams, kc, m_cout);
    Eigen::Map<Eigen::RowVectorXd> db(gradParams + kc * m_cout, m_cout);
    for (int c = 0; c < chunks; ++c) {
        dw += gw[std::size_t(c)];
        db += gb[std::size_t(c)];
    }
}

} // namespace dlab::nn
