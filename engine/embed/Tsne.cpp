#include "Tsne.hpp"

#include "BruteForceNeighbours.hpp"
#include "Pca.hpp"
#include "QuadTree.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace dlab::embed {

void TsneOptions::validate(int n) const
{
    if (n < 4) throw ParameterError("points", "t-SNE needs at least 4 points");
    requireInRange("perplexity", perplexity, 1.0, 1000.0);
    if (3 * perplexity > n - 1) {
        const double most = (n - 1) / 3.0;
        throw ParameterError("perplexity", "too large for " + std::to_string(n) + " points (allowed: 1 to " +
                                               std::to_string(most) + ")");
    }
    requireInRange("iterations", iterations, 0, 1'000'000);
    requireInRange("theta", theta, 0.0, 1.5);
    if (theta == 0 && n > 5000) // dense n × n affinities
        throw ParameterError("theta", "exact t-SNE (theta = 0) is limited to 5000 points; use theta > 0");
    requireInRange("exaggeration", exaggeration, 1.0, 100.0);
    requireInRange("exaggeration_iterations", exaggerationIterations, 0, 1'000'000);
    requireInRange("momentum", momentum, 0.0, 0.99);
    requireInRange("final_momentum", finalMomentum, 0.0, 0.99);
    requireInRange("learning_rate", learningRate, 0.0, 1e7);
}

double calibrateRow(const double* d2, int k, double perplexity, double* p, bool sorted)
{
    const double target = std::log(perplexity);
    double dmin = std::numeric_limits<double>::max();
    for (int j = 0; j < k; ++j)
        dmin = std::min(dmin, d2[j]);
    double beta = 1.0, lo = -std::numeric_limits<double>::infinity(), hi = std::numeric_limits<double>::infinity();
    for (int step = 0; step < 200; ++step) {
        // Shifting by the smallest distance changes nothing after
        // normalisation but keeps exp from underflowing to all zeros.
        double sum = 0, dsum = 0;
        int used = 0;
        for (; used < k; ++used) {
            const double arg = beta * (d2[used] - dmin);
            // Sorted input: every later term underflows to exactly 0 anyway.
            if (sorted && arg > 745.0) break;
            p[used] = std::exp(-arg);
            sum += p[used];
            dsum += p[used] * (d2[used] - dmin);
        }
        for (int rest = used; rest < k; ++rest)
            p[rest] = 0.0;
        const double entropy = std::log(sum) + beta * dsum / sum;
        const double diff = entropy - target;
        for (int j = 0; j < k; ++j)
            p[j] /= sum;
        if (std::abs(diff) < 1e-5) break;
        if (diff > 0) { // too flat: sharpen
            lo = beta;
            beta = std::isinf(hi) ? beta * 2 : 0.5 * (beta + hi);
        } else {
            hi = beta;
            beta = std::isinf(lo) ? beta / 2 : 0.5 * (beta + lo);
        }
    }
    return beta;
}

Tsne::Tsne(const Eigen::MatrixXd& data, TsneOptions options) : m_opt(options), m_n(int(data.rows()))
{
    m_opt.validate(m_n);
    if (!data.allFinite()) throw ParameterError("data", "contains NaN or infinite values");
    // Squared distances must stay finite: |x| ≤ 1e100 keeps (2|x|)²·d far
    // below the double range for any dimension d that fits in memory.
    if (data.size() > 0 && data.cwiseAbs().maxCoeff() > kMaxAbsValue)
        throw ParameterError("data", "has values beyond ±1e100 (allowed: |x| ≤ 1e100, so that squared distances "
                                     "stay finite); rescale the data");
    m_x = data;
    m_lr = m_opt.learningRate > 0 ? m_opt.learningRate : std::max(m_n / 12.0, 50.0);
    if (m_opt.theta > 0) {
        if (m_x.cols() >= BruteForceNeighbours::kMinDimensions)
            m_brute = std::make_unique<BruteForceNeighbours>(m_x);
        else
            m_tree = std::make_unique<VpTree>(m_x, m_opt.seed);
    }
}

