#include "engine/experiments/montecarlo/ConfigurationAlbum.hpp"

#include "engine/core/ParameterError.hpp"

#include <algorithm>

namespace dlab {

ConfigurationAlbum::ConfigurationAlbum(int L, int perGroup, int maxGroups, std::size_t maxBytes)
    : m_L(L), m_maxGroups(maxGroups)
{
    requireInRange("L", L, 1, 1 << 15);
    requireInRange("perGroup", perGroup, 1, 1 << 20);
    requireInRange("maxGroups", maxGroups, 1, 1 << 10);
    // Large lattices get fewer samples per group rather than more memory.
    const std::size_t budget = maxBytes / (std::size_t(L) * std::size_t(L) * std::size_t(maxGroups));
    m_perGroup = int(std::clamp<std::size_t>(budget, 1, std::size_t(perGroup)));
}

void ConfigurationAlbum::add(const IsingCouplings& t, const SpinConfiguration& s)
{
    if (s.size() != m_L) throw ParameterError("L", "album holds L = " + std::to_string(m_L) + " configurations");
    auto it = std::find_if(m_groups.begin(), m_groups.end(),
                           [&](const Group& g) { return g.t.t0 == t.t0 && g.t.t1 == t.t1 && g.t.t2 == t.t2; });
    if (it == m_groups.end()) {
        if (int(m_groups.size()) == m_maxGroups) m_groups.erase(m_groups.begin());
        m_groups.push_back(Group{t, {}});
        it = m_groups.end() - 1;
    }
    it->configurations.emplace_back(s.data(), s.data() + s.sites());
    if (int(it->configurations.size()) > m_perGroup) it->configurations.pop_front();
}

std::size_t ConfigurationAlbum::size() const
{
    std::size_t n = 0;
    for (const auto& g : m_groups)
        n += g.configurations.size();
    return n;
}

} // namespace dlab
