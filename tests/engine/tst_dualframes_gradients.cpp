// Hand-written backward passes of the dual-frames experiments against
// central finite differences: the generic Network backward (parameters and
// inputs), the mean absolute Jacobian, the task-constrained autoencoder's
// combined loss, and the feature-separation loss with all three terms active.
#include "engine/experiments/dualframes/FeatureSeparation.hpp"
#include "engine/experiments/dualframes/TaskConstrainedAutoencoder.hpp"
#include "engine/nn/Backprop.hpp"
#include "engine/nn/EpochOrder.hpp"
#include "engine/nn/Metrics.hpp"

#include <QtTest>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::nn;
using namespace dlab::dualframes;

namespace {

Eigen::MatrixXd randomMatrix(int r, int c, RngStream& rng, double scale = 1.0)
{
    Eigen::MatrixXd m(r, c);
    for (int i = 0; i < r; ++i)
        for (int j = 0; j < c; ++j)
            m(i, j) = scale * rng.normal();
    return m;
}

// max |analytic − numeric| / max(1, |numeric|) over the entries of `at`,
// with f evaluated at `at` perturbed one entry at a time.
template <class F, class V> double worstError(F f, V& at, const V& analytic, double h = 1e-6)
{
    double worst = 0;
    for (Eigen::Index i = 0; i < at.size(); ++i) {
        const double keep = at.data()[i];
        at.data()[i] = keep + h;
        const double up = f();
        at.data()[i] = keep - h;
        const double down = f();
        at.data()[i] = keep;
        const double numeric = (up - down) / (2 * h);
        worst = std::max(worst, std::abs(analytic.data()[i] - numeric) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

} // namespace

class TestDualFramesGradients : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void networkBackwardMatchesFiniteDifferences()
    {
        // L = Σ c ⊙ Y for a fixed random c: dL/dY = c.
        RngStream rng(3, 0);
        Network net(5, {{7, Activation::Tanh}, {6, Activation::Sigmoid}, {3, Activation::Softmax}}, rng);
        Eigen::MatrixXd x = randomMatrix(9, 5, rng);
        const Eigen::MatrixXd c = randomMatrix(9, 3, rng);
        ForwardTape tape;
        forward(net, x, tape);
        QVERIFY((tape.output() - net.forward(x)).cwiseAbs().maxCoeff() < 1e-14);
        Eigen::VectorXd gp;
        Eigen::MatrixXd gx;
        backward(net, tape, c, &gp, &gx);
        auto loss = [&] { return (net.forward(x).array() * c.array()).sum(); };
        const double ep = worstError(loss, net.parameters(), gp);
        const double ex = worstError(loss, x, gx);
        QVERIFY2(ep < 1e-7, qPrintable(QString("parameter gradient error %1 (expected < 1e-7)").arg(ep)));
        QVERIFY2(ex < 1e-7, qPrintable(QString("input gradient error %1 (expected < 1e-7)").arg(ex)));
    }

    void meanAbsoluteJacobianMatchesFiniteDifferences()
    {
        RngStream rng(4, 0);
        // Tanh: smooth, so finite differences are exact to O(h²) everywhere.
        Network net(4, {{6, Activation::Tanh}, {3, Activation::Identity}}, rng);
        const Eigen::MatrixXd x = randomMatrix(70, 4, rng); // more than two chunks
        const Eigen::MatrixXd s = meanAbsoluteJacobian(net, x);
        QCOMPARE(s.rows(), 4);
        QCOMPARE(s.cols(), 3);
        Eigen::MatrixXd numeric = Eigen::MatrixXd::Zero(4, 3);
        const double h = 1e-6;
        for (Eigen::Index r = 0; r < x.rows(); ++r)
            for (int i = 0; i < 4; ++i) {
                Eigen::MatrixXd up = x.row(r), down = x.row(r);
                up(0, i) += h;
                down(0, i) -= h;
                numeric.row(i) += ((net.forward(up) - net.forward(down)) / (2 * h)).cwiseAbs();
            }
        numeric /= double(x.rows());
        const double err = (s - numeric).cwiseAbs().maxCoeff();
        QVERIFY2(err < 1e-7, qPrintable(QString("sensitivity differs from finite differences by %1").arg(err)));
    }

    void autoencoderLossMatchesFiniteDifferences()
    {
        // Small layers, every part active: the decoder's and the head's
        // dL/dz both flow into the encoder.
        RngStream rng(5, 0);
        TaskConstrainedAutoencoder ae(6, 8, 3, rng);
        const Eigen::MatrixXd x = randomMatrix(40, 6, rng).array().sign().matrix(); // ±1 states
        const Eigen::VectorXd e = randomMatrix(40, 1, rng).col(0);
        const double lambda = 0.7;
        Eigen::VectorXd g;
        const auto parts = ae.lossAndGradient(x, e, lambda, g);
        const auto direct = ae.loss(x, e, lambda);
        QVERIFY2(std::abs(parts.total - direct.total) < 1e-12, "chunked and direct loss must agree");
        QVERIFY(std::abs(parts.reconstruction - direct.reconstruction) < 1e-12);
        QVERIFY(std::abs(parts.energy - direct.energy) < 1e-12);
        QVERIFY(parts.reconstruction > 0 && parts.energy > 0);
        Eigen::VectorXd p = ae.parameters();
        QCOMPARE(p.size(), g.size());
        auto loss = [&] {
            ae.setParameters(p);
            return ae.loss(x, e, lambda).total;
        };
        const double err = worstError(loss, p, g);
        QVERIFY2(err < 1e-6, qPrintable(QString("autoencoder gradient error %1 (expected < 1e-6)").arg(err)));
    }

    void autoencoderGradientIsIdenticalForOneAndTwoThreads()
    {
        RngStream rng(6, 0);
        TaskConstrainedAutoencoder ae(10, 16, 4, rng);
        const Eigen::MatrixXd x = randomMatrix(200, 10, rng);
        const Eigen::VectorXd e = randomMatrix(200, 1, rng).col(0);
        Eigen::VectorXd g1, g2;
        {
            tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
            ae.lossAndGradient(x, e, 1.0, g1);
        }
        {
            tbb::global_control two(tbb::global_control::max_allowed_parallelism, 2);
            ae.lossAndGradient(x, e, 1.0, g2);
        }
        QVERIFY2(g1 == g2, "autoencoder gradients must be bit-identical for 1 and 2 threads");
    }

    void separationLossMatchesFiniteDifferences_data()
    {
        QTest::addColumn<double>("scale");
        QTest::addColumn<bool>("floorActive");
        QTest::newRow("above the norm floor") << 1.0 << false;
        QTest::newRow("below the norm floor") << 0.1 << true;
    }

    void separationLossMatchesFiniteDifferences()
    {
        QFETCH(double, scale);
        QFETCH(bool, floorActive);
        RngStream rng(7, 0);
        FeatureSeparationModel m(12, 3, rng);
        m.weights() *= scale;
        const Eigen::MatrixXd x = randomMatrix(30, 12, rng);
        std::vector<int> labels;
        for (int r = 0; r < 30; ++r)
            labels.push_back(r % 2);
        SeparationLoss o;
        o.margin = 3.0; // some signals inside the margin, some beyond it
        o.normFloor = 0.5;
        o.decorrelation = 2.0;
        Eigen::MatrixXd g;
        const auto t = m.lossAndGradient(x, labels, o, g);
        QCOMPARE(t.floor > 0, floorActive);
        QVERIFY(t.decorrelation > 0);
        const double err = worstError([&] { return m.loss(x, labels, o).total; }, m.weights(), g);
        QVERIFY2(err < 1e-6, qPrintable(QString("separation gradient error %1 (expected < 1e-6)").arg(err)));
    }

    void balancedAccuracyIgnoresImbalance()
    {
        // 95 : 5, always answering the majority: accuracy 0.95, balanced 0.5.
        std::vector<int> labels(100, 0), majority(100, 0);
        for (int i = 0; i < 5; ++i)
            labels[std::size_t(i)] = 1;
        QCOMPARE(accuracy(majority, labels), 0.95);
        QCOMPARE(balancedAccuracy(majority, labels, 2), 0.5);
        QCOMPARE(balancedAccuracy(labels, labels, 2), 1.0);
    }

    void epochOrderVisitsEverySampleOncePerEpoch()
    {
        EpochOrder order(10, 4, RngStream(1, 2));
        for (int epoch = 0; epoch < 3; ++epoch) {
            std::vector<int> seen;
            bool last = false;
            int batches = 0;
            while (!last) {
                const auto& b = order.next(last);
                seen.insert(seen.end(), b.begin(), b.end());
                ++batches;
            }
            QCOMPARE(batches, 3); // 4 + 4 + 2
            std::sort(seen.begin(), seen.end());
            for (int i = 0; i < 10; ++i)
                QCOMPARE(seen[std::size_t(i)], i);
        }
        QCOMPARE(order.epochsDone(), 3LL);
    }
};

QTEST_GUILESS_MAIN(TestDualFramesGradients)
#include "tst_dualframes_gradients.moc"
