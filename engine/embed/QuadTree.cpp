#include "QuadTree.hpp"

#include <algorithm>
#include <numeric>

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
    m_nodes.reserve(std::size_t(n) / 2 + 16);
    if (n > 0) buildNode(0, n, 0);
}

int QuadTree::buildNode(int begin, int end, int depth)
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
    const int id = int(m_nodes.size());
    m_nodes.push_back({sx / count, sy / count, side * side, count, begin, end, {-1, -1, -1, -1}});
    // Depth cap: coincident points would otherwise split for ever.
    if (count <= kLeafSize || depth > 48 || side == 0) return id;

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
    for (int q = 0; q < 4; ++q)
        if (bounds[q + 1] > bounds[q]) {
            const int c = buildNode(bounds[q], bounds[q + 1], depth + 1);
            m_nodes[id].child[q] = c;
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
        if (n.child[0] < 0 && n.child[1] < 0 && n.child[2] < 0 && n.child[3] < 0) {
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

} // namespace dlab::embed
