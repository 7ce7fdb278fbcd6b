// Feature set and observable of the duality learner: exact identities of the
// link shapes on the original side, the fused plaquette kernel against the
// generic shape loop, and the hand-written backward pass against finite
// differences of the loss it differentiates.
#include "engine/core/Rng.hpp"
#include "engine/experiments/duality/Attention.hpp"
#include "engine/experiments/duality/ChainEnsemble.hpp"
#include "engine/experiments/duality/DualityFeatures.hpp"
#include "engine/experiments/duality/DualityGradient.hpp"
#include "engine/experiments/duality/LinkShapes.hpp"

#include <QtTest>
#include <cmath>

using namespace dlab;

namespace {
std::vector<std::int8_t> randomSpins(int L, std::uint64_t seed)
{
    RngStream rng(seed, 7);
    std::vector<std::int8_t> s(std::size_t(L) * L);
    for (auto& v : s)
        v = (rng.nextU32() & 1u) ? 1 : -1;
    return s;
}
int shapeIndex(const std::vector<LinkShape>& shapes, const std::string& name)
{
    for (std::size_t a = 0; a < shapes.size(); ++a)
        if (shapes[a].name == name) return int(a);
    return -1;
}
ObservableParams someObservable()
{
    ObservableParams o;
    o.w = attentionWeights({0.3, -0.2, 0.5, 0.1, -0.4, 0.05, 0.2}, {}, 1.0);
    o.theta2 = -1.3;
    o.theta3 = 0.9;
    return o;
}
} // namespace

