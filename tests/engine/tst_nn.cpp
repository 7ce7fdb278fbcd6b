// Neural-network toolkit: every layer and loss against central finite
// differences, deterministic parallel batches, training, embeddings, save/load.
#include "engine/core/ParameterError.hpp"
#include "engine/nn/Network.hpp"
#include "engine/nn/Trainer.hpp"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::nn;

namespace {

Eigen::MatrixXd randomMatrix(int r, int c, RngStream& rng, double scale = 1.0)
{
    Eigen::MatrixXd m(r, c);
    for (int i = 0; i < r; ++i)
        for (int j = 0; j < c; ++j)
            m(i, j) = scale * rng.normal();
    return m;
}

// Largest |analytic − numeric| / max(1, |numeric|) over all parameters.
double gradientError(const Network& net0, const Eigen::MatrixXd& x, const Eigen::MatrixXd& t, Loss loss, double l2)
{
    Network net = net0;
    Eigen::VectorXd g;
    net.lossAndGradient(x, t, loss, l2, g);
    double worst = 0;
    const double h = 1e-5;
    for (Eigen::Index i = 0; i < net.parameters().size(); ++i) {
        const double keep = net.parameters()[i];
        net.parameters()[i] = keep + h;
        const double up = net.loss(x, t, loss, l2);
        net.parameters()[i] = keep - h;
        const double down = net.loss(x, t, loss, l2);
        net.parameters()[i] = keep;
        const double numeric = (up - down) / (2 * h);
        worst = std::max(worst, std::abs(g[i] - numeric) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

} // namespace

class TestNn : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyActivationMatchesFiniteDifferences_data()
    {
        QTest::addColumn<int>("activation");
        QTest::newRow("identity") << int(Activation::Identity);
        QTest::newRow("relu") << int(Activation::ReLU);
        QTest::newRow("tanh") << int(Activation::Tanh);
        QTest::newRow("sigmoid") << int(Activation::Sigmoid);
        QTest::newRow("softmax") << int(Activation::Softmax);
    }
    void everyActivationMatchesFiniteDifferences()
    {
        QFETCH(int, activation);
        RngStream rng(11, 0);
        // The tested activation sits in a hidden layer and at the output (MSE,
        // the generic unfused path); 70 rows span three parallel chunks.
        const Activation a = Activation(activation);
        Network net(3, {{5, a}, {4, Activation::Tanh}, {3, a}}, rng);
        net.parameters() += 0.1 * randomMatrix(int(net.parameters().size()), 1, rng);
        const Eigen::MatrixXd x = randomMatrix(70, 3, rng), t = randomMatrix(70, 3, rng);
        const double err = gradientError(net, x, t, Loss::MeanSquaredError, 0.0);
        QVERIFY2(err < 1e-6, qPrintable(QString("relative gradient error %1 (expected < 1e-6)").arg(err)));
    }

    void lossesMatchFiniteDifferences()
    {
        RngStream rng(12, 0);
        const Eigen::MatrixXd x = randomMatrix(40, 4, rng);
        // Softmax + cross-entropy (fused), with soft targets and L2.
        Network soft(4, {{6, Activation::ReLU}, {3, Activation::Softmax}}, rng);
        Eigen::MatrixXd t = randomMatrix(40, 3, rng).array().abs();
        t = (t.array().colwise() / t.rowwise().sum().array()).matrix();
        double err = gradientError(soft, x, t, Loss::SoftmaxCrossEntropy, 0.03);
        QVERIFY2(err < 1e-6, qPrintable(QString("softmax CE: %1").arg(err)));
        // Sigmoid + binary cross-entropy (fused).
        Network bin(4, {{6, Activation::Tanh}, {2, Activation::Sigmoid}}, rng);
        Eigen::MatrixXd tb = (randomMatrix(40, 2, rng).array() > 0).cast<double>();
        err = gradientError(bin, x, tb, Loss::BinaryCrossEntropy, 0.0);
        QVERIFY2(err < 1e-6, qPrintable(QString("sigmoid BCE: %1").arg(err)));
        // Cross-entropies on outputs they are not fused with (generic path).
        Network odd(4, {{5, Activation::Sigmoid}, {2, Activation::Sigmoid}}, rng);
        Eigen::MatrixXd ts = randomMatrix(40, 2, rng).array().abs() * 0.3;
        err = gradientError(odd, x, ts, Loss::SoftmaxCrossEntropy, 0.0);
        QVERIFY2(err < 1e-6, qPrintable(QString("generic CE: %1").arg(err)));
        Network oddSoft(4, {{5, Activation::ReLU}, {2, Activation::Softmax}}, rng);
        err = gradientError(oddSoft, x, tb, Loss::BinaryCrossEntropy, 0.0);
        QVERIFY2(err < 1e-6, qPrintable(QString("generic BCE: %1").arg(err)));
    }

    void gradientIsIdenticalForOneAndTwoThreads()
    {
        RngStream rng(13, 0);
        Network net(5, {{40, Activation::ReLU}, {7, Activation::Softmax}}, rng);
        const Eigen::MatrixXd x = randomMatrix(300, 5, rng);
        std::vector<int> labels(300);
        for (auto& l : labels)
            l = int(rng.below(7));
        const Eigen::MatrixXd t = oneHot(labels, 7);
        Eigen::VectorXd g1, g2;
        {
            tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
            net.lossAndGradient(x, t, Loss::SoftmaxCrossEntropy, 1e-4, g1);
        }
        {
            tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
            net.lossAndGradient(x, t, Loss::SoftmaxCrossEntropy, 1e-4, g2);
        }
        QVERIFY2(g1 == g2, "gradients must be bit-identical for 1 and 2 threads");
    }

    void learnsTwoSpirals()
    {
        // Two interleaved spirals: not linearly separable, so this needs the
        // hidden layers. Reproducible from the seed.
        auto train = [](std::uint64_t seed) {
            RngStream rng(seed, 0);
            const int n = 400;
            Eigen::MatrixXd x(n, 2);
            std::vector<int> labels(n);
            for (int i = 0; i < n; ++i) {
                const double s = 0.3 + 3.0 * (i / 2) / double(n / 2), sign = i % 2 ? 1 : -1;
                x(i, 0) = sign * s * std::cos(s) + 0.02 * rng.normal();
                x(i, 1) = sign * s * std::sin(s) + 0.02 * rng.normal();
                labels[i] = i % 2;
            }
            Network net(2, {{32, Activation::Tanh}, {32, Activation::ReLU}, {2, Activation::Softmax}}, rng);
            Adam adam(net.parameters().size(), 0.01);
            const Eigen::MatrixXd t = oneHot(labels, 2);
            for (int e = 0; e < 300; ++e)
                trainEpoch(net, adam, x, t, {Loss::SoftmaxCrossEntropy, 0.0, 32}, rng);
            const auto pred = argmaxRows(net.forward(x));
            int ok = 0;
            for (int i = 0; i < n; ++i)
                ok += pred[i] == labels[i];
            return std::pair{double(ok) / n, net.parameters()};
        };
        const auto [acc, p1] = train(5);
        QVERIFY2(acc > 0.97, qPrintable(QString("training accuracy %1, expected > 0.97").arg(acc)));
        QVERIFY2(train(5).second == p1, "same seed must give identical weights");
    }

    void embeddingIsHiddenLayerOutput()
    {
        RngStream rng(14, 0);
        Network net(3, {{8, Activation::ReLU}, {6, Activation::Tanh}, {2, Activation::Softmax}}, rng);
        const Eigen::MatrixXd x = randomMatrix(5, 3, rng);
        const Eigen::MatrixXd e = net.layerOutput(x, 1);
        QCOMPARE(int(e.cols()), 6);
        Eigen::MatrixXd z = e * net.weights(2);
        z.rowwise() += net.bias(2).transpose();
        applyActivation(Activation::Softmax, z);
        QVERIFY((z - net.forward(x)).norm() < 1e-14);
    }

    void saveLoadRoundTripAndBadFiles()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("net.bin").toStdString();
        RngStream rng(15, 0);
        Network net(4, {{9, Activation::ReLU}, {3, Activation::Sigmoid}}, rng);
        net.save(path);
        const Network back = Network::load(path);
        QVERIFY(back.parameters() == net.parameters());
        QVERIFY(back.layers()[1].activation == Activation::Sigmoid);

        auto expectError = [&](const std::string& p, const char* fragment) {
            try {
                Network::load(p);
                QFAIL(qPrintable(QString("expected an error mentioning '%1'").arg(fragment)));
            } catch (const std::runtime_error& e) {
                QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
            }
        };
        const std::string bad = dir.filePath("bad.bin").toStdString();
        std::ofstream(bad, std::ios::binary) << "NOTANET!";
        expectError(bad, "magic");
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() - 5);
        expectError(bad, "ends early");
        std::string wrongAct = bytes;
        wrongAct[8 + 4 + 4 + 4] = 9; // first layer's activation code
        std::ofstream(bad, std::ios::binary) << wrongAct;
        expectError(bad, "unknown activation");
        expectError(dir.filePath("missing.bin").toStdString(), "cannot open");
    }

    void badShapesAreRejected()
    {
        RngStream rng(16, 0);
        QVERIFY_THROWS_EXCEPTION(ParameterError, Network(0, {{3, Activation::ReLU}}, rng));
        Network net(2, {{3, Activation::Softmax}}, rng);
        Eigen::VectorXd g;
        QVERIFY_THROWS_EXCEPTION(ParameterError,
                                 net.lossAndGradient(Eigen::MatrixXd::Zero(4, 3), Eigen::MatrixXd::Zero(4, 3),
                                                     Loss::MeanSquaredError, 0, g));
    }
};

QTEST_GUILESS_MAIN(TestNn)
#include "tst_nn.moc"
