#include "engine/lattice/LinkNeighbourhood.hpp"

namespace dlab {

LinkNeighbourhood::LinkNeighbourhood(const SquareLattice& lat, NeighbourhoodFrame frame) : m_table(lat.links())
{
    for (int y = 0; y < lat.size(); ++y)
        for (int x = 0; x < lat.size(); ++x) {
            const int h = lat.horizontalLink(x, y), v = lat.verticalLink(x, y);
            // Horizontal h(x,y): a = (x,y), b = (x+1,y), p̂ = +ŷ.
            m_table[h] = {lat.verticalLink(x, y),
                          lat.verticalLink(x, y - 1),
                          lat.verticalLink(x + 1, y),
                          lat.verticalLink(x + 1, y - 1),
                          lat.horizontalLink(x, y + 1),
                          lat.horizontalLink(x, y - 1),
                          h};
            if (frame == NeighbourhoodFrame::Mirrored) {
                // Vertical v(x,y): a = (x,y), b = (x,y+1), p̂ = +x̂ (x ↔ y mirror).
                m_table[v] = {lat.horizontalLink(x, y),
                              lat.horizontalLink(x - 1, y),
                              lat.horizontalLink(x, y + 1),
                              lat.horizontalLink(x - 1, y + 1),
                              lat.verticalLink(x + 1, y),
                              lat.verticalLink(x - 1, y),
                              v};
            } else {
                // Rotated by +90°: p̂ = −x̂ for vertical links.
                m_table[v] = {lat.horizontalLink(x - 1, y),
                              lat.horizontalLink(x, y),
                              lat.horizontalLink(x - 1, y + 1),
                              lat.horizontalLink(x, y + 1),
                              lat.verticalLink(x - 1, y),
                              lat.verticalLink(x + 1, y),
                              v};
            }
        }
}

} // namespace dlab
