#pragma once
// Shared by tst_duality_ordered and tests/bench/duality_valley: with the
// attention one-hot on one slot, a configuration's shape average is a
// homogeneous polynomial in the observable's scale and offset,
//     ψ̄^a(θ2, θ3) = Σ_j c_aj θ2^j θ3^(n_a − j),   n_a = links of shape a ≤ 4,
// whose coefficients are linear in the configuration: summed over states with
// Boltzmann weights (or over chains) they give ⟨ψ̄^a⟩ at every (θ2, θ3) at
// once. The coefficients are the engine's (ShapePolynomials in
// engine/experiments/duality/ValleyProfile.hpp, which the learner's profile
// refinement uses); this adds the accumulation in fixed-size rows.

#include "engine/experiments/duality/ValleyProfile.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>
#include <vector>

namespace dlab::test {

class ShapePolynomial {
public:
    static constexpr int kDegree = 4;
    using Coefficients = std::vector<std::array<double, kDegree + 1>>; // [shape a][power j of θ2]

    ShapePolynomial(const DualityFeatures& F, int slot) : m_polynomials(F, slot)
    {
        if (m_polynomials.degree() > kDegree)
            throw std::invalid_argument("ShapePolynomial: a shape of more than 4 links");
    }

    Coefficients zero() const
    {
        return Coefficients(std::size_t(m_polynomials.shapes()), std::array<double, kDegree + 1>{});
    }

    // acc[a][j] += weight · c_aj of the configuration `spins`.
    void add(const std::int8_t* spins, double weight, Coefficients& acc) const
    {
        const int K = m_polynomials.degree() + 1;
        std::vector<double> c(std::size_t(m_polynomials.shapes()) * K);
        m_polynomials.coefficients(spins, c.data());
        for (int a = 0; a < m_polynomials.shapes(); ++a)
            for (int j = 0; j < K; ++j)
                acc[std::size_t(a)][std::size_t(j)] += weight * c[std::size_t(a) * K + j];
    }

    // ψ̄^a(θ2, θ3) from summed coefficients.
    std::vector<double> evaluate(const Coefficients& c, double theta2, double theta3) const
    {
        const int K = m_polynomials.degree() + 1;
        std::vector<double> flat(std::size_t(m_polynomials.shapes()) * K), M(c.size());
        for (std::size_t a = 0; a < c.size(); ++a)
            for (int j = 0; j < K; ++j)
                flat[a * K + j] = c[a][std::size_t(j)];
        m_polynomials.evaluate(flat.data(), theta2, theta3, M.data());
        return M;
    }

private:
    ShapePolynomials m_polynomials;
};

} // namespace dlab::test
