#pragma once
// The 7 candidate links around a link l = (a → b) that the duality observable
// attends to (docs/experiments/duality.md), in the *mirrored* frame: p̂ = +ŷ for horizontal
// links and +x̂ for vertical ones (x ↔ y swapped, not rotated by 90°). Slot 1
// is then the global shift (−½,−½) and slot 2 the shift (+½,+½) for every
// link, so attention on either can represent the Kramers–Wannier dual.

#include "engine/lattice/SquareLattice.hpp"

#include <array>
#include <vector>

namespace dlab {

enum NeighbourhoodSlot : int {
    PerpendicularAtTailPlus = 0,  // at a, +p̂ side
    PerpendicularAtTailMinus = 1, // at a, −p̂ side
    PerpendicularAtHeadPlus = 2,  // at b, +p̂ side
    PerpendicularAtHeadMinus = 3, // at b, −p̂ side
    ParallelPlus = 4,             // across the plaquette on the +p̂ side
    ParallelMinus = 5,            // across the plaquette on the −p̂ side
    Itself = 6,
};
inline constexpr int kNeighbourhoodSlots = 7;

enum class NeighbourhoodFrame { Mirrored, Rotated };

class LinkNeighbourhood {
public:
    // Table of the 7 link ids for every link of the lattice. The Rotated frame
    // exists to demonstrate that the dual is not representable in it.
    explicit LinkNeighbourhood(const SquareLattice& lattice, NeighbourhoodFrame frame = NeighbourhoodFrame::Mirrored);

    const std::array<int, kNeighbourhoodSlots>& operator[](int link) const { return m_table[link]; }
    int links() const { return int(m_table.size()); }

private:
    std::vector<std::array<int, kNeighbourhoodSlots>> m_table;
};

} // namespace dlab