bool Tsne::prepare(int maxRows)
{
    if (m_prepared) return true;
    const int n = m_n;
    if (m_opt.theta > 0) {
        const int k = std::min(n - 1, int(3 * m_opt.perplexity));
        const int last = int(std::min<long long>(n, (long long)m_rowsDone + maxRows));
        if (m_brute)
            m_brute->query(k, m_rowsDone, last, m_nb);
        else
            m_tree->query(k, m_rowsDone, last, m_nb);
        m_rowsDone = last;
        if (m_rowsDone < n) return false;
        std::vector<double> cond(std::size_t(n) * k);
        tbb::parallel_for(0, n, [&](int i) {
            std::vector<double> d2(k);
            for (int j = 0; j < k; ++j)
                d2[j] = m_nb.distance[std::size_t(i) * k + j] * m_nb.distance[std::size_t(i) * k + j];
            calibrateRow(d2.data(), k, m_opt.perplexity, &cond[std::size_t(i) * k]);
        });
        std::vector<Eigen::Triplet<double>> t;
        t.reserve(2 * cond.size());
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < k; ++j) {
                const int nb = m_nb.index[std::size_t(i) * k + j];
                const double v = cond[std::size_t(i) * k + j] / (2.0 * n);
                t.emplace_back(i, nb, v);
                t.emplace_back(nb, i, v);
            }
        m_p.resize(n, n);
        m_p.setFromTriplets(t.begin(), t.end()); // sums the two halves
        m_nb = Neighbours{};
        m_tree.reset();
        m_brute.reset();
    } else {
        // Exact mode: conditional affinities over all other points (dense).
        Eigen::MatrixXd cond = Eigen::MatrixXd::Zero(n, n);
        tbb::parallel_for(0, n, [&](int i) {
            std::vector<double> d2, p(n - 1);
            d2.reserve(n - 1);
            for (int j = 0; j < n; ++j)
                if (j != i) d2.push_back((m_x.row(i) - m_x.row(j)).squaredNorm());
            calibrateRow(d2.data(), n - 1, m_opt.perplexity, p.data());
            for (int j = 0, c = 0; j < n; ++j)
                if (j != i) cond(i, j) = p[c++];
        });
        const Eigen::MatrixXd sym = (cond + cond.transpose()) / (2.0 * n);
        m_p = sym.sparseView();
    }
    m_p.makeCompressed();
    m_pf = Eigen::Map<const Eigen::VectorXd>(m_p.valuePtr(), m_p.nonZeros()).cast<float>();
    initialise();
    m_prepared = true;
    return true;
}

void Tsne::initialise()
{
    m_y.resize(m_n, 2);
    if (m_opt.pcaInit) {
        // One-column data has a single principal axis: the second
        // coordinate starts at zero (copying the n×1 scores whole would
        // overrun the n×2 embedding).
        const int axes = std::min<int>(2, int(m_x.cols()));
        // Wide data (lattice configurations): the d × d covariance would cost
        // minutes; only two components are needed.
        const Eigen::MatrixXd scores =
            m_x.cols() > kMaxFullPcaDimensions ? leadingScores(m_x, axes) : pca(m_x.cast<double>()).project(m_x, axes);
        m_y.setZero();
        m_y.leftCols(scores.cols()) = scores;
        const double sd = std::sqrt((m_y.col(0).array() - m_y.col(0).mean()).square().mean());
        m_y *= sd > 0 ? 1e-4 / sd : 1.0;
    } else {
        RngStream rng(m_opt.seed, 0x75e);
        for (int i = 0; i < m_n; ++i)
            for (int c = 0; c < 2; ++c)
                m_y(i, c) = 1e-4 * rng.normal();
    }
    m_grad = Embedding::Zero(m_n, 2);
    m_update = Embedding::Zero(m_n, 2);
    m_gains = Embedding::Ones(m_n, 2);
    m_sumQ.assign(m_n, 0.0);
    m_x.resize(0, 0); // the optimisation never needs the data again
}

