#include "engine/experiments/fieldtheory/ScoreNetwork.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>
#include <numbers>

namespace dlab::fieldtheory {
namespace {

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

} // namespace

ScoreNetwork::ScoreNetwork(const ScoreNetworkShape& shape, RngStream& rng)
    : m_shape(shape), m_d2(shape.sigmaData * shape.sigmaData)
{
    requireInRange("L", shape.L, 2, 256);
    requireInRange("channels", shape.channels, 1, 512);
    requireInRange("layers", shape.layers, 2, 32);
    if (!(shape.sigmaData > 0)) throw ParameterError("sigmaData", "must be > 0");
    if (!(shape.sigmaMin > 0 && shape.sigmaMax > shape.sigmaMin))
        throw ParameterError("sigmaMax", "the noise range needs 0 < sigmaMin < sigmaMax");
    const int C = shape.channels, n = shape.layers;
    Eigen::Index size = 0;
    for (int l = 0; l < n; ++l) {
        const int cin = l == 0 ? 1 : C, cout = l == n - 1 ? 1 : C;
        m_conv.emplace_back(shape.L, shape.L, cin, cout, 3);
        m_convOffset.push_back(size);
        size += m_conv.back().parameterCount();
        if (l < n - 1) {
            m_embedOffset.push_back(size);
            size += Eigen::Index(C) * kEmbedding;
            m_globalOffset.push_back(size);
            size += l >= 1 ? Eigen::Index(C) * C : 0;
        }
    }
    m_params = Eigen::VectorXd::Zero(size);
    for (int l = 0; l < n; ++l)
        // SiLU passes about half the signal: He gain; the last layer starts
        // small, so the untrained network is close to the Gaussian denoiser.
        m_conv[std::size_t(l)].initialise(m_params.data() + m_convOffset[std::size_t(l)], rng, l == n - 1 ? 0.1 : 1.0);
    for (int l = 0; l + 1 < n; ++l) {
        double* e = m_params.data() + m_embedOffset[std::size_t(l)];
        for (Eigen::Index i = 0; i < Eigen::Index(C) * kEmbedding; ++i)
            e[i] = 0.1 * rng.normal();
    }
}

Eigen::VectorXd ScoreNetwork::embedding(double sigma) const
{
    const double lo = std::log(m_shape.sigmaMin), hi = std::log(m_shape.sigmaMax);
    const double u = 2.0 * (std::log(sigma) - lo) / (hi - lo) - 1.0;
    Eigen::VectorXd e(kEmbedding);
    e[0] = 1.0;
    e[1] = u;
    for (int k = 1; k <= 3; ++k) {
        e[2 * k] = std::sin(0.5 * std::numbers::pi * k * u);
        e[2 * k + 1] = std::cos(0.5 * std::numbers::pi * k * u);
    }
    return e;
}

void ScoreNetwork::forward(const Eigen::MatrixXd& x, const Eigen::VectorXd& sigma, Forward& f) const
{
    const int n = m_shape.layers, C = m_shape.channels;
    const Eigen::Index V = Eigen::Index(m_shape.L) * m_shape.L, B = x.cols();
    if (x.rows() != V || sigma.size() != B) throw ParameterError("batch", "fields must be V × B with one σ per column");
    f.in.assign(std::size_t(n), {});
    f.pre.assign(std::size_t(n - 1), {});
    f.mean.assign(std::size_t(n), {});
    f.embed.resize(B, kEmbedding);
    for (Eigen::Index b = 0; b < B; ++b)
        f.embed.row(b) = embedding(sigma[b]).transpose();
    // Column-major V × B is already "one row per (sample, site)".
    f.in[0].resize(V * B, 1);
    for (Eigen::Index b = 0; b < B; ++b)
        f.in[0].middleRows(b * V, V) = cIn(sigma[b]) * x.col(b);
    for (int l = 0; l < n; ++l) {
        const auto& conv = m_conv[std::size_t(l)];
        Eigen::MatrixXd& z = l < n - 1 ? f.pre[std::size_t(l)] : f.out;
        conv.forward(m_params.data() + m_convOffset[std::size_t(l)], f.in[std::size_t(l)], z);
        if (l == n - 1) break;
        Eigen::Map<const Eigen::MatrixXd> E(m_params.data() + m_embedOffset[std::size_t(l)], C, kEmbedding);
        Eigen::MatrixXd bias = f.embed * E.transpose(); // B × C
        if (l >= 1) {
            Eigen::MatrixXd& mean = f.mean[std::size_t(l)];
            mean.resize(B, C);
            for (Eigen::Index b = 0; b < B; ++b)
                mean.row(b) = f.in[std::size_t(l)].middleRows(b * V, V).colwise().mean();
            Eigen::Map<const Eigen::MatrixXd> G(m_params.data() + m_globalOffset[std::size_t(l)], C, C);
            bias += mean * G.transpose();
        }
        for (Eigen::Index b = 0; b < B; ++b)
            z.middleRows(b * V, V).rowwise() += bias.row(b);
        f.in[std::size_t(l + 1)] = z.unaryExpr([](double v) { return v * sigmoid(v); });
    }
}

Eigen::MatrixXd ScoreNetwork::score(const Eigen::MatrixXd& x, const Eigen::VectorXd& sigma) const
{
    Forward f;
    forward(x, sigma, f);
    const Eigen::Index V = x.rows();
    Eigen::MatrixXd s(x.rows(), x.cols());
    for (Eigen::Index b = 0; b < x.cols(); ++b) {
        const double sg = sigma[b];
        s.col(b) = ((cSkip(sg) - 1.0) * x.col(b) + cOut(sg) * f.out.middleRows(b * V, V)) / (sg * sg);
    }
    return s;
}

double ScoreNetwork::loss(const Eigen::MatrixXd& x0, const Eigen::MatrixXd& z, const Eigen::VectorXd& sigma) const
{
    return evaluate(x0, z, sigma, nullptr);
}

double ScoreNetwork::lossAndGradient(const Eigen::MatrixXd& x0, const Eigen::MatrixXd& z, const Eigen::VectorXd& sigma,
                                     Eigen::VectorXd& gradient) const
{
    return evaluate(x0, z, sigma, &gradient);
}

double ScoreNetwork::evaluate(const Eigen::MatrixXd& x0, const Eigen::MatrixXd& z, const Eigen::VectorXd& sigma,
                              Eigen::VectorXd* gradient) const
{
    const Eigen::Index V = x0.rows(), B = x0.cols();
    if (z.rows() != V || z.cols() != B) throw ParameterError("noise", "must have the shape of the fields");
    const Eigen::MatrixXd noisy = x0 + z * sigma.asDiagonal();
    Forward f;
    forward(noisy, sigma, f);
    // Residual F − target, target = (x₀ − c_skip x̃)/c_out.
    Eigen::MatrixXd r(V * B, 1);
    for (Eigen::Index b = 0; b < B; ++b) {
        const double sg = sigma[b];
        r.middleRows(b * V, V) = f.out.middleRows(b * V, V) - (x0.col(b) - cSkip(sg) * noisy.col(b)) / cOut(sg);
    }
    const double w = m_shape.zeroModeWeight;
    Eigen::VectorXd rMean(B);
    for (Eigen::Index b = 0; b < B; ++b)
        rMean[b] = r.middleRows(b * V, V).mean();
    const double value = (r.squaredNorm() + w * double(V) * rMean.squaredNorm()) / double(V * B);
    if (!gradient) return value;

    const int n = m_shape.layers, C = m_shape.channels;
    *gradient = Eigen::VectorXd::Zero(m_params.size());
    Eigen::MatrixXd delta = (2.0 / double(V * B)) * r; // dL/d(output of conv l)
    for (Eigen::Index b = 0; b < B; ++b)
        delta.middleRows(b * V, V).array() += 2.0 * w * rMean[b] / double(V * B);
    Eigen::MatrixXd pendingGlobal; // B × C: dL/d(in[l]) through layer l's global pathway
    for (int l = n - 1; l >= 0; --l) {
        Eigen::MatrixXd gradIn;
        m_conv[std::size_t(l)].backward(m_params.data() + m_convOffset[std::size_t(l)], f.in[std::size_t(l)], delta,
                                        gradient->data() + m_convOffset[std::size_t(l)], l > 0 ? &gradIn : nullptr);
        if (l == 0) break;
        if (pendingGlobal.size() > 0) // in[l] also fed layer l's global pathway, through its channel means
            for (Eigen::Index b = 0; b < B; ++b)
                gradIn.middleRows(b * V, V).rowwise() += pendingGlobal.row(b);
        // in[l] = SiLU(pre[l−1]); SiLU'(v) = s (1 + v (1 − s)), s = sigmoid(v).
        const Eigen::MatrixXd& pre = f.pre[std::size_t(l - 1)];
        for (Eigen::Index i = 0; i < gradIn.size(); ++i) {
            const double v = pre.data()[i], sg = sigmoid(v);
            gradIn.data()[i] *= sg * (1.0 + v * (1.0 - sg));
        }
        // Per-sample biases of layer l−1: time embedding, and the global pathway from l−1 ≥ 1.
        Eigen::MatrixXd siteSums(B, C);
        for (Eigen::Index b = 0; b < B; ++b)
            siteSums.row(b) = gradIn.middleRows(b * V, V).colwise().sum();
        Eigen::Map<Eigen::MatrixXd> dE(gradient->data() + m_embedOffset[std::size_t(l - 1)], C, kEmbedding);
        dE += siteSums.transpose() * f.embed;
        pendingGlobal.resize(0, 0);
        if (l - 1 >= 1) {
            Eigen::Map<Eigen::MatrixXd> dG(gradient->data() + m_globalOffset[std::size_t(l - 1)], C, C);
            dG += siteSums.transpose() * f.mean[std::size_t(l - 1)];
            Eigen::Map<const Eigen::MatrixXd> G(m_params.data() + m_globalOffset[std::size_t(l - 1)], C, C);
            pendingGlobal = (siteSums * G) / double(V);
        }
        delta = std::move(gradIn);
    }
    return value;
}

} // namespace dlab::fieldtheory
