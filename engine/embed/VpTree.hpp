#pragma once
// Vantage-point tree for exact k-nearest-neighbour queries in Euclidean
// space (Yianilos 1993), as bhtsne uses: fine in tens of dimensions where a
// kd-tree degrades. Queries are independent and run in parallel.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::embed {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Neighbours {
    int k = 0;
    std::vector<int> index;       // n × k, row i = neighbours of point i, nearest first
    std::vector<double> distance; // Euclidean (not squared)

    // Sizes the table for n points and k neighbours (indices -1). A table of
    // that shape is kept as it is: queries fill it a block of rows at a time.
    void reshape(int n, int newK)
    {
        if (k == newK && index.size() == std::size_t(n) * std::size_t(newK)) return;
        k = newK;
        index.assign(std::size_t(n) * std::size_t(newK), -1);
        distance.assign(std::size_t(n) * std::size_t(newK), 0.0);
    }
};

class VpTree {
public:
    // Keeps a reference to `points` (rows); it must outlive the tree.
    VpTree(const RowMatrix& points, std::uint64_t seed = 1);
    // k nearest neighbours of every point in [first, last), self excluded.
    void query(int k, int first, int last, Neighbours& out) const;

private:
    struct Node {
        int item = -1;
        double threshold = 0;
        int left = -1, right = -1;
    };
    int build(int lo, int hi, RngStream& rng);
    double dist(int a, int b) const;
    void search(int node, int target, int k, std::vector<std::pair<double, int>>& heap, double& tau) const;

    const RowMatrix& m_points;
    std::vector<int> m_items;
    std::vector<Node> m_nodes;
};

// All k-nearest neighbours (self excluded) of the rows of `points`.
Neighbours nearestNeighbours(const RowMatrix& points, int k);

} // namespace dlab::embed
