// Per-link Gumbel noise (engine/experiments/duality/LinkGumbel.hpp): every
// link of every chain reads w_{l,c} = softmax((θ1 + g_{l,c})/τ). The split
// estimator must back-propagate through each link's own weights:
//  - with the noise scaled to zero it reproduces the shared estimator;
//  - its θ1, θ2, θ3 gradients are those of its own unbiased loss (central
//    differences with common random numbers: the same chains, the same draws);
//  - its numbers do not depend on the number of threads;
//  - a learner run with per-link noise still finds a dual frame (8×8, β = 0.2).
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DualityFeatures.hpp"
#include "engine/experiments/duality/DualityGradient.hpp"
#include "engine/experiments/duality/DualityLearner.hpp"
#include "engine/experiments/duality/LinkGumbel.hpp"

#include <QtTest>
#include <cmath>
#include <tbb/global_control.h>

using namespace dlab;

namespace {
constexpr int kL = 4;
const SlotVector kTheta1{0.2, 1.0, 0.6, -0.3, 0.1, -0.2, 0.4};
constexpr double kTau = 0.5;

// Data: the original model's own features at β = 0.25 from a few chains
// (any targets will do: both estimators see the same ones).
std::vector<double> targets(const DualityFeatures& F)
{
    DualityChainEnsemble data(kL, 16, 5, 1000);
    data.setCouplings({0.25, 0.0, 0.0});
    data.sweeps(50);
    std::vector<double> D(F.shapes(), 0.0);
    for (int c = 0; c < data.chains(); ++c) {
        const auto psi = F.evaluate(data.spins(c), ObservableParams::identity());
        for (int a = 0; a < F.shapes(); ++a)
            D[a] += psi[a] / data.chains();
    }
    return D;
}

ObservableParams observable()
{
    ObservableParams o;
    o.w = attentionWeights(kTheta1, {}, kTau);
    o.theta2 = -0.8;
    o.theta3 = 1.1;
    return o;
}

LinkGumbel perLink(const SlotVector& theta1, double noiseScale)
{
    LinkGumbel g{theta1, kTau, RngStream(11, 77).child(3)};
    g.noiseScale = noiseScale;
    return g;
}

bool close(double a, double b, double rel, double abs = 1e-12)
{
    return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)) + abs;
}
} // namespace

