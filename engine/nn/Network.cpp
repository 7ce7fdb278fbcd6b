#include "Network.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace dlab::nn {

Network::Network(int inputs, std::vector<LayerSpec> layers, RngStream& rng)
    : m_inputs(inputs), m_layers(std::move(layers))
{
    if (inputs < 1) throw ParameterError("inputs", "a network needs at least one input");
    if (m_layers.empty()) throw ParameterError("layers", "a network needs at least one layer");
    for (const auto& l : m_layers)
        if (l.units < 1) throw ParameterError("layers", "every layer needs at least one unit");
    layout();
    for (int k = 0; k < layerCount(); ++k) {
        const int in = fanIn(k), out = m_layers[k].units;
        // He for ReLU keeps activations from shrinking layer by layer; Glorot
        // otherwise.
        const double limit =
            m_layers[k].activation == Activation::ReLU ? std::sqrt(6.0 / in) : std::sqrt(6.0 / (in + out));
        double* w = m_params.data() + offset(k);
        for (int i = 0; i < in * out; ++i)
            w[i] = limit * (2.0 * rng.uniform() - 1.0);
    }
}

void Network::layout()
{
    m_offsets.clear();
    std::size_t n = 0;
    for (int k = 0; k < layerCount(); ++k) {
        m_offsets.push_back(n);
        n += std::size_t(fanIn(k) + 1) * m_layers[k].units;
    }
    m_params = Eigen::VectorXd::Zero(Eigen::Index(n));
}

Eigen::Map<const Eigen::MatrixXd> Network::weights(int layer) const
{
    return {m_params.data() + offset(layer), fanIn(layer), m_layers[layer].units};
}

Eigen::Map<const Eigen::VectorXd> Network::bias(int layer) const
{
    return {m_params.data() + offset(layer) + std::size_t(fanIn(layer)) * m_layers[layer].units, m_layers[layer].units};
}

Eigen::MatrixXd Network::layerOutput(const Eigen::MatrixXd& x, int layer) const
{
    if (x.cols() != m_inputs) throw ParameterError("inputs", "expected " + std::to_string(m_inputs) + " columns");
    if (layer < 0 || layer >= layerCount()) throw ParameterError("layer", "no such layer");
    Eigen::MatrixXd a = x;
    for (int k = 0; k <= layer; ++k) {
        Eigen::MatrixXd z = a * weights(k);
        z.rowwise() += bias(k).transpose();
        applyActivation(m_layers[k].activation, z);
        a = std::move(z);
    }
    return a;
}

Eigen::MatrixXd Network::forward(const Eigen::MatrixXd& x) const { return layerOutput(x, layerCount() - 1); }

double Network::chunkGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, Loss loss,
                              Eigen::VectorXd& gradient) const
{
    const int L = layerCount();
    std::vector<Eigen::MatrixXd> acts(L + 1);
    acts[0] = x;
    for (int k = 0; k < L; ++k) {
        acts[k + 1] = acts[k] * weights(k);
        acts[k + 1].rowwise() += bias(k).transpose();
        applyActivation(m_layers[k].activation, acts[k + 1]);
    }
    const Eigen::MatrixXd& y = acts[L];
    const double value = lossSum(loss, y, targets);

    // dL/dZ of the output layer: fused where the pairing makes it (y − t).
    const Activation last = m_layers.back().activation;
    Eigen::MatrixXd delta;
    if ((loss == Loss::SoftmaxCrossEntropy && last == Activation::Softmax) ||
        (loss == Loss::BinaryCrossEntropy && last == Activation::Sigmoid)) {
        // Softmax: y·Σt − t (targets need not sum to 1); sigmoid: y − t.
        if (loss == Loss::SoftmaxCrossEntropy)
            delta = (y.array().colwise() * targets.rowwise().sum().array() - targets.array()).matrix();
        else
            delta = y - targets;
    } else {
        delta = lossGradient(loss, y, targets);
        activationBackward(last, y, delta);
    }
    for (int k = L - 1; k >= 0; --k) {
        const int in = fanIn(k), out = m_layers[k].units;
        Eigen::Map<Eigen::MatrixXd> gw(gradient.data() + offset(k), in, out);
        Eigen::Map<Eigen::VectorXd> gb(gradient.data() + offset(k) + std::size_t(in) * out, out);
        // Every entry is written exactly once per chunk: no zero-fill needed.
        gw.noalias() = acts[k].transpose() * delta;
        gb = delta.colwise().sum().transpose();
        if (k > 0) {
            Eigen::MatrixXd prev = delta * weights(k).transpose();
            activationBackward(m_layers[k - 1].activation, acts[k], prev);
            delta = std::move(prev);
        }
    }
    return value;
}

