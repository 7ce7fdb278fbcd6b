#pragma once
// The order in which a sweep's grid points are handed out to the processes
// that run them. Points are independent (each keeps its own seed), so who runs
// which point changes only the wall time, never a result.

#include <vector>

namespace dlab::sweep {

// All points, most expensive (expected) first; equal costs in index order.
// Costs are relative and must be finite and ≥ 0.
std::vector<int> handOutOrder(const std::vector<double>& cost);

// Hands points out on demand, in handOutOrder: whoever is free takes the
// next ones, so a process that drew slow points simply takes fewer (the
// expected costs cannot predict that one seed's runs take 40 % longer).
// A taker may ask for several at once (quick points, to save round trips);
// it gets at most a 1/(2·takers) share of what is left, so the tail goes out
// point by point (guided self-scheduling) and nobody sits on a backlog while
// another is idle. Not thread-safe: its owner serialises the calls.
class PointDispenser {
public:
    PointDispenser(const std::vector<double>& cost, int takers);
    // Up to `wanted` points (at least one while any are left); empty when all are out.
    std::vector<int> take(int wanted);
    int remaining() const { return int(m_order.size() - m_next); }

private:
    std::vector<int> m_order;
    std::size_t m_next = 0;
    int m_takers = 1;
};

} // namespace dlab::sweep