class TestDualityLinkGumbel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesRoundTrip()
    {
        for (GumbelNoise g : {GumbelNoise::Off, GumbelNoise::Shared, GumbelNoise::PerLink})
            QCOMPARE(gumbelNoiseFromName(gumbelNoiseName(g)), std::optional<GumbelNoise>(g));
        QVERIFY(!gumbelNoiseFromName("perlink"));
    }

    void argmaxFollowsTheSoftmax()
    {
        // Gumbel-max: argmax_k (θ1_k + g_k) is distributed as softmax(θ1), and
        // the softmax at any τ keeps the argmax. Checks the draws on the fast
        // paths (τ = ½, 1) and the general one (τ = 0.7).
        for (double tau : {0.5, 1.0, 0.7}) {
            LinkGumbel g{kTheta1, tau, RngStream(5, 6)};
            const int links = 128, chains = 100, n = links * chains;
            std::vector<double> w(std::size_t(links) * kNeighbourhoodSlots);
            std::array<int, kNeighbourhoodSlots> count{};
            for (int c = 0; c < chains; ++c) {
                g.weights(c, links, w.data());
                for (int l = 0; l < links; ++l) {
                    const double* wl = w.data() + std::size_t(l) * kNeighbourhoodSlots;
                    ++count[std::size_t(std::max_element(wl, wl + kNeighbourhoodSlots) - wl)];
                }
            }
            const SlotVector p = attentionWeights(kTheta1, {}, 1.0);
            for (int k = 0; k < kNeighbourhoodSlots; ++k) {
                const double expected = n * p[k], sigma = std::sqrt(n * p[k] * (1 - p[k]));
                QVERIFY2(std::abs(count[k] - expected) < 5 * sigma,
                         qPrintable(QString("τ = %1, slot %2: argmax %3 times of %4, softmax(θ1) expects %5 ± %6")
                                        .arg(tau)
                                        .arg(k)
                                        .arg(count[k])
                                        .arg(n)
                                        .arg(expected)
                                        .arg(sigma)));
            }
        }
    }

    void zeroNoiseReproducesTheSharedEstimator()
    {
        DualityFeatures F(kL, defaultLinkShapes());
        const auto D = targets(F);
        DualityChainEnsemble chains(kL, 16, 9, 0);
        chains.setCouplings({0.3, 0.0, 0.0});
        chains.sweeps(20);
        const ObservableParams o = observable();
        const DualityGradient shared = estimateDualityGradient(F, chains, D, o);
        const SlotVector sharedTheta1 = softmaxBackward(o.w, shared.observable.w, kTau);
        const LinkGumbel zero = perLink(kTheta1, 0.0);
        const DualityGradient link = estimateDualityGradient(F, chains, D, o, nullptr, &zero);
        auto msg = [](const char* what, double a, double b) {
            return qPrintable(
                QString("%1: per-link without noise %2, shared %3").arg(what).arg(a, 0, 'g', 17).arg(b, 0, 'g', 17));
        };
        constexpr double rel = 1e-10; // rounding: the sums run in a different order
        QVERIFY2(close(link.loss, shared.loss, rel), msg("loss", link.loss, shared.loss));
        QVERIFY2(close(link.lossUnbiased, shared.lossUnbiased, rel),
                 msg("unbiased loss", link.lossUnbiased, shared.lossUnbiased));
        for (int k = 0; k < 3; ++k)
            QVERIFY2(close(link.t[k], shared.t[k], rel), msg("dL/dt", link.t[k], shared.t[k]));
        QVERIFY2(close(link.observable.theta2, shared.observable.theta2, rel),
                 msg("dL/dθ2", link.observable.theta2, shared.observable.theta2));
        QVERIFY2(close(link.observable.theta3, shared.observable.theta3, rel),
                 msg("dL/dθ3", link.observable.theta3, shared.observable.theta3));
        for (int k = 0; k < kNeighbourhoodSlots; ++k)
            QVERIFY2(close(link.observable.theta1[k], sharedTheta1[k], rel, 1e-12),
                     msg("dL/dθ1", link.observable.theta1[k], sharedTheta1[k]));
        // The gradient is not trivially zero, so the comparison means something.
        QVERIFY(std::abs(sharedTheta1[1]) > 1e-6);
    }

    void gradientIsThatOfItsOwnLoss()
    {
        // Fixed chains and fixed draws (common random numbers): the estimator's
        // unbiased loss Σ_a l^(1)_a l^(2)_a is a smooth function of θ, and the
        // split estimator returns exactly its gradient.
        DualityFeatures F(kL, defaultLinkShapes());
        const auto D = targets(F);
        DualityChainEnsemble chains(kL, 8, 21, 0);
        chains.setCouplings({0.3, 0.0, 0.0});
        chains.sweeps(20);
        const ObservableParams o = observable();
        auto loss = [&](const SlotVector& theta1, double theta2, double theta3) {
            ObservableParams q = o;
            q.theta2 = theta2;
            q.theta3 = theta3;
            const LinkGumbel noise = perLink(theta1, 1.0);
            return estimateDualityGradient(F, chains, D, q, nullptr, &noise).lossUnbiased;
        };
        const LinkGumbel noise = perLink(kTheta1, 1.0);
        const DualityGradient g = estimateDualityGradient(F, chains, D, o, nullptr, &noise);
        const double h = 1e-5;
        auto check = [&](const QString& what, double analytic, double plus, double minus) {
            const double numeric = (plus - minus) / (2 * h);
            const QString msg = QString("%1: estimator %2, central difference %3 (h = %4, common random numbers)")
                                    .arg(what)
                                    .arg(analytic, 0, 'g', 10)
                                    .arg(numeric, 0, 'g', 10)
                                    .arg(h);
            QVERIFY2(close(analytic, numeric, 1e-5, 1e-8), qPrintable(msg));
        };
        double largest = 0;
        for (int k = 0; k < kNeighbourhoodSlots; ++k) {
            SlotVector up = kTheta1, down = kTheta1;
            up[k] += h;
            down[k] -= h;
            check(QString("dL/dθ1[%1]").arg(k), g.observable.theta1[k], loss(up, o.theta2, o.theta3),
                  loss(down, o.theta2, o.theta3));
            largest = std::max(largest, std::abs(g.observable.theta1[k]));
        }
        check("dL/dθ2", g.observable.theta2, loss(kTheta1, o.theta2 + h, o.theta3),
              loss(kTheta1, o.theta2 - h, o.theta3));
        check("dL/dθ3", g.observable.theta3, loss(kTheta1, o.theta2, o.theta3 + h),
              loss(kTheta1, o.theta2, o.theta3 - h));
        QVERIFY2(largest > 1e-4, "the θ1-gradient is ≈ 0: the comparison would show nothing");
        // The noise is really there: the same chains without it give another gradient.
        const LinkGumbel zero = perLink(kTheta1, 0.0);
        const DualityGradient plain = estimateDualityGradient(F, chains, D, o, nullptr, &zero);
        QVERIFY2(!close(plain.observable.theta1[1], g.observable.theta1[1], 1e-3),
                 "per-link noise changed nothing in dL/dθ1");
    }

    void learnerWithPerLinkNoiseFindsTheDual()
    {
        // 8×8, β = 0.2, default start, 128 chains (per-link draws make a step
        // with all 1024 about 4× dearer). Measured (one thread, seeds 1–3):
        // dual at t0 −1.2, +3.6, −0.3 % of β̃, 1900–2600 steps, 3–4 CPU-s each;
        // with the default 1024 chains +1.1, +1.3, +1.8 %. Without noise the same
        // seeds and chains find the dual too (−0.3, −0.9, −0.1 %, 1400–1700
        // steps, ≈ 1 CPU-s): the test shows that per-link noise does not break
        // the learner, not that it helps.
        DualityLearnerParams p;
        p.gumbel = GumbelNoise::PerLink;
        p.chains = 128;
        p.maxSteps = 4000;
        const double dual = -0.5 * std::log(std::tanh(p.beta)); // β̃(0.2) = 0.81132
        int found = 0, tried = 0;
        QString all;
        // Seeds in order until the verdict is settled (a third run once two
        // agree would only cost time, under ASan several times more).
        for (std::uint64_t seed : {1, 2, 3}) {
            if (found >= 2 || found + (3 - tried) < 2) break;
            ++tried;
            p.seed = seed;
            DualityLearner learner(p);
            const DualityResult r = learner.run();
            found += isDualFrame(r.classification.frame);
            all += QString("\n seed %1: %2, t0 = %3 (%4 % of β̃), %5 steps, %6 restarts")
                       .arg(seed)
                       .arg(frameName(r.classification.frame))
                       .arg(r.t.t0, 0, 'f', 4)
                       .arg(100 * (std::abs(r.t.t0) / dual - 1), 0, 'f', 1)
                       .arg(r.steps)
                       .arg(r.restarts);
        }
        qInfo("per-link Gumbel noise, 8×8, β = 0.2:%s", qPrintable(all));
        QVERIFY2(found >= 2,
                 qPrintable(QString("%1 of %2 seeds in a dual frame, expected ≥ 2 of 3:").arg(found).arg(tried) + all));
    }

    void independentOfThreadCount()
    {
        DualityFeatures F(kL, defaultLinkShapes());
        const auto D = targets(F);
        DualityChainEnsemble chains(kL, 64, 31, 0);
        chains.setCouplings({0.3, 0.0, 0.0});
        chains.sweeps(10);
        const LinkGumbel noise = perLink(kTheta1, 1.0);
        const DualityGradient many = estimateDualityGradient(F, chains, D, observable(), nullptr, &noise);
        DualityGradient one;
        {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
            one = estimateDualityGradient(F, chains, D, observable(), nullptr, &noise);
        }
        QCOMPARE(one.lossUnbiased, many.lossUnbiased);
        QCOMPARE(one.observable.theta1, many.observable.theta1);
        QCOMPARE(one.observable.theta2, many.observable.theta2);
    }
};

QTEST_APPLESS_MAIN(TestDualityLinkGumbel)
#include "tst_duality_link_gumbel.moc"