double Network::lossAndGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, Loss loss, double l2,
                                Eigen::VectorXd& gradient) const
{
    if (x.cols() != m_inputs || targets.cols() != outputSize() || x.rows() != targets.rows() || x.rows() == 0)
        throw ParameterError("batch", "inputs/targets do not match the network's shape");
    const Eigen::Index rows = x.rows();
    const int chunks = int((rows + kChunkRows - 1) / kChunkRows);
    // Chunk gradients reuse this thread's buffers from call to call
    // (allocating ~100 kB per chunk per batch cost more than the maths).
    // (A named reference: inside the tasks `threadBuffers` itself would name
    // the worker thread's own instance.)
    thread_local std::vector<Eigen::VectorXd> threadBuffers;
    std::vector<Eigen::VectorXd>& grads = threadBuffers;
    if (int(grads.size()) < chunks) grads.resize(chunks);
    std::vector<double> values(chunks);
    // Isolated: while this thread waits for the chunks it must not pick up an
    // outer task that calls lossAndGradient again and reuses threadBuffers.
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(0, chunks, [&](int c) {
            const Eigen::Index r0 = Eigen::Index(c) * kChunkRows, n = std::min<Eigen::Index>(kChunkRows, rows - r0);
            grads[c].resize(m_params.size());
            values[c] = chunkGradient(x.middleRows(r0, n), targets.middleRows(r0, n), loss, grads[c]);
        });
    });
    // Fixed-order reduction: identical for any number of threads.
    gradient = grads[0];
    double value = values[0];
    for (int c = 1; c < chunks; ++c) {
        gradient += grads[c];
        value += values[c];
    }
    gradient /= double(rows);
    value /= double(rows);
    if (l2 > 0)
        for (int k = 0; k < layerCount(); ++k) {
            const std::size_t n = std::size_t(fanIn(k)) * m_layers[k].units;
            Eigen::Map<const Eigen::VectorXd> w(m_params.data() + offset(k), Eigen::Index(n));
            gradient.segment(Eigen::Index(offset(k)), Eigen::Index(n)) += l2 * w;
            value += 0.5 * l2 * w.squaredNorm();
        }
    return value;
}

double Network::loss(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, Loss l, double l2) const
{
    double value = lossSum(l, forward(x), targets) / double(x.rows());
    if (l2 > 0)
        for (int k = 0; k < layerCount(); ++k)
            value += 0.5 * l2 * weights(k).squaredNorm();
    return value;
}

namespace {
constexpr char kMagic[8] = {'D', 'L', 'A', 'B', 'N', 'N', '0', '1'};

template <class T> void put(std::ofstream& f, T v) { f.write(reinterpret_cast<const char*>(&v), sizeof v); }
template <class T> T get(std::ifstream& f, const std::string& path, const char* what)
{
    T v{};
    if (!f.read(reinterpret_cast<char*>(&v), sizeof v))
        throw std::runtime_error(path + ": file ends early (while reading " + what + ")");
    return v;
}
} // namespace

void Network::save(const std::string& path) const
{
    std::ofstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(path + ": cannot open for writing");
    f.write(kMagic, 8);
    put<std::uint32_t>(f, std::uint32_t(m_inputs));
    put<std::uint32_t>(f, std::uint32_t(m_layers.size()));
    for (const auto& l : m_layers) {
        put<std::uint32_t>(f, std::uint32_t(l.units));
        put<std::uint32_t>(f, std::uint32_t(l.activation));
    }
    put<std::uint64_t>(f, std::uint64_t(m_params.size()));
    f.write(reinterpret_cast<const char*>(m_params.data()), std::streamsize(m_params.size() * sizeof(double)));
    if (!f) throw std::runtime_error(path + ": write failed");
}

Network Network::load(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(path + ": cannot open");
    char magic[8];
    if (!f.read(magic, 8) || std::memcmp(magic, kMagic, 8) != 0)
        throw std::runtime_error(path + ": not a DualityLab network file (magic DLABNN01 missing)");
    Network n;
    n.m_inputs = int(get<std::uint32_t>(f, path, "input count"));
    const auto count = get<std::uint32_t>(f, path, "layer count");
    if (n.m_inputs < 1 || n.m_inputs > (1 << 24)) throw std::runtime_error(path + ": implausible input count");
    if (count < 1 || count > 1000) throw std::runtime_error(path + ": implausible layer count");
    for (std::uint32_t k = 0; k < count; ++k) {
        LayerSpec s;
        s.units = int(get<std::uint32_t>(f, path, "layer units"));
        const auto act = get<std::uint32_t>(f, path, "layer activation");
        if (s.units < 1 || s.units > (1 << 24))
            throw std::runtime_error(path + ": layer " + std::to_string(k) + " has an implausible unit count");
        if (act > std::uint32_t(Activation::Softmax))
            throw std::runtime_error(path + ": layer " + std::to_string(k) + " has unknown activation code " +
                                     std::to_string(act));
        s.activation = Activation(act);
        n.m_layers.push_back(s);
    }
    n.layout();
    const auto stored = get<std::uint64_t>(f, path, "parameter count");
    if (stored != std::uint64_t(n.m_params.size()))
        throw std::runtime_error(path + ": parameter count " + std::to_string(stored) + " does not match the layers (" +
                                 std::to_string(n.m_params.size()) + ")");
    if (!f.read(reinterpret_cast<char*>(n.m_params.data()), std::streamsize(stored * sizeof(double))))
        throw std::runtime_error(path + ": file ends early (while reading parameters)");
    if (f.peek() != std::char_traits<char>::eof()) throw std::runtime_error(path + ": trailing bytes after parameters");
    return n;
}

} // namespace dlab::nn