class TestDualityFeatures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void thirteenDefaultShapes()
    {
        const auto shapes = defaultLinkShapes();
        QCOMPARE(int(shapes.size()), 13);
        int bySize[5] = {0, 0, 0, 0, 0};
        for (const auto& s : shapes)
            ++bySize[s.links.size()];
        QCOMPARE(bySize[1], 2); // h, v
        QCOMPARE(bySize[2], 6); // 4 L corners, 2 parallel pairs
        QCOMPARE(bySize[3], 4); // U shapes
        QCOMPARE(bySize[4], 1); // square
    }

    void originalSideIdentities()
    {
        // On the original side f = σ: the square is a product of s_i² ≡ 1, and
        // each U shape equals its missing side, for every configuration.
        const auto shapes = defaultLinkShapes();
        for (int L : {3, 5, 8}) {
            DualityFeatures F(L, shapes);
            for (std::uint64_t seed = 1; seed <= 5; ++seed) {
                const auto s = randomSpins(L, seed);
                const auto psi = F.evaluate(s.data(), ObservableParams::identity());
                const double h = psi[shapeIndex(shapes, "h")], v = psi[shapeIndex(shapes, "v")];
                QCOMPARE(psi[shapeIndex(shapes, "square")], 1.0);
                QCOMPARE(psi[shapeIndex(shapes, "U open left")], v);
                QCOMPARE(psi[shapeIndex(shapes, "U open right")], v);
                QCOMPARE(psi[shapeIndex(shapes, "U open top")], h);
                QCOMPARE(psi[shapeIndex(shapes, "U open bottom")], h);
            }
        }
    }

    void fusedKernelMatchesGenericShapes()
    {
        // An extra shape outside the plaquette forces the generic loop; the
        // first 13 features must agree with the fused plaquette kernel.
        auto shapes = defaultLinkShapes();
        auto extended = shapes;
        extended.push_back(parseLinkShape("long", "h:0,0 h:1,0 h:2,0"));
        const int L = 6;
        DualityFeatures fused(L, shapes), generic(L, extended);
        const auto s = randomSpins(L, 11);
        const auto o = someObservable();
        const auto a = fused.evaluate(s.data(), o), b = generic.evaluate(s.data(), o);
        for (int k = 0; k < 13; ++k)
            QVERIFY2(std::abs(a[k] - b[k]) < 1e-12 * (1 + std::abs(a[k])), qPrintable(QString("feature %1").arg(k)));

        // Backward passes agree too.
        std::vector<std::int8_t> sigma(fused.links());
        std::vector<double> f(fused.links()), adjA(fused.links()), adjB(fused.links());
        fused.linkValues(s.data(), sigma.data());
        fused.observable(sigma.data(), o, f.data());
        std::vector<double> g(13), g14(14, 0.0);
        for (int k = 0; k < 13; ++k)
            g14[k] = g[k] = 0.1 * (k + 1) * (k % 2 ? -1 : 1);
        fused.backwardToLinks(f.data(), g.data(), adjA.data());
        generic.backwardToLinks(f.data(), g14.data(), adjB.data());
        for (int l = 0; l < fused.links(); ++l)
            QVERIFY(std::abs(adjA[l] - adjB[l]) < 1e-12);
    }

    void observableFollowsNeighbourhoodTable()
    {
        // The row-wise loops of the mirrored frame against LinkNeighbourhood itself.
        for (int L : {3, 4, 7}) {
            DualityFeatures F(L, defaultLinkShapes());
            const auto s = randomSpins(L, 21 + L);
            const auto o = someObservable();
            std::vector<std::int8_t> sigma(F.links());
            std::vector<double> f(F.links()), adj(F.links());
            F.linkValues(s.data(), sigma.data());
            F.observable(sigma.data(), o, f.data());
            const SquareLattice lat(L);
            const LinkNeighbourhood nb(lat);
            ObservableGradient expected, got;
            for (int l = 0; l < F.links(); ++l) {
                QCOMPARE(int(sigma[l]), int(s[lat.linkTail(l)] * s[lat.linkHead(l)]));
                double x = 0;
                for (int k = 0; k < kNeighbourhoodSlots; ++k)
                    x += o.w[k] * sigma[nb[l][k]];
                QVERIFY(std::abs(f[l] - (o.theta2 * x + o.theta3)) < 1e-12);
                adj[l] = 0.01 * (l % 5) - 0.02;
                expected.theta2 += adj[l] * x;
                expected.theta3 += adj[l];
                for (int k = 0; k < kNeighbourhoodSlots; ++k)
                    expected.w[k] += adj[l] * o.theta2 * sigma[nb[l][k]];
            }
            F.backwardToObservable(sigma.data(), o, adj.data(), got);
            QVERIFY(std::abs(got.theta2 - expected.theta2) < 1e-12);
            QVERIFY(std::abs(got.theta3 - expected.theta3) < 1e-12);
            for (int k = 0; k < kNeighbourhoodSlots; ++k)
                QVERIFY(std::abs(got.w[k] - expected.w[k]) < 1e-12);
        }
    }

    void parseShapeRejectsBadText()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseLinkShape("x", "q:0,0"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseLinkShape("x", "h:0,0 h:0,0"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseLinkShape("x", ""));
        QCOMPARE(parseLinkShape("x", "h:0,0;v:1,-1").links.size(), std::size_t(2));
    }

    void dualObservableSelectsDualLink()
    {
        // Slot 1 of every link is the dual link of SquareLattice::dualLink (shift (−½,−½)).
        SquareLattice lat(5);
        LinkNeighbourhood nb(lat);
        for (int l = 0; l < lat.links(); ++l)
            QCOMPARE(nb[l][PerpendicularAtTailMinus], lat.dualLink(l));
    }

    void thetaBackpropMatchesFiniteDifferences()
    {
        // For fixed chain states the θ-gradient of the split-batch estimator is
        // exactly ∂/∂θ of Σ_a l_a^(1) l_a^(2) (the unbiased loss): compare with
        // central differences in θ2, θ3, each w_k, and each θ1_k through the softmax.
        const int L = 4;
        DualityFeatures F(L, defaultLinkShapes());
        DualityChainEnsemble chains(L, 16, 3, 0);
        chains.setCouplings({0.35, 0.0, 0.0});
        chains.sweeps(10);
        std::vector<double> D(13);
        for (int a = 0; a < 13; ++a)
            D[a] = 0.2 + 0.03 * a;
        const SlotVector theta1{0.3, -0.2, 0.5, 0.1, -0.4, 0.05, 0.2};
        auto observableAt = [&](const SlotVector& t1, double t2, double t3) {
            ObservableParams o;
            o.w = attentionWeights(t1, {}, 1.0);
            o.theta2 = t2;
            o.theta3 = t3;
            return o;
        };
        const ObservableParams o = observableAt(theta1, -1.3, 0.9);
        const DualityGradient g = estimateDualityGradient(F, chains, D, o);
        auto lossAt = [&](const ObservableParams& p) { return estimateDualityGradient(F, chains, D, p).lossUnbiased; };
        const double h = 1e-5;
        auto check = [&](double analytic, double plus, double minus, const char* what) {
            const double numeric = (plus - minus) / (2 * h);
            QVERIFY2(std::abs(analytic - numeric) < 1e-6 * (1 + std::abs(numeric)),
                     qPrintable(QString("%1: backprop %2, finite difference %3").arg(what).arg(analytic).arg(numeric)));
        };
        {
            auto p = o, m = o;
            p.theta2 += h;
            m.theta2 -= h;
            check(g.observable.theta2, lossAt(p), lossAt(m), "theta2");
        }
        {
            auto p = o, m = o;
            p.theta3 += h;
            m.theta3 -= h;
            check(g.observable.theta3, lossAt(p), lossAt(m), "theta3");
        }
        for (int k = 0; k < kNeighbourhoodSlots; ++k) {
            auto p = o, m = o;
            p.w[k] += h;
            m.w[k] -= h;
            check(g.observable.w[k], lossAt(p), lossAt(m), "w_k");
        }
        const SlotVector dTheta1 = softmaxBackward(o.w, g.observable.w, 1.0);
        for (int k = 0; k < kNeighbourhoodSlots; ++k) {
            SlotVector tp = theta1, tm = theta1;
            tp[k] += h;
            tm[k] -= h;
            check(dTheta1[k], lossAt(observableAt(tp, -1.3, 0.9)), lossAt(observableAt(tm, -1.3, 0.9)), "theta1_k");
        }
    }

    void gumbelSoftmaxBackwardWithTemperature()
    {
        // d w / d θ1 of softmax((θ1 + g)/τ), checked on a linear functional.
        const SlotVector theta1{0.1, 0.4, -0.3, 0.0, 0.2, -0.1, 0.3}, c{1, -2, 0.5, 3, -1, 0.25, 2};
        RngStream rng(5, 1);
        const SlotVector g = gumbelNoise(rng);
        const double tau = 0.5, h = 1e-6;
        const SlotVector w = attentionWeights(theta1, g, tau);
        const SlotVector grad = softmaxBackward(w, c, tau);
        for (int k = 0; k < kNeighbourhoodSlots; ++k) {
            SlotVector p = theta1, m = theta1;
            p[k] += h;
            m[k] -= h;
            const auto wp = attentionWeights(p, g, tau), wm = attentionWeights(m, g, tau);
            double fp = 0, fm = 0;
            for (int j = 0; j < kNeighbourhoodSlots; ++j) {
                fp += c[j] * wp[j];
                fm += c[j] * wm[j];
            }
            QVERIFY(std::abs(grad[k] - (fp - fm) / (2 * h)) < 1e-6);
        }
        QVERIFY(std::abs(attentionEntropy(attentionWeights({}, {}, 1.0)) - std::log(7.0)) < 1e-12);
    }
};

QTEST_APPLESS_MAIN(TestDualityFeatures)
#include "tst_duality_features.moc"
