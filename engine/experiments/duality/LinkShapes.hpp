#pragma once
// Feature set A of docs/experiments/duality.md: translation-averaged link shapes. A shape is a
// set of links given relative to an anchor site (x, y); ψ^a(f) = Π_{l∈a} f_l,
// averaged over all L² translations. The set is plain data, so users can add
// shapes; the default is the 13 shapes built from the links of one plaquette.

#include "engine/lattice/SquareLattice.hpp"

#include <string>
#include <vector>

namespace dlab {

struct ShapeLink {
    LinkDirection direction = LinkDirection::Horizontal;
    int dx = 0; // tail of the link relative to the anchor
    int dy = 0;
    bool operator==(const ShapeLink&) const = default;
};

struct LinkShape {
    std::string name;
    std::vector<ShapeLink> links;
};

// h, v, 4 L corners, 2 parallel pairs, 4 U shapes, the full square — all
// drawn on plaquette p(0,0): bottom h(0,0), right v(1,0), top h(0,1), left v(0,0).
std::vector<LinkShape> defaultLinkShapes();

// Parses "h:0,0 v:1,0" (direction:dx,dy separated by spaces or ';') into a
// shape; throws ParameterError("shape", …) on malformed text or an empty or
// repeated link.
LinkShape parseLinkShape(const std::string& name, const std::string& text);

// Every shape placed at every anchor of one lattice: links(a, anchor) are the
// link ids of shape a translated to anchor site.
class ShapeTable {
public:
    ShapeTable(const SquareLattice& lattice, const std::vector<LinkShape>& shapes);
    int shapes() const { return int(m_offsets.size()) - 1; }
    int anchors() const { return m_anchors; }
    int shapeSize(int a) const { return m_offsets[a + 1] - m_offsets[a]; }
    // Link ids of shape a at anchor p, shapeSize(a) of them.
    const int* links(int a, int p) const
    {
        return m_ids.data() + std::size_t(m_anchors) * m_offsets[a] + std::size_t(p) * shapeSize(a);
    }

private:
    int m_anchors;
    std::vector<int> m_offsets; // prefix sums of shape sizes
    std::vector<int> m_ids;     // shape-major, then anchor, then link
};

} // namespace dlab
