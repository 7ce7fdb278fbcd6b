#include "engine/lattice/SquareLattice.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab {

SquareLattice::SquareLattice(int L) : m_L(L) { requireInRange("L", L, 2, 65536); }

int SquareLattice::linkHead(int link) const
{
    const int s = linkTail(link);
    return direction(link) == LinkDirection::Horizontal ? site(x(s) + 1, y(s)) : site(x(s), y(s) + 1);
}

std::array<int, 4> SquareLattice::plaquetteCorners(int p) const
{
    const int px = x(p), py = y(p);
    return {site(px, py), site(px + 1, py), site(px + 1, py + 1), site(px, py + 1)};
}

std::array<int, 4> SquareLattice::plaquetteLinks(int p) const
{
    const int px = x(p), py = y(p);
    return {horizontalLink(px, py), verticalLink(px + 1, py), horizontalLink(px, py + 1), verticalLink(px, py)};
}

std::array<int, 2> SquareLattice::diagonalSites(int d) const
{
    const int s = d % sites();
    const int sx = x(s), sy = y(s);
    return d < sites() ? std::array<int, 2>{s, site(sx + 1, sy + 1)} : std::array<int, 2>{s, site(sx + 1, sy - 1)};
}

std::array<int, 4> SquareLattice::neighbours(int s) const
{
    const int sx = x(s), sy = y(s);
    return {site(sx + 1, sy), site(sx - 1, sy), site(sx, sy + 1), site(sx, sy - 1)};
}

int SquareLattice::dualLink(int link) const
{
    const int s = linkTail(link);
    return direction(link) == LinkDirection::Horizontal ? verticalLink(x(s), y(s) - 1) : horizontalLink(x(s) - 1, y(s));
}

} // namespace dlab
