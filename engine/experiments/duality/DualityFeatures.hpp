#pragma once
// Evaluates the duality observable and the feature set on one configuration:
// link values σ_l, O^θ_l = θ2 Σ_k w_k δ^l_k + θ3, the translation averages
// ψ̄^a = (1/L²) Σ_anchors Π_{l∈a} f_l, the coupling sums Φ_k, and the
// hand-written backward pass from dL/dψ̄^a to dL/d(θ2, θ3, w).

#include "engine/experiments/duality/Attention.hpp"
#include "engine/experiments/duality/LinkShapes.hpp"
#include "engine/lattice/LinkNeighbourhood.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <cstdint>
#include <vector>

namespace dlab {

struct ObservableParams {
    SlotVector w{};      // attention weights (after the softmax)
    double theta2 = 1.0; // scale
    double theta3 = 0.0; // offset
    // The identity observable O_l = σ_l: features of the data themselves.
    static ObservableParams identity();
};

struct ObservableGradient {
    double theta2 = 0, theta3 = 0;
    SlotVector w{};      // dL/dw of a shared attention
    SlotVector theta1{}; // dL/dθ1 through per-link weights (DualityFeatures::backwardPerLink)
    ObservableGradient& operator+=(const ObservableGradient& o);
};

class DualityFeatures {
public:
    DualityFeatures(int L, std::vector<LinkShape> shapes, NeighbourhoodFrame frame = NeighbourhoodFrame::Mirrored);

    int size() const { return m_lattice.size(); }
    int links() const { return m_lattice.links(); }
    int shapes() const { return m_table.shapes(); }
    const std::vector<LinkShape>& shapeList() const { return m_shapes; }
    const SquareLattice& lattice() const { return m_lattice; }
    const LinkNeighbourhood& neighbourhood() const { return m_nb; }

    // σ_l for every link (links() values).
    void linkValues(const std::int8_t* spins, std::int8_t* sigma) const;
    // O_l for every link from σ.
    void observable(const std::int8_t* sigma, const ObservableParams& o, double* f) const;
    // ψ̄^a, shapes() values.
    void shapeAverages(const double* f, double* psi) const;
    // adj_l = Σ_a g_a ∂ψ̄^a/∂f_l (g = dL/dψ̄).
    void backwardToLinks(const double* f, const double* g, double* adj) const;
    // dL/d(θ2, θ3, w) += from adj (= dL/dO_l) on one configuration.
    void backwardToObservable(const std::int8_t* sigma, const ObservableParams& o, const double* adj,
                              ObservableGradient& out) const;
    // Per-link attention (LinkGumbel.hpp): w holds links() × 7 weights, link-major.
    // O_l = θ2 Σ_k w_{l,k} δ^l_k + θ3.
    void observablePerLink(const std::int8_t* sigma, const double* w, double theta2, double theta3, double* f) const;
    // dL/d(θ2, θ3) and dL/dθ1 += from adj (= dL/dO_l), each link back-propagated
    // through its own softmax w_l = softmax((θ1 + g_l)/τ).
    void backwardPerLink(const std::int8_t* sigma, const double* w, double theta2, double tau, const double* adj,
                         ObservableGradient& out) const;
    // Φ_0 (links), Φ_1 (plaquettes), Φ_2 (diagonals) of a configuration.
    CouplingSums couplingSums(const std::int8_t* spins, const std::int8_t* sigma) const;

    // Convenience for one configuration: ψ̄^a of O^θ(s).
    std::vector<double> evaluate(const std::int8_t* spins, const ObservableParams& o) const;

private:
    // Fast path when every shape is a subset of the links of plaquette p(0,0)
    // (true for the default set): per anchor all 16 subset products of the
    // four links are formed once and shared by every shape.
    bool m_plaquetteShapes = false;
    bool m_mirrored = true;                      // row-wise loops instead of the neighbourhood table
    std::vector<int> m_masks;                    // per shape: bottom 1, right 2, top 4, left 8
    std::vector<std::array<int, 4>> m_plaquette; // per anchor: bottom, right, top, left link ids

    SquareLattice m_lattice;
    std::vector<LinkShape> m_shapes;
    ShapeTable m_table;
    LinkNeighbourhood m_nb;
};

} // namespace dlab
