#include "engine/experiments/duality/LinkShapes.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace dlab {

std::vector<LinkShape> defaultLinkShapes()
{
    using D = LinkDirection;
    const ShapeLink bottom{D::Horizontal, 0, 0}, right{D::Vertical, 1, 0}, top{D::Horizontal, 0, 1},
        left{D::Vertical, 0, 0};
    return {
        {"h", {bottom}},
        {"v", {left}},
        {"L bottom-left", {bottom, left}},
        {"L bottom-right", {bottom, right}},
        {"L top-right", {top, right}},
        {"L top-left", {top, left}},
        {"pair horizontal", {bottom, top}},
        {"pair vertical", {left, right}},
        {"U open left", {bottom, right, top}},
        {"U open top", {left, bottom, right}},
        {"U open right", {top, left, bottom}},
        {"U open bottom", {right, top, left}},
        {"square", {bottom, right, top, left}},
    };
}

LinkShape parseLinkShape(const std::string& name, const std::string& text)
{
    LinkShape shape{name, {}};
    std::string cleaned = text;
    std::replace(cleaned.begin(), cleaned.end(), ';', ' ');
    std::istringstream in(cleaned);
    std::string token;
    while (in >> token) {
        const auto colon = token.find(':'), comma = token.find(',');
        if (colon == std::string::npos || comma == std::string::npos || comma < colon ||
            (token[0] != 'h' && token[0] != 'v') || colon != 1)
            throw ParameterError("shape", "link '" + token + "' is not of the form h:dx,dy or v:dx,dy");
        ShapeLink l;
        l.direction = token[0] == 'h' ? LinkDirection::Horizontal : LinkDirection::Vertical;
        try {
            std::size_t used = 0;
            const std::string xs = token.substr(colon + 1, comma - colon - 1), ys = token.substr(comma + 1);
            l.dx = std::stoi(xs, &used);
            if (used != xs.size()) throw 0;
            l.dy = std::stoi(ys, &used);
            if (used != ys.size()) throw 0;
        } catch (...) {
            throw ParameterError("shape", "link '" + token + "' needs integer offsets dx,dy");
        }
        // A shape is local: offsets beyond the largest torus only alias, and
        // unbounded ones overflow when added to a site's coordinates.
        constexpr int maxOffset = 64;
        if (std::abs(l.dx) > maxOffset || std::abs(l.dy) > maxOffset)
            throw ParameterError("shape", "link '" + token + "' has an offset beyond ±64 (allowed: -64 to 64)");
        if (std::find(shape.links.begin(), shape.links.end(), l) != shape.links.end())
            throw ParameterError("shape", "link '" + token + "' appears twice");
        shape.links.push_back(l);
    }
    if (shape.links.empty()) throw ParameterError("shape", "a shape needs at least one link");
    if (shape.links.size() > 16) throw ParameterError("shape", "at most 16 links per shape (allowed: 1 to 16)");
    return shape;
}

ShapeTable::ShapeTable(const SquareLattice& lat, const std::vector<LinkShape>& shapes) : m_anchors(lat.sites())
{
    m_offsets.push_back(0);
    for (const auto& s : shapes)
        m_offsets.push_back(m_offsets.back() + int(s.links.size()));
    m_ids.resize(std::size_t(m_anchors) * m_offsets.back());
    std::size_t k = 0;
    for (const auto& s : shapes)
        for (int p = 0; p < m_anchors; ++p)
            for (const auto& l : s.links)
                m_ids[k++] = lat.link(l.direction, lat.x(p) + l.dx, lat.y(p) + l.dy);
}

} // namespace dlab
