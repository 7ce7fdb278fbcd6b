#include "engine/experiments/duality/DualityFrames.hpp"

#include "engine/measure/exact/KramersWannier.hpp"

#include <algorithm>
#include <cmath>

namespace dlab {

std::vector<ExpectedSolution> expectedSolutions(double beta, double kappa)
{
    std::vector<ExpectedSolution> s{
        {DualityFrame::Original, {beta, kappa, 0.0}, 1.0, 0.0, {Itself}},
        {DualityFrame::Antiferro, {-beta, kappa, 0.0}, -1.0, 0.0, {Itself}},
    };
    if (kappa == 0.0 && beta > 0.0) {
        const double bd = exact::kramersWannierDual(beta);
        const std::vector<int> dualSlots{PerpendicularAtTailMinus, PerpendicularAtHeadPlus};
        s.push_back({DualityFrame::Dual, {bd, 0.0, 0.0}, -std::sinh(2 * bd), std::cosh(2 * bd), dualSlots});
        s.push_back({DualityFrame::DualAntiferro, {-bd, 0.0, 0.0}, std::sinh(2 * bd), std::cosh(2 * bd), dualSlots});
    }
    return s;
}

FrameClassification classifyFrame(double beta, double kappa, const IsingCouplings& t, double theta2, double theta3,
                                  const SlotVector& w, double tolerance, double minWeight)
{
    FrameClassification c;
    const int slot = argmax(w);
    c.selectedSlot = slot;
    double best = tolerance;
    for (const auto& e : expectedSolutions(beta, kappa)) {
        const double scaleT = std::max(std::abs(e.t.t0), 1e-3);
        double d = std::abs(t.t0 - e.t.t0) / scaleT;
        d = std::max(d, std::abs(t.t1 - e.t.t1) / scaleT);
        d = std::max(d, std::abs(t.t2 - e.t.t2) / scaleT);
        d = std::max(d, std::abs(theta2 - e.theta2) / std::max(std::abs(e.theta2), 1e-3));
        d = std::max(d, std::abs(theta3 - e.theta3) / std::max(std::abs(e.theta3), 1.0));
        FrameDistance fd{e.frame, d, std::find(e.slots.begin(), e.slots.end(), slot) != e.slots.end()};
        c.distances.push_back(fd);
        if (fd.slotMatches && w[slot] >= minWeight && d <= best) {
            best = d;
            c.frame = e.frame;
        }
    }
    return c;
}

} // namespace dlab
