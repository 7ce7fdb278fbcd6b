#pragma once
// A feed-forward network of dense layers: A_k = f_k(A_{k−1} W_k + b_k), one
// sample per row. All weights live in one flat parameter vector (so Adam,
// finite-difference checks and save/load see a single array); W_k is an
// (in × out) column-major block followed by b_k.
//
// Gradients are hand-written. A batch is cut into fixed chunks of
// kChunkRows rows that TBB processes in parallel; the chunk gradients are then
// added in chunk order, so the result is bit-identical for any thread count.

#include "Activation.hpp"
#include "Loss.hpp"

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace dlab::nn {

struct LayerSpec {
    int units = 0;
    Activation activation = Activation::ReLU;
};

class Network {
public:
    static constexpr int kChunkRows = 32;

    Network() = default;
    // Weights: He-uniform for ReLU layers, Glorot-uniform otherwise; biases 0.
    Network(int inputs, std::vector<LayerSpec> layers, RngStream& rng);

    int inputSize() const { return m_inputs; }
    int outputSize() const { return m_layers.empty() ? m_inputs : m_layers.back().units; }
    int layerCount() const { return int(m_layers.size()); }
    const std::vector<LayerSpec>& layers() const { return m_layers; }

    Eigen::VectorXd& parameters() { return m_params; }
    const Eigen::VectorXd& parameters() const { return m_params; }
    Eigen::Map<const Eigen::MatrixXd> weights(int layer) const;
    Eigen::Map<const Eigen::VectorXd> bias(int layer) const;

    // Network output for inputs X (rows = samples).
    Eigen::MatrixXd forward(const Eigen::MatrixXd& x) const;
    // Output of hidden layer `layer` (0-based; layerCount()−1 is the output):
    // the "embedding" when layer is the last hidden one.
    Eigen::MatrixXd layerOutput(const Eigen::MatrixXd& x, int layer) const;

    // Mean loss over the rows plus (l2/2)·Σ W² (biases are not decayed);
    // `gradient` receives d(that)/d(parameters).
    double lossAndGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, Loss loss, double l2,
                           Eigen::VectorXd& gradient) const;
    double loss(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, Loss loss, double l2) const;

    // Binary file, little endian:
    //   8 bytes magic "DLABNN01"; uint32 inputs; uint32 layer count;
    //   per layer uint32 units, uint32 activation (0 identity, 1 relu, 2 tanh,
    //   3 sigmoid, 4 softmax); uint64 parameter count; that many float64.
    // load() throws std::runtime_error saying what is wrong with the file.
    void save(const std::string& path) const;
    static Network load(const std::string& path);

private:
    std::size_t offset(int layer) const { return m_offsets[layer]; }
    int fanIn(int layer) const { return layer == 0 ? m_inputs : m_layers[layer - 1].units; }
    void layout();
    // Sum (not mean) of the loss over the rows of one chunk; overwrites `gradient`.
    double chunkGradient(const Eigen::MatrixXd& x, const Eigen::MatrixXd& targets, Loss loss,
                         Eigen::VectorXd& gradient) const;

    int m_inputs = 0;
    std::vector<LayerSpec> m_layers;
    std::vector<std::size_t> m_offsets; // start of W_k in m_params
    Eigen::VectorXd m_params;
};

} // namespace dlab::nn
