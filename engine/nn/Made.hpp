#pragma once
// MADE (Germain et al. 2015): a dense network whose weights are masked so
// that the outputs of site i depend only on the inputs of sites 0 … i−1, the
// autoregressive order. Sites carry `inputsPerSite` input features and
// `outputsPerSite` outputs (the parameters of site i's conditional).
//
// Masks come from degrees. Input site j has degree j + 1; hidden unit u of a
// layer of width H has degree m(u) = 1 + ⌊u (N − 1)/H⌋ ∈ [1, N − 1] (sorted,
// spread evenly); a hidden unit sees units of the layer below with degree ≤
// m(u); the outputs of site i see hidden units of degree ≤ i and, through the
// optional direct connection, inputs of sites < i. Because the degrees are
// sorted, every masked weight matrix allows a *prefix* of rows in each
// column: masked entries are kept at exactly 0 (zero gradient, so Adam never
// moves them) and products are plain dense ones.
//
// All weights live in one flat parameter vector, as in Network: per hidden
// layer W (fan-in × width, column-major) then b; the output layer V (last
// width × N·outputs) then c; the direct connection D (N·inputs × N·outputs).

#include "Activation.hpp"

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::nn {

struct MadeShape {
    int sites = 0;           // N ≥ 2, in autoregressive order
    int inputsPerSite = 1;   // features per site value
    int outputsPerSite = 1;  // conditional parameters per site
    std::vector<int> hidden; // widths of the masked hidden layers (may be empty with `direct`)
    Activation activation = Activation::Tanh;
    bool direct = true; // masked input → output connection

    static constexpr int kMaxSites = 1 << 16;
    static constexpr int kMaxWidth = 1 << 15;
    static constexpr int kMaxHiddenLayers = 4;
    void validate() const; // ParameterError naming the field
};

class Made {
public:
    Made() = default;
    // Weights inside the masks: uniform with variance 1/fan-in (×2 for
    // ReLU) in hidden layers, U(±1/√fan-in) in the output and direct layers
    // (PyTorch's default, as in the reference VAN code); biases 0.
    Made(const MadeShape& shape, RngStream& rng);

    const MadeShape& shape() const { return m_shape; }
    int sites() const { return m_shape.sites; }
    int inputs() const { return m_shape.sites * m_shape.inputsPerSite; }
    int outputs() const { return m_shape.sites * m_shape.outputsPerSite; }
    int hiddenLayers() const { return int(m_shape.hidden.size()); }
    Eigen::VectorXd& parameters() { return m_params; }
    const Eigen::VectorXd& parameters() const { return m_params; }

    // Sets the masked entries of a parameter-shaped vector to 0: the
    // network relies on masked weights being exactly 0 (e.g. after loading
    // or perturbing parameters from outside).
    void zeroMasked(Eigen::VectorXd& parameters) const;

    // Degree of unit `unit` of hidden layer `layer`: it depends on sites 0 … degree − 1.
    int degree(int layer, int unit) const;
    // Units of hidden layer `layer` with degree ≤ d (a prefix, as units are sorted).
    int unitsUpToDegree(int layer, int d) const { return m_upToDegree[std::size_t(layer)][std::size_t(d)]; }

    // Hidden activations of a forward pass, kept for backward().
    struct Cache {
        std::vector<Eigen::MatrixXd> hidden;
    };
    // out (rows × outputs) for inputs x (rows × inputs).
    void forward(const Eigen::MatrixXd& x, Eigen::MatrixXd& out, Cache* cache = nullptr) const;
    // For the rows of the last forward(x, …, cache): gradient = Σ_rows dL/dθ
    // given dOut = dL/dout (overwritten; masked entries are 0). With dx,
    // also dL/dx (rows × inputs).
    void backward(const Eigen::MatrixXd& x, const Cache& cache, const Eigen::MatrixXd& dOut, Eigen::VectorXd& gradient,
                  Eigen::MatrixXd* dx = nullptr) const;

    // Ancestral evaluation: the outputs of site 0, then (once the caller has
    // written site 0's features) of site 1, and so on. Each hidden unit is
    // computed once, when its last input becomes known, so a full pass costs
    // one forward pass instead of N.
    class Sweep {
    public:
        Sweep(const Made& made, Eigen::Index rows);
        // Outputs of site i (rows × outputsPerSite); sites must come in order
        // 0, 1, … and the features of sites < i must be in inputs().
        void siteOutputs(int site, Eigen::MatrixXd& out);
        Eigen::MatrixXd& inputs() { return m_x; }

    private:
        const Made& m_made;
        Eigen::MatrixXd m_x;
        std::vector<Eigen::MatrixXd> m_hidden;
        std::vector<int> m_done; // units computed per hidden layer
        int m_next = 0;
    };

private:
    // A run of consecutive columns and the rows any of them may use: the
    // products skip the rows every column of the run has masked (about half
    // of a masked matrix), which keeps them dense and fast.
    struct ColumnGroup {
        int first = 0, count = 0, rows = 0;
    };
    struct Block {
        std::size_t offset = 0; // of the matrix; its bias (if any) follows it
        int rows = 0, cols = 0;
        std::vector<int> allowedRows; // per column: rows [0, allowed) are unmasked (non-decreasing)
        std::vector<ColumnGroup> groups;
    };
    Eigen::Map<const Eigen::MatrixXd> matrix(const Block& b) const;
    Eigen::Map<const Eigen::VectorXd> bias(const Block& b) const;
    void maskGradient(const Block& b, Eigen::VectorXd& gradient) const;
    static void groupColumns(Block& b);
    // out (+)= in · W over the allowed rows only.
    void multiply(const Eigen::MatrixXd& in, const Block& b, Eigen::MatrixXd& out, bool accumulate) const;
    // gW = inᵀ · d (masked), and, with dIn, dIn += d · Wᵀ.
    void multiplyBackward(const Eigen::MatrixXd& in, const Block& b, const Eigen::MatrixXd& d,
                          Eigen::VectorXd& gradient, Eigen::MatrixXd* dIn) const;

    MadeShape m_shape;
    std::vector<std::vector<int>> m_degrees;    // per hidden layer, per unit
    std::vector<std::vector<int>> m_upToDegree; // per hidden layer, index d = 0 … N
    std::vector<Block> m_hiddenBlocks;
    Block m_output, m_direct;
    Eigen::VectorXd m_params;
};

} // namespace dlab::nn
