#pragma once
// A configuration of the XY model on the L×L torus, H = −Σ_<ij> cos(θ_i − θ_j)
// (the coupling is 1; β = 1/T weighs it). Spins are kept as unit vectors
// (cos θ_i, sin θ_i), which is what the cluster update reflects and the
// energy needs; angles are derived on demand. Site i = x + L·y as for Ising.

#include "engine/lattice/SquareLattice.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace dlab {

class RngStream;

class XyConfiguration {
public:
    explicit XyConfiguration(int L); // every θ = 0
    static XyConfiguration fromAngles(int L, const std::vector<double>& theta);
    static XyConfiguration random(int L, RngStream& rng);

    const SquareLattice& lattice() const { return m_lattice; }
    int size() const { return m_lattice.size(); }
    int sites() const { return m_lattice.sites(); }

    // θ_i in [0, 2π).
    double angle(int site) const;
    std::vector<double> angles() const;
    void setAngle(int site, double theta);
    // The same configuration rotated by α: θ_i → θ_i + α.
    void rotate(double alpha);

    double cosine(int site) const { return m_c[std::size_t(site)]; }
    double sine(int site) const { return m_s[std::size_t(site)]; }
    double* cosData() { return m_c.data(); }
    double* sinData() { return m_s.data(); }
    const double* cosData() const { return m_c.data(); }
    const double* sinData() const { return m_s.data(); }
    // Rescales every spin to unit length: repeated reflections drift by
    // rounding, ≈ 1e-16 per update.
    void renormalise();

private:
    SquareLattice m_lattice;
    std::vector<double> m_c, m_s;
};

// Sums over the links of one direction, the ingredients of the energy and of
// the helicity modulus: Σ cos(θ_i − θ_{i+μ}) and Σ sin(θ_i − θ_{i+μ}), μ = x, y.
struct XyLinkSums {
    double cosX = 0, cosY = 0, sinX = 0, sinY = 0;
};
XyLinkSums xyLinkSums(const XyConfiguration& s);

// H = −Σ_<ij> cos(θ_i − θ_j).
double xyEnergy(const XyConfiguration& s);
// m = Σ_i (cos θ_i, sin θ_i) / N.
std::array<double, 2> xyMagnetization(const XyConfiguration& s);
// Helicity modulus estimator of one configuration at β, whose average is
// Υ = (1/2N) Σ_μ [⟨Σ cos(θ_i − θ_{i+μ})⟩ − β ⟨(Σ sin(θ_i − θ_{i+μ}))²⟩].
double xyHelicitySample(const XyLinkSums& sums, int sites, double beta);

// Wrapped angle difference θ_b − θ_a in (−π, π].
double wrappedDifference(double thetaA, double thetaB);
// Vortex charge of plaquette p(x,y) (index x + L·y): the winding number of
// the wrapped angle differences taken anticlockwise around its corners
// (x,y) → (x+1,y) → (x+1,y+1) → (x,y+1), so +1 for a vortex, −1 for an
// antivortex, 0 otherwise. On a torus the charges sum to 0.
std::vector<std::int8_t> vortexCharges(const XyConfiguration& s);
// (vortices + antivortices) / N.
double vortexDensity(const XyConfiguration& s);

} // namespace dlab
