#include "engine/experiments/duality/DualityGradient.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/LinkGumbel.hpp"

#include <tbb/parallel_for.h>

namespace dlab {

DualityGradient estimateDualityGradient(const DualityFeatures& F, const DualityChainEnsemble& chains,
                                        const std::vector<double>& D, const ObservableParams& o,
                                        const std::vector<double>* weights, const LinkGumbel* perLink)
{
    auto weight = [&](int a) { return weights ? (*weights)[a] : 1.0; };
    const int B = chains.chains(), A = F.shapes(), n = F.links();
    if (B < 4) throw ParameterError("chains", "the split-batch estimator needs at least 4 chains");
    if (int(D.size()) != A) throw ParameterError("targets", "one target per feature is needed");

    // Pass 1: features and coupling sums of every chain; σ and O^θ are kept
    // for the backward pass (B · 2L² values: ≈ 1 MB with the automatic B).
    std::vector<double> psi(std::size_t(B) * A), phi(std::size_t(B) * 3);
    std::vector<std::int8_t> sigmaAll(std::size_t(B) * n);
    std::vector<double> fAll(std::size_t(B) * n);
    // Per-link weights, kept for the backward pass (B · 2L² · 7 values ≈ 7 MB
    // with the automatic B; drawing them again would cost as much as pass 1).
    std::vector<double> wAll(perLink ? std::size_t(B) * n * kNeighbourhoodSlots : 0);
    auto linkWeights = [&](int c) { return wAll.data() + std::size_t(c) * n * kNeighbourhoodSlots; };
    tbb::parallel_for(tbb::blocked_range<int>(0, B, 16), [&](const tbb::blocked_range<int>& r) {
        for (int c = r.begin(); c != r.end(); ++c) {
            std::int8_t* sigma = sigmaAll.data() + std::size_t(c) * n;
            double* f = fAll.data() + std::size_t(c) * n;
            F.linkValues(chains.spins(c), sigma);
            if (perLink) {
                perLink->weights(c, n, linkWeights(c));
                F.observablePerLink(sigma, linkWeights(c), o.theta2, o.theta3, f);
            } else {
                F.observable(sigma, o, f);
            }
            F.shapeAverages(f, psi.data() + std::size_t(c) * A);
            const CouplingSums s = F.couplingSums(chains.spins(c), sigma);
            for (int k = 0; k < 3; ++k)
                phi[std::size_t(c) * 3 + k] = s[k];
        }
    });

    // Half-batch means, residuals and covariances.
    const int half[3] = {0, B / 2, B};
    std::vector<double> M[2], l[2], cov[2];
    for (int h = 0; h < 2; ++h) {
        const int lo = half[h], hi = half[h + 1], m = hi - lo;
        M[h].assign(A, 0.0);
        double phiMean[3] = {0, 0, 0};
        for (int c = lo; c < hi; ++c) {
            for (int a = 0; a < A; ++a)
                M[h][a] += psi[std::size_t(c) * A + a];
            for (int k = 0; k < 3; ++k)
                phiMean[k] += phi[std::size_t(c) * 3 + k];
        }
        for (auto& v : M[h])
            v /= m;
        for (auto& v : phiMean)
            v /= m;
        l[h].resize(A);
        for (int a = 0; a < A; ++a)
            l[h][a] = D[a] - M[h][a];
        cov[h].assign(std::size_t(A) * 3, 0.0);
        for (int c = lo; c < hi; ++c)
            for (int a = 0; a < A; ++a) {
                const double dpsi = psi[std::size_t(c) * A + a] - M[h][a];
                for (int k = 0; k < 3; ++k)
                    cov[h][a * 3 + k] += dpsi * (phi[std::size_t(c) * 3 + k] - phiMean[k]);
            }
        for (auto& v : cov[h])
            v /= (m - 1);
    }

    DualityGradient g;
    g.modelMean.resize(A);
    g.residual.resize(A);
    for (int a = 0; a < A; ++a) {
        g.modelMean[a] = (M[0][a] * half[1] + M[1][a] * (B - half[1])) / B;
        g.residual[a] = D[a] - g.modelMean[a];
        g.loss += g.residual[a] * g.residual[a];
        g.lossUnbiased += l[0][a] * l[1][a];
    }
    for (int k = 0; k < 3; ++k) {
        // ½ Σ_h (−2 Σ_a l_a^(other) Cov_a^(h)).
        double s = 0;
        for (int a = 0; a < A; ++a)
            s += weight(a) * (l[1][a] * cov[0][a * 3 + k] + l[0][a] * cov[1][a * 3 + k]);
        g.t[k] = -s;
    }
    for (int c = 0; c < B; ++c)
        for (int k = 0; k < 3; ++k)
            g.couplingSumsMean[k] += phi[std::size_t(c) * 3 + k];
    g.chainVariance.assign(A, 0.0);
    for (int c = 0; c < B; ++c)
        for (int a = 0; a < A; ++a) {
            const double d = psi[std::size_t(c) * A + a] - g.modelMean[a];
            g.chainVariance[a] += d * d / (B - 1);
        }
    for (int k = 0; k < 3; ++k)
        g.couplingSumsMean[k] /= double(B) * F.lattice().sites();

    // Pass 2: back-propagate dL/dψ̄ through the observable, chain by chain.
    // Chain c in half h gets dL/dψ̄_c = −2 l^(other) · ½ · 1/|h|.
    std::vector<double> adjoint[2];
    for (int h = 0; h < 2; ++h) {
        const int m = half[h + 1] - half[h];
        adjoint[h].resize(A);
        for (int a = 0; a < A; ++a)
            adjoint[h][a] = -weight(a) * l[1 - h][a] / m;
    }
    std::vector<ObservableGradient> perChain(B);
    tbb::parallel_for(tbb::blocked_range<int>(0, B, 16), [&](const tbb::blocked_range<int>& r) {
        std::vector<double> adj(n);
        for (int c = r.begin(); c != r.end(); ++c) {
            const std::int8_t* sigma = sigmaAll.data() + std::size_t(c) * n;
            const double* f = fAll.data() + std::size_t(c) * n;
            F.backwardToLinks(f, adjoint[c < half[1] ? 0 : 1].data(), adj.data());
            if (perLink)
                F.backwardPerLink(sigma, linkWeights(c), o.theta2, perLink->tau, adj.data(), perChain[c]);
            else
                F.backwardToObservable(sigma, o, adj.data(), perChain[c]);
        }
    });
    for (const auto& pc : perChain)
        g.observable += pc;
    return g;
}

} // namespace dlab
