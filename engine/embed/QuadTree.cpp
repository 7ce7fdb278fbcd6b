#include "QuadTree.hpp"

#include <Eigen/Core>

#include <algorithm>
#include <numeric>

#include <tbb/parallel_for.h>

namespace dlab::embed {

void QuadTree::build(const double* xy, int n)
{
    m_order.resize(n);
    std::iota(m_order.begin(), m_order.end(), 0);
    m_px.resize(n);
    m_py.resize(n);
    for (int i = 0; i < n; ++i) {
        m_px[i] = xy[2 * i];
        m_py[i] = xy[2 * i + 1];
    }
    m_nodes.clear();
    m_groups.clear();
    m_nodes.reserve(std::size_t(n) / 2 + 16);
    if (n > 0) buildNode(m_nodes, m_groups, 0, n, 0, false);
}

int QuadTree::buildNode(std::vector<Node>& nodes, std::vector<int>& groups, int begin, int end, int depth, bool inGroup)
{
    double xmin = m_px[begin], xmax = xmin, ymin = m_py[begin], ymax = ymin, sx = 0, sy = 0;
    for (int k = begin; k < end; ++k) {
        xmin = std::min(xmin, m_px[k]);
        xmax = std::max(xmax, m_px[k]);
        ymin = std::min(ymin, m_py[k]);
        ymax = std::max(ymax, m_py[k]);
        sx += m_px[k];
        sy += m_py[k];
    }
    const int count = end - begin;
    const double side = std::max(xmax - xmin, ymax - ymin);
    const int id = int(nodes.size());
    nodes.push_back({sx / count, sy / count, side * side, xmin, xmax, ymin, ymax, count, begin, end, {-1, -1, -1, -1}});
    // Depth cap: coincident points would otherwise split for ever.
    const bool leaf = count <= kLeafSize || depth > 48 || side == 0;
    if (!inGroup && (count <= kGroupSize || leaf)) {
        groups.push_back(id);
        inGroup = true;
    }
    if (leaf) return id;

    const double mx = 0.5 * (xmin + xmax), my = 0.5 * (ymin + ymax);
    // Partition [begin, end) into quadrants: (x<mx,y<my), (x≥mx,y<my), (x<mx,y≥my), (x≥mx,y≥my).
    auto swapPts = [&](int a, int b) {
        std::swap(m_px[a], m_px[b]);
        std::swap(m_py[a], m_py[b]);
        std::swap(m_order[a], m_order[b]);
    };
    auto partition = [&](int lo, int hi, auto pred) {
        int first = lo;
        for (int k = lo; k < hi; ++k)
            if (pred(k)) swapPts(k, first++);
        return first;
    };
    const int midY = partition(begin, end, [&](int k) { return m_py[k] < my; });
    const int midX0 = partition(begin, midY, [&](int k) { return m_px[k] < mx; });
    const int midX1 = partition(midY, end, [&](int k) { return m_px[k] < mx; });
    const int bounds[5] = {begin, midX0, midY, midX1, end};
    if (depth == 0 && count >= 4096) {
        // The four quadrants own disjoint point ranges: build them in
        // parallel, then splice in quadrant order (same tree for any thread
        // count).
        std::vector<Node> sub[4];
        std::vector<int> subGroups[4];
        tbb::parallel_for(0, 4, [&](int q) {
            if (bounds[q + 1] > bounds[q]) buildNode(sub[q], subGroups[q], bounds[q], bounds[q + 1], 1, inGroup);
        });
        for (int q = 0; q < 4; ++q) {
            if (sub[q].empty()) continue;
            const int offset = int(nodes.size());
            for (Node n : sub[q]) {
                for (int& c : n.child)
                    if (c >= 0) c += offset;
                nodes.push_back(n);
            }
            for (int g : subGroups[q])
                groups.push_back(g + offset);
            nodes[id].child[q] = offset;
        }
        return id;
    }
    for (int q = 0; q < 4; ++q)
        if (bounds[q + 1] > bounds[q]) {
            const int c = buildNode(nodes, groups, bounds[q], bounds[q + 1], depth + 1, inGroup);
            nodes[id].child[q] = c;
        }
    return id;
}

double QuadTree::repulsion(int i, double x, double y, double theta2, double& fx, double& fy) const
{
    double sumQ = 0, ax = 0, ay = 0;
    int stack[256];
    int top = 0;
    stack[top++] = 0;
    while (top > 0) {
        const Node& n = m_nodes[stack[--top]];
        const double dx = x - n.cx, dy = y - n.cy, d2 = dx * dx + dy * dy;
        if (isLeaf(n)) {
            for (int k = n.begin; k < n.end; ++k) {
                if (m_order[k] == i) continue;
                const double ex = x - m_px[k], ey = y - m_py[k];
                const double q = 1.0 / (1.0 + ex * ex + ey * ey);
                sumQ += q;
                const double q2 = q * q;
                ax += q2 * ex;
                ay += q2 * ey;
            }
        } else if (n.side2 < theta2 * d2) {
            const double q = 1.0 / (1.0 + d2), m = n.count * q;
            sumQ += m;
            ax += m * q * dx;
            ay += m * q * dy;
        } else {
            for (int c = 0; c < 4; ++c)
                if (n.child[c] >= 0) stack[top++] = n.child[c];
        }
    }
    fx += ax;
    fy += ay;
    return sumQ;
}

void QuadTree::repulsionAll(double theta2, double* f, double* sumQ) const
{
    tbb::parallel_for(tbb::blocked_range<int>(0, int(m_groups.size()), 4), [&](const tbb::blocked_range<int>& r) {
        // Interaction list: summarised nodes (x, y, mass) and single points.
        std::vector<float> fx, fy, fm, nx, ny;
        Eigen::ArrayXf qf, qn;
        std::vector<int> stack;
        for (int gi = r.begin(); gi < r.end(); ++gi) {
            const Node& g = m_nodes[m_groups[gi]];
            fx.clear();
            fy.clear();
            fm.clear();
            nx.clear();
            ny.clear();
            stack.assign(1, 0);
            while (!stack.empty()) {
                const Node& n = m_nodes[stack.back()];
                stack.pop_back();
                // distance from the node's centre of mass to the group's box
                const double dx = std::max({g.xmin - n.cx, 0.0, n.cx - g.xmax});
                const double dy = std::max({g.ymin - n.cy, 0.0, n.cy - g.ymax});
                const double d2 = dx * dx + dy * dy;
                if (n.side2 < theta2 * d2) {
                    fx.push_back(float(n.cx));
                    fy.push_back(float(n.cy));
                    fm.push_back(float(n.count));
                } else if (isLeaf(n)) {
                    for (int k = n.begin; k < n.end; ++k) {
                        nx.push_back(float(m_px[k]));
                        ny.push_back(float(m_py[k]));
                    }
                } else {
                    for (int c = 0; c < 4; ++c)
                        if (n.child[c] >= 0) stack.push_back(n.child[c]);
                }
            }
            // Vectorised (Eigen packets, float): the far and near lists are
            // small and hot in L1; the sum order is fixed, so results do not
            // depend on threads.
            const int nf = int(fx.size()), nn = int(nx.size());
            Eigen::Map<const Eigen::ArrayXf> Fx(fx.data(), nf), Fy(fy.data(), nf), Fm(fm.data(), nf);
            Eigen::Map<const Eigen::ArrayXf> Nx(nx.data(), nn), Ny(ny.data(), nn);
            qf.resize(nf);
            qn.resize(nn);
            for (int k = g.begin; k < g.end; ++k) {
                const float x = float(m_px[k]), y = float(m_py[k]);
                qf = 1.0f / (1.0f + (x - Fx).square() + (y - Fy).square());
                qn = 1.0f / (1.0f + (x - Nx).square() + (y - Ny).square());
                // far: Σ m q and force Σ m q² d; near: Σ q and Σ q² d
                const double s = double((Fm * qf).sum()) + double(qn.sum());
                const double ax = double((Fm * qf.square() * (x - Fx)).sum()) + double((qn.square() * (x - Nx)).sum());
                const double ay = double((Fm * qf.square() * (y - Fy)).sum()) + double((qn.square() * (y - Ny)).sum());
                // The point met itself among the near points: q = 1, no force.
                const int i = m_order[k];
                sumQ[i] = s - 1.0;
                f[2 * i] = ax;
                f[2 * i + 1] = ay;
            }
        }
    });
}

} // namespace dlab::embed
