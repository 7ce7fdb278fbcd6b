#pragma once
// t-SNE (van der Maaten & Hinton 2008; Barnes–Hut: van der Maaten 2014) in
// two dimensions, with the optimisation schedule of scikit-learn / bhtsne:
//  - input affinities p_{j|i} over the k = 3·perplexity nearest neighbours
//    (vantage-point tree; an exact all-pairs search by matrix products from
//    64 dimensions on, where the tree no longer prunes), β_i by binary search so that the entropy is
//    ln(perplexity); P = (P_{j|i} + P_{i|j}) / 2n, sparse;
//  - early exaggeration 12 for 250 iterations, momentum 0.5 then 0.8,
//    per-coordinate gains (+0.2 / ×0.8, floor 0.01), learning rate n/12
//    (the gradient here omits the customary factor 4, as bhtsne's does;
//    this equals scikit-learn's "auto" rate);
//  - repulsion by a Barnes–Hut quadtree (θ = 0.5), or exactly (θ = 0, dense
//    P over all points) for small n.
// Everything is deterministic: same data and seed ⇒ same embedding for any
// number of threads (per-point sums, reduced in a fixed order).

#include "BruteForceNeighbours.hpp"
#include "VpTree.hpp"

#include "engine/core/Feedback.hpp"

#include <Eigen/Core>
#include <Eigen/SparseCore>

#include <functional>
#include <memory>

namespace dlab::embed {

using Embedding = Eigen::Matrix<double, Eigen::Dynamic, 2, Eigen::RowMajor>;
using SparseP = Eigen::SparseMatrix<double, Eigen::RowMajor>;

struct TsneOptions {
    double perplexity = 30;
    int iterations = 1000;
    double theta = 0.5; // 0 ⇒ exact gradient with dense P (O(n²) per iteration)
    double exaggeration = 12;
    int exaggerationIterations = 250;
    double momentum = 0.5, finalMomentum = 0.8;
    double learningRate = 0; // 0 ⇒ max(n / 12, 50)
    bool pcaInit = true;     // else Gaussian with σ = 10⁻⁴ from the seed
    std::uint64_t seed = 1;

    void validate(int n) const; // throws ParameterError naming the field
};

class Tsne {
public:
    // Largest |value| accepted in the data (distances must not overflow).
    static constexpr double kMaxAbsValue = 1e100;
    // Wider data start from leadingScores() instead of a full PCA.
    static constexpr int kMaxFullPcaDimensions = 256;

    // Validates and copies the data (rows = points).
    Tsne(const Eigen::MatrixXd& data, TsneOptions options);

    // Affinities in chunks (so a GUI step stays short): computes up to
    // `maxRows` more rows; returns true once P is complete and Y initialised.
    bool prepare(int maxRows = 1 << 30);
    bool prepared() const { return m_prepared; }
    int rowsPrepared() const { return m_rowsDone; } // affinity rows computed so far, of size()

    // Runs up to `count` more iterations (stops at options.iterations or on
    // cancellation). Returns the number done.
    int iterate(int count, const Feedback* feedback = nullptr);
    bool finished() const { return m_iter >= m_opt.iterations; }
    int iteration() const { return m_iter; }
    int size() const { return m_n; }

    const Embedding& embedding() const { return m_y; }
    const SparseP& affinities() const { return m_p; }
    const TsneOptions& options() const { return m_opt; }
    double learningRate() const { return m_lr; }

private:
    void computeGradient(double exaggeration);
    void initialise();

    TsneOptions m_opt;
    int m_n = 0;
    RowMatrix m_x;
    std::unique_ptr<VpTree> m_tree;                // neighbour search in few dimensions
    std::unique_ptr<BruteForceNeighbours> m_brute; // and in many
    Neighbours m_nb;
    int m_rowsDone = 0;
    bool m_prepared = false;
    SparseP m_p;
    Embedding m_y, m_grad, m_update, m_gains;
    std::vector<double> m_sumQ;
    Eigen::VectorXf m_pf;    // values of m_p in single precision
    std::vector<float> m_yf; // embedding in single precision
    double m_lr = 0;
    int m_iter = 0;
};

// Convenience: prepare, iterate to the end, calling `onIteration(iteration,
// embedding)` after every iteration (the GUI animates with it).
using TsneCallback = std::function<void(int, const Embedding&)>;
Embedding runTsne(const Eigen::MatrixXd& data, const TsneOptions& options, const TsneCallback& onIteration = {},
                  const Feedback* feedback = nullptr);

// β for one point: entropy of p_j ∝ exp(−β d²_j) equals ln(perplexity).
// Fills p (normalised) and returns β. `sorted`: d2 is ascending, which lets
// long rows skip the terms that underflow.
double calibrateRow(const double* d2, int k, double perplexity, double* p, bool sorted = false);

} // namespace dlab::embed
