#include "BruteForceNeighbours.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace dlab::embed {
namespace {

// Rows per matrix product: enough that each point loaded from memory is
// used for many distances, few enough that a GUI step stays short.
constexpr int kRowBlock = 32;
// Points per product: bounds the block of distances held at once.
constexpr int kColumnTile = 2048;

} // namespace

BruteForceNeighbours::BruteForceNeighbours(const RowMatrix& points)
    : m_points(points), m_squaredNorms(points.rowwise().squaredNorm())
{}

void BruteForceNeighbours::query(int k, int first, int last, Neighbours& out) const
{
    const int n = int(m_points.rows());
    k = std::min(k, n - 1);
    out.reshape(n, k);
    if (k <= 0 || last <= first) return;
    // Blocks of kRowBlock rows counted from row 0, each multiplied whole even
    // when [first, last) cuts it: the products (and Eigen's blocking of them,
    // which depends on their shape) are then the same however the rows are
    // asked for and by however many threads, and so is every rounding.
    const int firstBlock = first / kRowBlock, lastBlock = (last - 1) / kRowBlock;
    tbb::parallel_for(firstBlock, lastBlock + 1, [&](int b) {
        const int r0 = b * kRowBlock;
        const int rows = std::min(kRowBlock, n - r0);
        const int rowBegin = std::max(0, first - r0), rowEnd = std::min(rows, last - r0); // the rows asked for
        // Max-heaps of (d², index): the k best so far of each row; pairs
        // compare by index on equal distance, so ties are broken the same way
        // whatever the tiling.
        std::vector<std::vector<std::pair<double, int>>> heaps(static_cast<std::size_t>(rows));
        for (auto& h : heaps)
            h.reserve(std::size_t(k) + 1);
        Eigen::MatrixXd dot;
        for (int c0 = 0; c0 < n; c0 += kColumnTile) {
            const int cols = std::min(kColumnTile, n - c0);
            dot.noalias() = m_points.middleRows(r0, rows) * m_points.middleRows(c0, cols).transpose();
            for (int r = rowBegin; r < rowEnd; ++r) {
                const int i = r0 + r;
                auto& heap = heaps[std::size_t(r)];
                for (int c = 0; c < cols; ++c) {
                    const int j = c0 + c;
                    if (j == i) continue;
                    // Rounding can leave a tiny negative value for (near-)equal points.
                    const double d2 = std::max(0.0, m_squaredNorms[i] + m_squaredNorms[j] - 2.0 * dot(r, c));
                    const std::pair<double, int> candidate{d2, j};
                    if (int(heap.size()) < k) {
                        heap.push_back(candidate);
                        std::push_heap(heap.begin(), heap.end());
                    } else if (candidate < heap.front()) {
                        std::pop_heap(heap.begin(), heap.end());
                        heap.back() = candidate;
                        std::push_heap(heap.begin(), heap.end());
                    }
                }
            }
        }
        for (int r = rowBegin; r < rowEnd; ++r) {
            auto& heap = heaps[std::size_t(r)];
            if (int(heap.size()) < k || !std::isfinite(heap.front().first))
                throw std::domain_error("nearest neighbours: distances are not finite");
            std::sort_heap(heap.begin(), heap.end());
            const std::size_t row = std::size_t(r0 + r) * k;
            for (int j = 0; j < k; ++j) {
                out.index[row + j] = heap[std::size_t(j)].second;
                out.distance[row + j] = std::sqrt(heap[std::size_t(j)].first);
            }
        }
    });
}

} // namespace dlab::embed
