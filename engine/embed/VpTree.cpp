#include "VpTree.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace dlab::embed {

VpTree::VpTree(const RowMatrix& points, std::uint64_t seed) : m_points(points)
{
    const int n = int(points.rows());
    m_items.resize(n);
    for (int i = 0; i < n; ++i)
        m_items[i] = i;
    m_nodes.reserve(n);
    RngStream rng(seed, 0x7670);
    build(0, n, rng);
}

double VpTree::dist(int a, int b) const { return (m_points.row(a) - m_points.row(b)).norm(); }

int VpTree::build(int lo, int hi, RngStream& rng)
{
    if (hi <= lo) return -1;
    const int id = int(m_nodes.size());
    m_nodes.push_back({});
    std::swap(m_items[lo], m_items[lo + int(rng.below(std::uint32_t(hi - lo)))]);
    const int vp = m_items[lo];
    Node node;
    node.item = vp;
    if (hi - lo > 1) {
        const int median = (lo + hi) / 2;
        std::nth_element(m_items.begin() + lo + 1, m_items.begin() + median, m_items.begin() + hi,
                         [&](int a, int b) { return dist(vp, a) < dist(vp, b); });
        node.threshold = dist(vp, m_items[median]);
        node.left = build(lo + 1, median, rng);
        node.right = build(median, hi, rng);
    }
    m_nodes[id] = node;
    return id;
}

void VpTree::search(int node, int target, int k, std::vector<std::pair<double, int>>& heap, double& tau) const
{
    if (node < 0) return;
    const Node& n = m_nodes[node];
    const double d = dist(n.item, target);
    if (d < tau && n.item != target) {
        if (int(heap.size()) == k) {
            std::pop_heap(heap.begin(), heap.end());
            heap.pop_back();
        }
        heap.emplace_back(d, n.item);
        std::push_heap(heap.begin(), heap.end());
        if (int(heap.size()) == k) tau = heap.front().first;
    }
    if (n.left < 0 && n.right < 0) return;
    if (d < n.threshold) {
        if (d - tau <= n.threshold) search(n.left, target, k, heap, tau);
        if (d + tau >= n.threshold) search(n.right, target, k, heap, tau);
    } else {
        if (d + tau >= n.threshold) search(n.right, target, k, heap, tau);
        if (d - tau <= n.threshold) search(n.left, target, k, heap, tau);
    }
}

void VpTree::query(int k, int first, int last, Neighbours& out) const
{
    const int n = int(m_points.rows());
    k = std::min(k, n - 1);
    out.reshape(n, k);
    tbb::parallel_for(tbb::blocked_range<int>(first, last, 16), [&](const tbb::blocked_range<int>& r) {
        std::vector<std::pair<double, int>> heap;
        for (int i = r.begin(); i < r.end(); ++i) {
            heap.clear();
            double tau = std::numeric_limits<double>::max();
            search(0, i, k, heap, tau);
            std::sort_heap(heap.begin(), heap.end());
            // Only NaN or infinite distances leave the heap short (d < tau
            // never holds); callers validate the data, this keeps a slip
            // from reading past the heap.
            if (int(heap.size()) < k) throw std::domain_error("nearest neighbours: distances are not finite");
            for (int j = 0; j < k; ++j) {
                out.index[std::size_t(i) * k + j] = heap[j].second;
                out.distance[std::size_t(i) * k + j] = heap[j].first;
            }
        }
    });
}

Neighbours nearestNeighbours(const RowMatrix& points, int k)
{
    Neighbours out;
    if (points.rows() < 2) return out;
    VpTree tree(points);
    tree.query(k, 0, int(points.rows()), out);
    return out;
}

} // namespace dlab::embed
