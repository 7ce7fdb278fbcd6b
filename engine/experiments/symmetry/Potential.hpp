#pragma once
// Potentials V(p), p ∈ ℝ^d, whose level sets the symmetry experiment samples:
//  - radial:   V = r⁴ − a r²  (any d; symmetry SO(d))
//  - cylinder: V = ρ⁴ − a ρ² + z², ρ = √(x² + y²)  (d = 3; SO(2) ⊂ SO(3))
//  - a user expression in x, y, z, w (coordinates 1…4) and r = |p|, parsed by
//    muParser (operators + − * / ^, sin, cos, exp, sqrt, …).
// Evaluation is not thread-safe for expressions; use clone() per thread.

#include <Eigen/Core>

#include <memory>
#include <string>
#include <vector>

namespace dlab::symmetry {

enum class PotentialKind { Radial, Cylinder, Expression };

class Potential {
public:
    // Throws ParameterError("potential", …) naming the position of a syntax
    // error, an unknown variable, or a coordinate beyond `dim`.
    static Potential radial(int dim, double a);
    static Potential cylinder(double a);
    static Potential expression(int dim, const std::string& text);

    Potential(const Potential& other);
    Potential& operator=(const Potential& other);
    ~Potential();

    int dim() const { return m_dim; }
    PotentialKind kind() const { return m_kind; }
    std::string description() const;

    double value(const double* p) const;
    // ∇V: analytic for the built-ins, central differences for expressions.
    void gradient(const double* p, double* g) const;

    // Basis of the symmetry algebra the built-ins are known to have (rotation
    // generators E_ij − E_ji, normalised like ±[[0, −1], [1, 0]]); empty for
    // expressions.
    std::vector<Eigen::MatrixXd> expectedGenerators() const;

private:
    Potential() = default;
    struct Parser;
    int m_dim = 2;
    PotentialKind m_kind = PotentialKind::Radial;
    double m_a = 2.3;
    std::string m_text;
    std::unique_ptr<Parser> m_parser;
};

// The rotation generator in the (i, j) plane of ℝ^d: +1 at (j, i), −1 at (i, j).
Eigen::MatrixXd rotationGenerator(int dim, int i, int j);

} // namespace dlab::symmetry
