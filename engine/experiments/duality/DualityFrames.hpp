#pragma once
// The expected solutions of docs/experiments/duality.md and the classification of a learned
// (t, θ2, θ3, w) as one of them. For data at β > 0 with β̃ its KW dual:
//   original        t0 = β    slot 6       θ2 = 1          θ3 = 0
//   antiferro       t0 = −β   slot 6       θ2 = −1         θ3 = 0
//   dual            t0 = β̃    slot 1 or 2  θ2 = −sinh 2β̃   θ3 = cosh 2β̃
//   dual-antiferro  t0 = −β̃   slot 1 or 2  θ2 = sinh 2β̃    θ3 = cosh 2β̃
// With a plaquette coupling κ ≠ 0 only the original and its antiferromagnetic
// image (−β, κ) are known exactly; the dual candidates are then omitted.

#include "engine/experiments/duality/Attention.hpp"
#include "engine/experiments/duality/DualityFrame.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <vector>

namespace dlab {

struct ExpectedSolution {
    DualityFrame frame = DualityFrame::Undecided; // one of kExpectedFrames
    IsingCouplings t;
    double theta2 = 0, theta3 = 0;
    std::vector<int> slots; // attention slots that realise it
};

std::vector<ExpectedSolution> expectedSolutions(double beta, double kappa);

struct FrameDistance {
    DualityFrame frame = DualityFrame::Undecided;
    // Largest relative deviation over t0 (and learned t1, t2), θ2, θ3; the
    // scale of each is max(|expected|, 1) for θ3 and |t0|, |θ2| otherwise.
    double distance = 0;
    bool slotMatches = false;
};

struct FrameClassification {
    DualityFrame frame = DualityFrame::Undecided;
    int selectedSlot = -1;
    std::vector<FrameDistance> distances; // one per expected solution, table order
};

// `frame` is the nearest expected solution whose slots contain argmax w,
// provided max w ≥ minWeight and its distance ≤ tolerance; else Undecided.
FrameClassification classifyFrame(double beta, double kappa, const IsingCouplings& t, double theta2, double theta3,
                                  const SlotVector& w, double tolerance = 0.1, double minWeight = 0.5);

} // namespace dlab
