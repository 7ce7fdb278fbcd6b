// nn::PeriodicConv2d: forward against a direct sum, backward against central
// finite differences (weights, biases and input), translation equivariance,
// and identical results for any thread count.
#include "engine/nn/PeriodicConv2d.hpp"

#include <QtTest>
#include <cmath>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::nn;

namespace {

Eigen::MatrixXd randomMatrix(Eigen::Index r, Eigen::Index c, RngStream& rng)
{
    Eigen::MatrixXd m(r, c);
    for (Eigen::Index i = 0; i < m.size(); ++i)
        m.data()[i] = rng.normal();
    return m;
}

// L = Σ out ⊙ R: dL/dout = R.
double projected(const PeriodicConv2d& conv, const Eigen::VectorXd& p, const Eigen::MatrixXd& in,
                 const Eigen::MatrixXd& R)
{
    Eigen::MatrixXd out;
    conv.forward(p.data(), in, out);
    return out.cwiseProduct(R).sum();
}

} // namespace

class TestNnConv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forwardIsThePeriodicCrossCorrelation()
    {
        const int H = 4, W = 5, cin = 2, cout = 3, K = 3, B = 2;
        PeriodicConv2d conv(H, W, cin, cout, K);
        RngStream rng(1, 0);
        Eigen::VectorXd p(conv.parameterCount());
        conv.initialise(p.data(), rng);
        for (int o = 0; o < cout; ++o)
            p[p.size() - cout + o] = 0.1 * (o + 1); // non-zero biases
        const Eigen::MatrixXd in = randomMatrix(B * H * W, cin, rng);
        Eigen::MatrixXd out;
        conv.forward(p.data(), in, out);
        Eigen::Map<const Eigen::MatrixXd> w(p.data(), K * K * cin, cout);
        double worst = 0;
        for (int b = 0; b < B; ++b)
            for (int y = 0; y < H; ++y)
                for (int x = 0; x < W; ++x)
                    for (int o = 0; o < cout; ++o) {
                        double s = p[p.size() - cout + o];
                        for (int dy = -1, k = 0; dy <= 1; ++dy)
                            for (int dx = -1; dx <= 1; ++dx, ++k)
                                for (int c = 0; c < cin; ++c) {
                                    const int xs = (x + dx + W) % W, ys = (y + dy + H) % H;
                                    s += in(b * H * W + xs + W * ys, c) * w(k * cin + c, o);
                                }
                        worst = std::max(worst, std::abs(s - out(b * H * W + x + W * y, o)));
                    }
        QVERIFY2(worst < 1e-12, qPrintable(QString("largest difference from the direct sum: %1").arg(worst)));
    }

    void backwardMatchesFiniteDifferences()
    {
        const int H = 4, W = 5, cin = 2, cout = 3, B = 3;
        for (int K : {1, 3, 5}) {
            PeriodicConv2d conv(H, W, cin, cout, K);
            RngStream rng(2, K);
            Eigen::VectorXd p(conv.parameterCount());
            conv.initialise(p.data(), rng);
            Eigen::MatrixXd in = randomMatrix(B * H * W, cin, rng);
            const Eigen::MatrixXd R = randomMatrix(B * H * W, cout, rng);
            Eigen::VectorXd g = Eigen::VectorXd::Zero(p.size());
            Eigen::MatrixXd gin;
            conv.backward(p.data(), in, R, g.data(), &gin);
            const double h = 1e-6;
            double worst = 0;
            for (Eigen::Index i = 0; i < p.size(); ++i) {
                Eigen::VectorXd q = p;
                q[i] += h;
                const double up = projected(conv, q, in, R);
                q[i] -= 2 * h;
                const double numeric = (up - projected(conv, q, in, R)) / (2 * h);
                worst = std::max(worst, std::abs(numeric - g[i]) / std::max(1.0, std::abs(numeric)));
            }
            for (Eigen::Index i = 0; i < in.size(); ++i) {
                const double keep = in.data()[i];
                in.data()[i] = keep + h;
                const double up = projected(conv, p, in, R);
                in.data()[i] = keep - h;
                const double down = projected(conv, p, in, R);
                in.data()[i] = keep;
                const double numeric = (up - down) / (2 * h);
                worst = std::max(worst, std::abs(numeric - gin.data()[i]) / std::max(1.0, std::abs(numeric)));
            }
            QVERIFY2(worst < 1e-6, qPrintable(QString("K = %1: worst relative gradient error %2").arg(K).arg(worst)));
        }
    }

    void commutesWithLatticeTranslations()
    {
        const int L = 6;
        PeriodicConv2d conv(L, L, 1, 2, 3);
        RngStream rng(3, 0);
        Eigen::VectorXd p(conv.parameterCount());
        conv.initialise(p.data(), rng);
        const Eigen::MatrixXd in = randomMatrix(L * L, 1, rng);
        Eigen::MatrixXd shifted(L * L, 1), out, outShifted;
        for (int y = 0; y < L; ++y)
            for (int x = 0; x < L; ++x)
                shifted((x + 2) % L + L * ((y + 1) % L), 0) = in(x + L * y, 0);
        conv.forward(p.data(), in, out);
        conv.forward(p.data(), shifted, outShifted);
        for (int y = 0; y < L; ++y)
            for (int x = 0; x < L; ++x)
                for (int o = 0; o < 2; ++o)
                    QVERIFY(std::abs(outShifted((x + 2) % L + L * ((y + 1) % L), o) - out(x + L * y, o)) < 1e-12);
    }

    void sameResultsOnAnyNumberOfThreads()
    {
        const int L = 8, B = 200; // several chunks
        PeriodicConv2d conv(L, L, 4, 4, 3);
        QVERIFY(conv.chunkSamples() < B);
        RngStream rng(4, 0);
        Eigen::VectorXd p(conv.parameterCount());
        conv.initialise(p.data(), rng);
        const Eigen::MatrixXd in = randomMatrix(B * L * L, 4, rng), R = randomMatrix(B * L * L, 4, rng);
        auto run = [&](int threads) {
            tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
            Eigen::VectorXd g = Eigen::VectorXd::Zero(p.size());
            Eigen::MatrixXd gin, out;
            conv.forward(p.data(), in, out);
            conv.backward(p.data(), in, R, g.data(), &gin);
            return std::make_tuple(out, g, gin);
        };
        const auto one = run(1), two = run(2);
        QVERIFY(std::get<0>(one) == std::get<0>(two));
        QVERIFY2(std::get<1>(one) == std::get<1>(two), "weight gradients must be bit-identical on 1 and 2 threads");
        QVERIFY(std::get<2>(one) == std::get<2>(two));
    }
};

QTEST_GUILESS_MAIN(TestNnConv)
#include "tst_nn_conv.moc"
