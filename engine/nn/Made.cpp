#include "Made.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>

namespace dlab::nn {
namespace {

// Hidden activations in place. tanh goes through Eigen's vectorised exp,
// tanh z = 1 − 2/(e^{2z} + 1) (exact limits ±1, absolute error ≈ 1e-16):
// std::tanh element by element was the largest cost of a forward pass.
void activate(Activation a, Eigen::MatrixXd& z)
{
    if (a != Activation::Tanh) return applyActivation(a, z);
    z = (1.0 - 2.0 / ((2.0 * z.array()).exp() + 1.0)).matrix();
}

} // namespace

void MadeShape::validate() const
{
    requireInRange("sites", sites, 2, kMaxSites);
    requireInRange("inputsPerSite", inputsPerSite, 1, 64);
    requireInRange("outputsPerSite", outputsPerSite, 1, 256);
    requireInRange("hidden layers", int(hidden.size()), 0, kMaxHiddenLayers);
    for (int w : hidden)
        requireInRange("hidden width", w, 1, kMaxWidth);
    if (hidden.empty() && !direct)
        throw ParameterError("hidden", "a MADE without hidden layers needs the direct connection");
    if (activation == Activation::Softmax) throw ParameterError("activation", "softmax is not a hidden activation");
}

Made::Made(const MadeShape& shape, RngStream& rng) : m_shape(shape)
{
    m_shape.validate();
    const int N = m_shape.sites, din = m_shape.inputsPerSite, dout = m_shape.outputsPerSite;
    const int layers = int(m_shape.hidden.size());

    // Degrees (sorted) and, per degree, how many units of a layer have at most that degree.
    for (int k = 0; k < layers; ++k) {
        const int H = m_shape.hidden[std::size_t(k)];
        std::vector<int> deg(static_cast<std::size_t>(H));
        for (int u = 0; u < H; ++u)
            deg[std::size_t(u)] = 1 + int((long long)u * (N - 1) / H);
        std::vector<int> upTo(static_cast<std::size_t>(N) + 1, 0);
        for (int d = 0, u = 0; d <= N; ++d) {
            while (u < H && deg[std::size_t(u)] <= d)
                ++u;
            upTo[std::size_t(d)] = u;
        }
        m_degrees.push_back(std::move(deg));
        m_upToDegree.push_back(std::move(upTo));
    }

    // Blocks and their masks (allowed prefix of rows per column).
    std::size_t n = 0;
    for (int k = 0; k < layers; ++k) {
        Block b;
        b.offset = n;
        b.rows = k == 0 ? N * din : m_shape.hidden[std::size_t(k - 1)];
        b.cols = m_shape.hidden[std::size_t(k)];
        for (int u = 0; u < b.cols; ++u) {
            const int m = m_degrees[std::size_t(k)][std::size_t(u)];
            b.allowedRows.push_back(k == 0 ? m * din : m_upToDegree[std::size_t(k - 1)][std::size_t(m)]);
        }
        n += std::size_t(b.rows + 1) * b.cols;
        m_hiddenBlocks.push_back(std::move(b));
    }
    m_output.offset = n;
    m_output.rows = layers > 0 ? m_shape.hidden.back() : 0;
    m_output.cols = N * dout;
    for (int c = 0; c < m_output.cols; ++c)
        m_output.allowedRows.push_back(layers > 0 ? m_upToDegree.back()[std::size_t(c / dout)] : 0);
    n += std::size_t(m_output.rows + 1) * m_output.cols;
    if (m_shape.direct) {
        m_direct.offset = n;
        m_direct.rows = N * din;
        m_direct.cols = N * dout;
        for (int c = 0; c < m_direct.cols; ++c)
            m_direct.allowedRows.push_back((c / dout) * din);
        n += std::size_t(m_direct.rows) * m_direct.cols;
    }
    m_params = Eigen::VectorXd::Zero(Eigen::Index(n));
    for (auto& b : m_hiddenBlocks)
        groupColumns(b);
    groupColumns(m_output);
    if (m_shape.direct) groupColumns(m_direct);

    auto fill = [&](const Block& b, double gain) {
        for (int c = 0; c < b.cols; ++c) {
            const int fan = b.allowedRows[std::size_t(c)];
            if (fan == 0) continue;
            const double limit = gain / std::sqrt(double(fan));
            double* w = m_params.data() + b.offset + std::size_t(c) * b.rows;
            for (int r = 0; r < fan; ++r)
                w[r] = limit * (2.0 * rng.uniform() - 1.0);
        }
    };
    // Uniform(±g/√fan) has variance g²/(3 fan): g = √3 keeps unit variance
    // through tanh layers, √6 through ReLU ones.
    const double hiddenGain = m_shape.activation == Activation::ReLU ? std::sqrt(6.0) : std::sqrt(3.0);
    for (const auto& b : m_hiddenBlocks)
        fill(b, hiddenGain);
    fill(m_output, 1.0);
    if (m_shape.direct) fill(m_direct, 1.0);
}

int Made::degree(int layer, int unit) const { return m_degrees[std::size_t(layer)][std::size_t(unit)]; }

Eigen::Map<const Eigen::MatrixXd> Made::matrix(const Block& b) const
{
    return {m_params.data() + b.offset, b.rows, b.cols};
}

Eigen::Map<const Eigen::VectorXd> Made::bias(const Block& b) const
{
    return {m_params.data() + b.offset + std::size_t(b.rows) * b.cols, b.cols};
}

void Made::maskGradient(const Block& b, Eigen::VectorXd& gradient) const
{
    for (int c = 0; c < b.cols; ++c) {
        const int allowed = b.allowedRows[std::size_t(c)];
        double* g = gradient.data() + b.offset + std::size_t(c) * b.rows;
        std::fill(g + allowed, g + b.rows, 0.0);
    }
}

void Made::groupColumns(Block& b)
{
    // At most 16 runs: the skipped share of a triangular mask is then ≥ 47 %
    // while each product stays large enough to run at full speed.
    const int runs = std::min(16, std::max(1, b.cols / 8));
    for (int g = 0; g < runs; ++g) {
        ColumnGroup c;
        c.first = int((long long)g * b.cols / runs);
        c.count = int((long long)(g + 1) * b.cols / runs) - c.first;
        if (c.count == 0) continue;
        c.rows = b.allowedRows[std::size_t(c.first + c.count - 1)];
        b.groups.push_back(c);
    }
}

void Made::multiply(const Eigen::MatrixXd& in, const Block& b, Eigen::MatrixXd& out, bool accumulate) const
{
    if (!accumulate) out.resize(in.rows(), b.cols);
    const auto w = matrix(b);
    for (const ColumnGroup& g : b.groups) {
        auto o = out.middleCols(g.first, g.count);
        if (g.rows == 0) {
            if (!accumulate) o.setZero();
        } else if (accumulate) {
            o.noalias() += in.leftCols(g.rows) * w.block(0, g.first, g.rows, g.count);
        } else {
            o.noalias() = in.leftCols(g.rows) * w.block(0, g.first, g.rows, g.count);
        }
    }
}

void Made::multiplyBackward(const Eigen::MatrixXd& in, const Block& b, const Eigen::MatrixXd& d,
                            Eigen::VectorXd& gradient, Eigen::MatrixXd* dIn) const
{
    Eigen::Map<Eigen::MatrixXd> gw(gradient.data() + b.offset, b.rows, b.cols);
    const auto w = matrix(b);
    for (const ColumnGroup& g : b.groups) {
        if (g.rows > 0) {
            gw.block(0, g.first, g.rows, g.count).noalias() =
                in.leftCols(g.rows).transpose() * d.middleCols(g.first, g.count);
            if (dIn)
                dIn->leftCols(g.rows).noalias() +=
                    d.middleCols(g.first, g.count) * w.block(0, g.first, g.rows, g.count).transpose();
        }
        gw.block(g.rows, g.first, b.rows - g.rows, g.count).setZero();
    }
    maskGradient(b, gradient); // inside a run, columns allow fewer rows than the run's last
}

void Made::zeroMasked(Eigen::VectorXd& parameters) const
{
    for (const auto& b : m_hiddenBlocks)
        maskGradient(b, parameters);
    maskGradient(m_output, parameters);
    if (m_shape.direct) maskGradient(m_direct, parameters);
}

void Made::forward(const Eigen::MatrixXd& x, Eigen::MatrixXd& out, Cache* cache) const
{
    const int layers = hiddenLayers();
    Cache local;
    Cache& c = cache ? *cache : local;
    c.hidden.resize(std::size_t(layers));
    for (int k = 0; k < layers; ++k) {
        const Block& b = m_hiddenBlocks[std::size_t(k)];
        const Eigen::MatrixXd& below = k == 0 ? x : c.hidden[std::size_t(k - 1)];
        Eigen::MatrixXd& a = c.hidden[std::size_t(k)];
        multiply(below, b, a, false);
        a.rowwise() += bias(b).transpose();
        activate(m_shape.activation, a);
    }
    if (layers > 0)
        multiply(c.hidden.back(), m_output, out, false);
    else
        out.setZero(x.rows(), outputs());
    out.rowwise() += bias(m_output).transpose();
    if (m_shape.direct) multiply(x, m_direct, out, true);
}

void Made::backward(const Eigen::MatrixXd& x, const Cache& cache, const Eigen::MatrixXd& dOut,
                    Eigen::VectorXd& gradient, Eigen::MatrixXd* dx) const
{
    const int layers = hiddenLayers();
    gradient.resize(m_params.size());
    auto gBias = [&](const Block& b) {
        return Eigen::Map<Eigen::VectorXd>(gradient.data() + b.offset + std::size_t(b.rows) * b.cols, b.cols);
    };
    if (dx) dx->setZero(x.rows(), inputs());
    gBias(m_output) = dOut.colwise().sum().transpose();
    if (m_shape.direct) multiplyBackward(x, m_direct, dOut, gradient, dx);
    if (layers == 0) return;
    Eigen::MatrixXd delta = Eigen::MatrixXd::Zero(dOut.rows(), m_output.rows);
    multiplyBackward(cache.hidden.back(), m_output, dOut, gradient, &delta);
    for (int k = layers - 1; k >= 0; --k) {
        const Block& b = m_hiddenBlocks[std::size_t(k)];
        activationBackward(m_shape.activation, cache.hidden[std::size_t(k)], delta);
        const Eigen::MatrixXd& below = k == 0 ? x : cache.hidden[std::size_t(k - 1)];
        gBias(b) = delta.colwise().sum().transpose();
        if (k > 0) {
            Eigen::MatrixXd next = Eigen::MatrixXd::Zero(delta.rows(), b.rows);
            multiplyBackward(below, b, delta, gradient, &next);
            delta = std::move(next);
        } else {
            multiplyBackward(below, b, delta, gradient, dx);
        }
    }
}

Made::Sweep::Sweep(const Made& made, Eigen::Index rows)
    : m_made(made), m_x(Eigen::MatrixXd::Zero(rows, made.inputs())), m_done(std::size_t(made.hiddenLayers()), 0)
{
    for (int k = 0; k < made.hiddenLayers(); ++k)
        m_hidden.emplace_back(rows, made.m_shape.hidden[std::size_t(k)]);
}

void Made::Sweep::siteOutputs(int site, Eigen::MatrixXd& out)
{
    if (site != m_next) throw std::logic_error("Made::Sweep: sites must be evaluated in order");
    ++m_next;
    const Made& m = m_made;
    const int din = m.m_shape.inputsPerSite, dout = m.m_shape.outputsPerSite;
    const Eigen::Index rows = m_x.rows();
    // Units of degree ≤ site have all their inputs now: compute the new ones.
    for (int k = 0; k < m.hiddenLayers(); ++k) {
        const int target = m.unitsUpToDegree(k, site);
        const int first = m_done[std::size_t(k)];
        if (target == first) continue;
        const Block& b = m.m_hiddenBlocks[std::size_t(k)];
        const int used = k == 0 ? site * din : m.unitsUpToDegree(k - 1, site);
        const auto w = m.matrix(b).block(0, first, used, target - first);
        Eigen::MatrixXd z = (k == 0 ? m_x.leftCols(used) : m_hidden[std::size_t(k - 1)].leftCols(used)) * w;
        z.rowwise() += m.bias(b).segment(first, target - first).transpose();
        activate(m.m_shape.activation, z);
        m_hidden[std::size_t(k)].middleCols(first, target - first) = z;
        m_done[std::size_t(k)] = target;
    }
    out.resize(rows, dout);
    out.rowwise() = m.bias(m.m_output).segment(Eigen::Index(site) * dout, dout).transpose();
    if (m.hiddenLayers() > 0) {
        const int used = m.unitsUpToDegree(m.hiddenLayers() - 1, site);
        out.noalias() += m_hidden.back().leftCols(used) * m.matrix(m.m_output).block(0, site * dout, used, dout);
    }
    if (m.m_shape.direct && site > 0)
        out.noalias() +=
            m_x.leftCols(Eigen::Index(site) * din) * m.matrix(m.m_direct).block(0, site * dout, site * din, dout);
}

} // namespace dlab::nn
