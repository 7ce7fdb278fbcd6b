#pragma once
// Configurations kept while the Monte Carlo page runs, grouped by the
// couplings they were sampled at, for "t-SNE of anything" (docs/experiments/symmetries.md): run at
// β = 0.3, move the slider to β_c and to 0.6, and the album holds samples of
// each phase, labelled by their β, ready to embed.
//
// Memory is bounded: each coupling set keeps its most recent `perGroup`
// configurations, at most `maxGroups` sets are kept (the oldest set goes
// first), and no more than `maxBytes` of spins are stored in all.

#include "engine/models/IsingCouplings.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace dlab {

class ConfigurationAlbum {
public:
    struct Group {
        IsingCouplings t;
        std::deque<std::vector<std::int8_t>> configurations; // site x + L·y
    };

    static constexpr int kDefaultPerGroup = 400, kDefaultMaxGroups = 8;
    explicit ConfigurationAlbum(int L, int perGroup = kDefaultPerGroup, int maxGroups = kDefaultMaxGroups,
                                std::size_t maxBytes = std::size_t(64) << 20);

    void add(const IsingCouplings& t, const SpinConfiguration& s);
    void clear() { m_groups.clear(); }

    int L() const { return m_L; }
    int perGroup() const { return m_perGroup; }
    const std::vector<Group>& groups() const { return m_groups; }
    std::size_t size() const; // configurations in all groups

private:
    int m_L;
    int m_perGroup;
    int m_maxGroups;
    std::vector<Group> m_groups; // oldest first
};

} // namespace dlab
