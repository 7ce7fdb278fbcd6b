#include "engine/experiments/montecarlo/AlbumEmbedding.hpp"

#include "engine/models/BlockSpins.hpp"

#include <algorithm>
#include <sstream>
#include <tuple>

namespace dlab {
namespace {

std::string coupling(const char* name, double v)
{
    std::ostringstream s;
    s.precision(4);
    s << name << " = " << v;
    return s.str();
}

} // namespace

AlbumEmbedding albumEmbedding(const ConfigurationAlbum& album, int maxSide)
{
    AlbumEmbedding out;
    const int L = album.L();
    out.blockSide = std::min(L, maxSide);
    const BlockSpins blocks(L, out.blockSide);
    out.points.resize(Eigen::Index(album.size()), blocks.blocks());
    std::vector<double> averaged(std::size_t(blocks.blocks()));
    // Classes in increasing couplings (not in the order they were visited),
    // so a colour scale follows the temperature.
    const auto& groups = album.groups();
    std::vector<std::size_t> order(groups.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    auto key = [&](std::size_t i) { return std::tuple(groups[i].t.t0, groups[i].t.t1, groups[i].t.t2); };
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    out.orderedClasses = groups.size() > 1 && std::all_of(groups.begin(), groups.end(), [&](const auto& g) {
                             return g.t.t1 == groups.front().t.t1 && g.t.t2 == groups.front().t.t2;
                         });
    Eigen::Index row = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        const std::size_t g = order[k];
        const auto& group = groups[g];
        std::string name = coupling("β", group.t.t0);
        if (group.t.t1 != 0.0) name += ", " + coupling("t1", group.t.t1);
        if (group.t.t2 != 0.0) name += ", " + coupling("t2", group.t.t2);
        out.classNames.push_back(name);
        for (const auto& config : group.configurations) {
            blocks.average(config.data(), averaged.data());
            out.points.row(row) = Eigen::Map<const Eigen::RowVectorXd>(averaged.data(), blocks.blocks());
            out.labels.push_back(int(k));
            ++row;
        }
    }
    return out;
}

} // namespace dlab
