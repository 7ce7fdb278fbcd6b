#pragma once
// What the scalar-field RBM learns: a covariance C = ⟨φφᵀ⟩ and, for the
// sampled gradient, samples with that covariance.
//  - A free scalar field on a periodic chain (n sites) or an n×n torus,
//    K^φ = −∇² + m²: C = (K^φ)⁻¹ exactly; samples are drawn exactly
//    (Cholesky of C) from the seed. Its spectrum is known in closed form.
//  - Any data set, a .npy of samples [count, d] or [count, L, L]: C is the
//    connected correlator (the data are centred: the RBM has no visible
//    bias); its "spectrum" is that of C⁻¹ (the data's kernel) and its
//    inverse spectrum 1/κ the eigenvalues of C.
// The exact spectrum is for reports, plots and tests only: training sees C
// or the samples, nothing else.

#include "engine/core/Rng.hpp"
#include "engine/fields/FreeField.hpp"

#include <Eigen/Core>
#include <string>
#include <vector>

namespace dlab::fieldtheory {

struct RbmTarget {
    std::string description;
    Eigen::MatrixXd covariance; // C
    Eigen::MatrixXd samples;    // one sample per row
    // Ascending eigenvalues of C⁻¹ (directions where C vanishes give +∞).
    std::vector<double> spectrum;
    // Descending eigenvalues of C (the "inverse spectrum" 1/κ).
    std::vector<double> inverseSpectrum;
    int visible() const { return int(covariance.rows()); }
};

RbmTarget freeFieldTarget(fields::FreeFieldGeometry geometry, int n, double m2, int samples, RngStream& rng);
// Throws NpyError for a bad file, ParameterError ("data") for an unusable array.
RbmTarget dataTarget(const std::string& npyPath, int maxVisible = 4096);
RbmTarget dataTarget(const Eigen::MatrixXd& samples, const std::string& description);

} // namespace dlab::fieldtheory