void Tsne::computeGradient(double exaggeration)
{
    const int n = m_n;
    const double* y = m_y.data();
    double* g = m_grad.data();
    if (m_opt.theta > 0) {
        QuadTree tree;
        tree.build(y, n);
        const double theta2 = m_opt.theta * m_opt.theta;
        tree.repulsionAll(theta2, g, m_sumQ.data());
        for (int k = 0; k < 2 * n; ++k)
            g[k] = -g[k];
    } else {
        tbb::parallel_for(0, n, [&](int i) {
            double fx = 0, fy = 0, s = 0;
            for (int j = 0; j < n; ++j) {
                if (j == i) continue;
                const double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
                const double q = 1.0 / (1.0 + dx * dx + dy * dy);
                s += q;
                fx += q * q * dx;
                fy += q * q * dy;
            }
            m_sumQ[i] = s;
            g[2 * i] = -fx;
            g[2 * i + 1] = -fy;
        });
    }
    double z = 0; // fixed-order sum: deterministic for any thread count
    for (double s : m_sumQ)
        z += s;
    const double invZ = 1.0 / z;
    const int* outer = m_p.outerIndexPtr();
    const int* inner = m_p.innerIndexPtr();
    // Single precision for the gather-heavy attraction: the differences are
    // formed in float from float coordinates, the sums are widened to double.
    m_yf.resize(std::size_t(2) * n);
    for (int k = 0; k < 2 * n; ++k)
        m_yf[k] = float(y[k]);
    const float* yf = m_yf.data();
    tbb::parallel_for(tbb::blocked_range<int>(0, n, 256), [&](const tbb::blocked_range<int>& r) {
        // Gather each row's neighbours, then vectorised (float packets) maths.
        Eigen::ArrayXf dx, dy, w;
        for (int i = r.begin(); i < r.end(); ++i) {
            const int len = outer[i + 1] - outer[i];
            dx.resize(len);
            dy.resize(len);
            w.resize(len);
            const float xi = yf[2 * i], yi = yf[2 * i + 1];
            for (int e = 0; e < len; ++e) {
                const int j = inner[outer[i] + e];
                dx[e] = xi - yf[2 * j];
                dy[e] = yi - yf[2 * j + 1];
            }
            const Eigen::Map<const Eigen::ArrayXf> pv(m_pf.data() + outer[i], len);
            w = pv / (1.0f + dx.square() + dy.square());
            const double ax = double((w * dx).sum()), ay = double((w * dy).sum());
            g[2 * i] = exaggeration * ax + g[2 * i] * invZ;
            g[2 * i + 1] = exaggeration * ay + g[2 * i + 1] * invZ;
        }
    });
}

int Tsne::iterate(int count, const Feedback* feedback)
{
    if (!m_prepared) prepare();
    int done = 0;
    while (done < count && m_iter < m_opt.iterations) {
        if (feedback && feedback->isCancelled()) break;
        const bool early = m_iter < m_opt.exaggerationIterations;
        computeGradient(early ? m_opt.exaggeration : 1.0);
        const double momentum = early ? m_opt.momentum : m_opt.finalMomentum;
        const Eigen::Index size = m_y.size();
        double* y = m_y.data();
        const double* g = m_grad.data();
        double* u = m_update.data();
        double* gain = m_gains.data();
        double mx = 0, my = 0;
        for (Eigen::Index k = 0; k < size; ++k) {
            // Gains grow where the gradient keeps changing direction.
            gain[k] = (g[k] > 0) != (u[k] > 0) ? gain[k] + 0.2 : std::max(gain[k] * 0.8, 0.01);
            u[k] = momentum * u[k] - m_lr * gain[k] * g[k];
            y[k] += u[k];
            (k % 2 ? my : mx) += y[k];
        }
        mx /= m_n;
        my /= m_n;
        for (int i = 0; i < m_n; ++i) {
            y[2 * i] -= mx;
            y[2 * i + 1] -= my;
        }
        ++m_iter;
        ++done;
    }
    return done;
}

Embedding runTsne(const Eigen::MatrixXd& data, const TsneOptions& options, const TsneCallback& onIteration,
                  const Feedback* feedback)
{
    Tsne t(data, options);
    t.prepare();
    while (!t.finished()) {
        if (t.iterate(1, feedback) == 0) break;
        if (onIteration) onIteration(t.iteration(), t.embedding());
    }
    return t.embedding();
}

} // namespace dlab::embed
