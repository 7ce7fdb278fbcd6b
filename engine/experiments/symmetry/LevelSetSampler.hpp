#pragma once
// Points on the level sets V(p) = k/5, k = −5…5 (classes of width ±10⁻³).
// Rejection sampling of such thin shells would waste ~99.9 % of the draws, so
// each draw starts uniform in the box [−L, L]^d and is pulled onto the level
// set by Newton steps along the gradient, p ← p − (V − c) ∇V / |∇V|², aiming
// at a value uniform in the class window; draws that leave the box or do not
// converge are rejected. Each class has its own random stream, so classes
// are sampled in parallel and the result does not depend on threads.

#include "Potential.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace dlab::symmetry {

constexpr int kClassCount = 11;
inline double classValue(int label) { return (label - 5) / 5.0; } // label 0 ↔ k = −5
constexpr double kClassHalfWidth = 1e-3;

struct LevelSetSample {
    Eigen::MatrixXd points;    // rows
    std::vector<int> labels;   // 0…10 (k + 5)
    std::vector<int> perClass; // points found per class (0 ⇒ empty level set in the box)
};

LevelSetSample sampleLevelSets(const Potential& v, int pointsPerClass, double boxHalfWidth, std::uint64_t seed);

} // namespace dlab::symmetry
