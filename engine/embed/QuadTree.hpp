#pragma once
// Barnes–Hut quadtree over 2-D points for t-SNE's repulsive forces. Nodes
// keep their points' centre of mass and the side of their tight bounding box;
// a node whose side s satisfies s < θ·|y − centre| acts as one point of its
// total mass (the criterion scikit-learn uses: side, not half-side). Leaves
// hold up to kLeafSize points summed exactly.

#include <vector>

namespace dlab::embed {

class QuadTree {
public:
    static constexpr int kLeafSize = 8;

    // xy: interleaved coordinates (x0, y0, x1, y1, …) of n points.
    void build(const double* xy, int n);

    // Repulsion on point i at (x, y): adds Σ_j q_ij² (y_i − y_j) to (fx, fy)
    // and returns Σ_j q_ij with q_ij = 1/(1 + |y_i − y_j|²) (j ≠ i).
    double repulsion(int i, double x, double y, double theta2, double& fx, double& fy) const;

    // All points at once: groups of up to kGroupSize neighbouring points share
    // one walk of the tree (a node is summarised when s < θ·d for d its
    // distance to the group's bounding box, which is at least as strict as
    // the per-point test), then each point runs tight loops over the group's
    // interaction list. Writes the force Σ_j q_ij² (y_i − y_j) into f[2i], f[2i+1]
    // and Σ_j q_ij into sumQ[i]; parallel over groups, deterministic.
    static constexpr int kGroupSize = 32;
    void repulsionAll(double theta2, double* f, double* sumQ) const;

    // Points in tree order (neighbours in space are close in this order).
    const std::vector<int>& order() const { return m_order; }

private:
    struct Node {
        double cx, cy; // centre of mass
        double side2;  // squared side of the tight bounding box
        double xmin, xmax, ymin, ymax;
        int count;      // points below
        int begin, end; // range in m_order / m_px / m_py
        int child[4];   // −1 if absent (leaf: all −1)
    };
    int buildNode(std::vector<Node>& nodes, std::vector<int>& groups, int begin, int end, int depth, bool inGroup);
    bool isLeaf(const Node& n) const { return n.child[0] < 0 && n.child[1] < 0 && n.child[2] < 0 && n.child[3] < 0; }

    std::vector<int> m_groups; // nodes whose points form one group

    std::vector<Node> m_nodes;
    std::vector<int> m_order;
    std::vector<double> m_px, m_py; // coordinates in tree order
};

} // namespace dlab::embed
