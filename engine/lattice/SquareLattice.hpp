#pragma once
// Geometry of the L×L torus (docs/models.md). Site i = x + L·y. Links: horizontal
// h(x,y) = i joins (x,y)–(x+1,y); vertical v(x,y) = N + i joins (x,y)–(x,y+1).
// Plaquette p(x,y) = i has corners (x,y),(x+1,y),(x+1,y+1),(x,y+1). Diagonal
// pairs: d(x,y) = i joins (x,y)–(x+1,y+1), d'(x,y) = N + i joins (x,y)–(x+1,y−1).

#include <array>
#include <cstdint>

namespace dlab {

enum class LinkDirection : std::uint8_t { Horizontal = 0, Vertical = 1 };

class SquareLattice {
public:
    explicit SquareLattice(int L); // throws ParameterError unless 2 ≤ L ≤ 65536

    int size() const { return m_L; }
    int sites() const { return m_L * m_L; }
    int links() const { return 2 * m_L * m_L; }
    int plaquettes() const { return m_L * m_L; }
    int diagonals() const { return 2 * m_L * m_L; }

    int wrap(int c) const { return ((c % m_L) + m_L) % m_L; }
    int site(int x, int y) const { return wrap(x) + m_L * wrap(y); }
    int x(int site) const { return site % m_L; }
    int y(int site) const { return site / m_L; }

    int link(LinkDirection d, int x, int y) const { return int(d) * sites() + site(x, y); }
    int horizontalLink(int x, int y) const { return link(LinkDirection::Horizontal, x, y); }
    int verticalLink(int x, int y) const { return link(LinkDirection::Vertical, x, y); }
    LinkDirection direction(int link) const
    {
        return link < sites() ? LinkDirection::Horizontal : LinkDirection::Vertical;
    }
    // The site a link starts from, and the one it ends on.
    int linkTail(int link) const { return link % sites(); }
    int linkHead(int link) const;
    std::array<int, 2> linkSites(int link) const { return {linkTail(link), linkHead(link)}; }

    std::array<int, 4> plaquetteCorners(int p) const;
    // The four links bounding plaquette p(x,y): bottom h(x,y), right v(x+1,y),
    // top h(x,y+1), left v(x,y).
    std::array<int, 4> plaquetteLinks(int p) const;
    std::array<int, 2> diagonalSites(int d) const;

    // Nearest neighbours of a site: +x, −x, +y, −y.
    std::array<int, 4> neighbours(int site) const;

    // The dual link crossing `link`, with the dual site at the centre of
    // plaquette p(x,y) identified with site (x,y): the dual of h(x,y) is
    // v(x,y−1), the dual of v(x,y) is h(x−1,y) — a global shift by (−½,−½).
    int dualLink(int link) const;

private:
    int m_L;
};

} // namespace dlab
