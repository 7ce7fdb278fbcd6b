#pragma once
// How good is an embedding?
//  - klDivergence: KL(P‖Q) = Σ p_ij ln(p_ij / q_ij) over the non-zero p_ij of
//    the affinities t-SNE optimised (for Barnes–Hut the sparse kNN P, which is
//    what scikit-learn's kl_divergence_ refers to), with Q normalised by the
//    exact Z = Σ_{k≠l} (1 + |y_k − y_l|²)⁻¹ (O(n²), parallel) — no Barnes–Hut
//    approximation in the reported number.
//  - trustworthiness (Venna & Kaski; scikit-learn's definition, k = 5):
//    1 − 2/(n k (2n − 3k − 1)) Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k). For n above
//    `maxQueries` the sum over i runs over an evenly spaced subset of that
//    many points and is rescaled (an unbiased estimate; exact below).
//  - neighbourLabelAgreement: mean fraction of each point's k nearest
//    neighbours in the embedding that share its label.

#include "Tsne.hpp"

#include <vector>

namespace dlab::embed {

double klDivergence(const SparseP& p, const Embedding& y);
// The exact KL of the result against the full affinities of t-SNE's
// definition: p_{j|i} over all other points (β_i calibrated to the same
// perplexity), symmetrised; Q exact. O(n² d) time, O(n) memory — meant for
// moderate n (a few 10⁴ at most).
double klDivergenceDense(const Eigen::MatrixXd& x, const Embedding& y, double perplexity);
double trustworthiness(const Eigen::MatrixXd& x, const Embedding& y, int k = 5, int maxQueries = 5000);
double neighbourLabelAgreement(const Embedding& y, const std::vector<int>& labels, int k = 10);

} // namespace dlab::embed
