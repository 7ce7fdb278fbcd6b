#include "Quality.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

namespace dlab::embed {

namespace {

// Indices of the k nearest rows of y to row i (self excluded), brute force.
void nearestInEmbedding(const Embedding& y, int i, int k, std::vector<std::pair<double, int>>& heap)
{
    heap.clear();
    const int n = int(y.rows());
    for (int j = 0; j < n; ++j) {
        if (j == i) continue;
        const double d = (y.row(i) - y.row(j)).squaredNorm();
        if (int(heap.size()) < k) {
            heap.emplace_back(d, j);
            std::push_heap(heap.begin(), heap.end());
        } else if (d < heap.front().first) {
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = {d, j};
            std::push_heap(heap.begin(), heap.end());
        }
    }
}

// Sum of per-index values in index order, whatever the thread count.
template <class F> double orderedSum(int n, F f)
{
    std::vector<double> part(n);
    tbb::parallel_for(tbb::blocked_range<int>(0, n, 16), [&](const tbb::blocked_range<int>& r) {
        for (int i = r.begin(); i < r.end(); ++i)
            part[i] = f(i);
    });
    double s = 0;
    for (double v : part)
        s += v;
    return s;
}

} // namespace

double klDivergence(const SparseP& p, const Embedding& y)
{
    const int n = int(y.rows());
    // Z over ordered pairs: 2 Σ_{i<j}.
    const double z = 2.0 * orderedSum(n, [&](int i) {
                         double s = 0;
                         const double xi = y(i, 0), yi = y(i, 1);
                         for (int j = i + 1; j < n; ++j) {
                             const double dx = xi - y(j, 0), dy = yi - y(j, 1);
                             s += 1.0 / (1.0 + dx * dx + dy * dy);
                         }
                         return s;
                     });
    const double psum = p.sum();
    return orderedSum(n, [&](int i) {
        double s = 0;
        for (SparseP::InnerIterator it(p, i); it; ++it) {
            if (it.value() <= 0 || it.col() == i) continue;
            const double pij = it.value() / psum;
            const double q = 1.0 / ((1.0 + (y.row(i) - y.row(it.col())).squaredNorm()) * z);
            s += pij * std::log(pij / q);
        }
        return s;
    });
}

double klDivergenceDense(const Eigen::MatrixXd& x, const Embedding& y, double perplexity)
{
    const int n = int(x.rows());
    if (y.rows() != n) throw ParameterError("embedding", "must have as many rows as the data");
    if (3 * perplexity > n - 1) throw ParameterError("perplexity", "too large for the number of points");
    const RowMatrix xr = x;
    // Pass 1: β_i and the shift/normaliser of each conditional distribution.
    std::vector<double> beta(n), shift(n), norm(n);
    tbb::parallel_for(0, n, [&](int i) {
        std::vector<double> d2, p(n - 1);
        d2.reserve(n - 1);
        for (int j = 0; j < n; ++j)
            if (j != i) d2.push_back((xr.row(i) - xr.row(j)).squaredNorm());
        std::sort(d2.begin(), d2.end());
        beta[i] = calibrateRow(d2.data(), n - 1, perplexity, p.data(), /*sorted=*/true);
        shift[i] = d2.front();
        double s = 0;
        for (double v : d2) {
            const double arg = beta[i] * (v - shift[i]);
            if (arg > 745.0) break;
            s += std::exp(-arg);
        }
        norm[i] = s;
    });
    auto cond = [&](int i, double d2) {
        const double arg = beta[i] * (d2 - shift[i]);
        return arg > 745.0 ? 0.0 : std::exp(-arg) / norm[i];
    };
    // Pass 2: Z, then Σ p_ij ln(p_ij / q_ij) over ordered pairs.
    const double z = 2.0 * orderedSum(n, [&](int i) {
                         double s = 0;
                         for (int j = i + 1; j < n; ++j)
                             s += 1.0 / (1.0 + (y.row(i) - y.row(j)).squaredNorm());
                         return s;
                     });
    return 2.0 * orderedSum(n, [&](int i) {
               double s = 0;
               for (int j = i + 1; j < n; ++j) {
                   const double d2 = (xr.row(i) - xr.row(j)).squaredNorm();
                   const double p = (cond(i, d2) + cond(j, d2)) / (2.0 * n);
                   if (p <= 0) continue;
                   const double q = 1.0 / ((1.0 + (y.row(i) - y.row(j)).squaredNorm()) * z);
                   s += p * std::log(p / q);
               }
               return s;
           });
}

double trustworthiness(const Eigen::MatrixXd& x, const Embedding& y, int k, int maxQueries)
{
    const int n = int(x.rows());
    if (y.rows() != n) throw ParameterError("embedding", "must have as many rows as the data");
    if (k < 1 || 2 * n - 3 * k - 1 <= 0) throw ParameterError("k", "too large for the number of points");
    const int queries = std::min(n, std::max(1, maxQueries));
    const RowMatrix xr = x;
    const double penalty = orderedSum(queries, [&](int q) {
        const int i = int((long long)q * n / queries);
        std::vector<std::pair<double, int>> heap;
        nearestInEmbedding(y, i, k, heap);
        std::vector<double> d(n);
        for (int j = 0; j < n; ++j)
            d[j] = (xr.row(i) - xr.row(j)).squaredNorm();
        double s = 0;
        for (const auto& [unused, j] : heap) {
            // rank of j among i's neighbours in the data (1 = nearest)
            int rank = 1;
            for (int l = 0; l < n; ++l)
                rank += (l != i && (d[l] < d[j] || (d[l] == d[j] && l < j)));
            if (rank > k) s += rank - k;
        }
        return s;
    });
    const double scaled = penalty * double(n) / queries;
    return 1.0 - 2.0 / (double(n) * k * (2.0 * n - 3.0 * k - 1.0)) * scaled;
}

double neighbourLabelAgreement(const Embedding& y, const std::vector<int>& labels, int k)
{
    const int n = int(y.rows());
    if (int(labels.size()) != n) throw ParameterError("labels", "need one label per point");
    k = std::min(k, n - 1);
    return orderedSum(n,
                      [&](int i) {
                          std::vector<std::pair<double, int>> heap;
                          nearestInEmbedding(y, i, k, heap);
                          int same = 0;
                          for (const auto& [unused, j] : heap)
                              same += labels[j] == labels[i];
                          return double(same) / k;
                      }) /
           n;
}

} // namespace dlab::embed
