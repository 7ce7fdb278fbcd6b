#pragma once
// Shared by tst_duality_ordered and tests/bench/duality_valley: with the
// attention one-hot on one slot, a configuration's shape average is a
// homogeneous polynomial in the observable's scale and offset,
//     ψ̄^a(θ2, θ3) = Σ_j c_aj θ2^j θ3^(n_a − j),   n_a = links of shape a ≤ 4,
// whose coefficients are linear in the configuration: summed over states with
// Boltzmann weights (or over chains) they give ⟨ψ̄^a⟩ at every (θ2, θ3) at
// once. They are read off at θ3 = 1, θ2 = −2 … 2 by inverting that
// Vandermonde system.

#include "engine/experiments/duality/DualityFeatures.hpp"

#include <Eigen/Dense>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace dlab::test {

class ShapePolynomial {
public:
    static constexpr int kDegree = 4;
    using Coefficients = std::vector<std::array<double, kDegree + 1>>; // [shape a][power j of θ2]

    ShapePolynomial(const DualityFeatures& F, int slot) : m_F(F), m_slot(slot)
    {
        for (const auto& s : F.shapeList()) {
            if (int(s.links.size()) > kDegree)
                throw std::invalid_argument("ShapePolynomial: a shape of more than 4 links");
            m_links.push_back(int(s.links.size()));
        }
        Eigen::Matrix<double, kDegree + 1, kDegree + 1> V;
        for (int m = 0; m <= kDegree; ++m)
            for (int j = 0; j <= kDegree; ++j)
                V(m, j) = std::pow(double(m - 2), j);
        m_vandermondeInverse = V.inverse();
    }

    Coefficients zero() const { return Coefficients(std::size_t(m_F.shapes()), std::array<double, kDegree + 1>{}); }

    // acc[a][j] += weight · c_aj of the configuration `spins`.
    void add(const std::int8_t* spins, double weight, Coefficients& acc) const
    {
        const int A = m_F.shapes();
        std::vector<std::int8_t> sigma(m_F.links());
        std::vector<double> f(m_F.links()), psi(A);
        m_F.linkValues(spins, sigma.data());
        Eigen::Matrix<double, kDegree + 1, Eigen::Dynamic> values(kDegree + 1, A);
        for (int m = 0; m <= kDegree; ++m) {
            ObservableParams o;
            o.w[m_slot] = 1.0;
            o.theta2 = m - 2;
            o.theta3 = 1.0;
            m_F.observable(sigma.data(), o, f.data());
            m_F.shapeAverages(f.data(), psi.data());
            for (int a = 0; a < A; ++a)
                values(m, a) = psi[a];
        }
        const Eigen::Matrix<double, kDegree + 1, Eigen::Dynamic> c = m_vandermondeInverse * values;
        for (int a = 0; a < A; ++a)
            for (int j = 0; j <= kDegree; ++j)
                acc[std::size_t(a)][std::size_t(j)] += weight * c(j, a);
    }

    // ψ̄^a(θ2, θ3) from summed coefficients.
    std::vector<double> evaluate(const Coefficients& c, double theta2, double theta3) const
    {
        std::vector<double> M(c.size(), 0.0);
        for (std::size_t a = 0; a < c.size(); ++a)
            for (int j = 0; j <= m_links[a]; ++j)
                M[a] += c[a][std::size_t(j)] * std::pow(theta2, j) * std::pow(theta3, m_links[a] - j);
        return M;
    }

private:
    const DualityFeatures& m_F;
    int m_slot;
    std::vector<int> m_links;
    Eigen::Matrix<double, kDegree + 1, kDegree + 1> m_vandermondeInverse;
};

} // namespace dlab::test
