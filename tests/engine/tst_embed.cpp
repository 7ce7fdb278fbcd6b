// PCA, perplexity calibration, t-SNE (Barnes–Hut and exact), its quality
// measures, and the data-file loader.
#include "engine/core/ParameterError.hpp"
#include "engine/embed/Blobs.hpp"
#include "engine/embed/BruteForceNeighbours.hpp"
#include "engine/embed/DataFile.hpp"
#include "engine/embed/Pca.hpp"
#include "engine/embed/Quality.hpp"
#include "engine/embed/Tsne.hpp"

#include <Eigen/Geometry>
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sstream>
#include <tbb/global_control.h>

using namespace dlab;
using namespace dlab::embed;

class TestEmbed : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pcaFindsRotatedAxes()
    {
        // ±3 e1, ±2 e2, ±1 e3 rotated: covariance R diag(3, 4/3, 1/3) Rᵀ exactly.
        const Eigen::Matrix3d r = (Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized())).toRotationMatrix();
        Eigen::MatrixXd x(6, 3);
        x << 3, 0, 0, -3, 0, 0, 0, 2, 0, 0, -2, 0, 0, 0, 1, 0, 0, -1;
        x = x * r.transpose();
        x.rowwise() += Eigen::RowVector3d(5, -1, 2); // centring must remove this
        const PcaResult p = pca(x);
        QVERIFY(std::abs(p.variances[0] - 3.0) < 1e-12);
        QVERIFY(std::abs(p.variances[1] - 4.0 / 3) < 1e-12);
        QVERIFY(std::abs(p.variances[2] - 1.0 / 3) < 1e-12);
        for (int k = 0; k < 3; ++k)
            QVERIFY2(std::abs(std::abs(p.components.col(k).dot(r.col(k))) - 1) < 1e-12, "component ≠ rotated axis");
        QVERIFY(std::abs(p.explainedRatio.sum() - 1) < 1e-12);
    }

    void calibrationHitsThePerplexity()
    {
        RngStream rng(3, 0);
        std::vector<double> d2(90), p(90);
        for (auto& v : d2)
            v = 50 * rng.uniform();
        for (double perp : {5.0, 30.0, 60.0}) {
            calibrateRow(d2.data(), 90, perp, p.data());
            double h = 0, sum = 0;
            for (double v : p) {
                sum += v;
                if (v > 0) h -= v * std::log(v);
            }
            QVERIFY(std::abs(sum - 1) < 1e-12);
            QVERIFY2(std::abs(std::exp(h) - perp) < 1e-3 * perp,
                     qPrintable(QString("perplexity %1, expected %2").arg(std::exp(h)).arg(perp)));
        }
    }

    void klDivergenceMatchesDirectSum()
    {
        // Independent O(n²) evaluation on a small dense P.
        const int n = 7;
        RngStream rng(4, 0);
        Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(n, n);
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j)
                dense(i, j) = dense(j, i) = rng.uniform();
        dense /= dense.sum();
        Embedding y(n, 2);
        for (int i = 0; i < n; ++i)
            y.row(i) << rng.normal(), rng.normal();
        double z = 0;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                if (i != j) z += 1 / (1 + (y.row(i) - y.row(j)).squaredNorm());
        double kl = 0;
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                if (i != j) kl += dense(i, j) * std::log(dense(i, j) * z * (1 + (y.row(i) - y.row(j)).squaredNorm()));
        const SparseP p = dense.sparseView();
        QVERIFY(std::abs(klDivergence(p, y) - kl) < 1e-12);
    }

    void separatesGaussianClusters()
    {
        const auto data = gaussianBlobs(1500, 10, 6, 7);
        TsneOptions o;
        o.seed = 7;
        const Embedding y = runTsne(data.points, o);
        const double agreement = neighbourLabelAgreement(y, data.labels, 10);
        QVERIFY2(agreement >= 0.95, qPrintable(QString("10-NN label agreement %1, expected ≥ 0.95").arg(agreement)));
        const double t = trustworthiness(data.points, y, 5);
        QVERIFY2(t > 0.95, qPrintable(QString("trustworthiness %1").arg(t)));
    }

    void barnesHutKlCloseToExact()
    {
        const auto data = gaussianBlobs(300, 8, 4, 8, 4.0);
        TsneOptions o;
        o.perplexity = 20;
        o.seed = 8;
        o.theta = 0;
        Tsne exact(data.points, o);
        exact.iterate(o.iterations);
        o.theta = 0.5;
        Tsne bh(data.points, o);
        bh.iterate(o.iterations);
        // Both embeddings judged on the same (dense, exact) affinities.
        const double klExact = klDivergence(exact.affinities(), exact.embedding());
        const double klBh = klDivergence(exact.affinities(), bh.embedding());
        qInfo("KL on dense P: exact t-SNE %.4f, Barnes-Hut %.4f", klExact, klBh);
        // The streaming dense evaluation agrees with the stored dense P.
        const double streamed = klDivergenceDense(data.points, bh.embedding(), o.perplexity);
        QVERIFY2(std::abs(streamed - klBh) < 1e-6 * klBh,
                 qPrintable(QString("streamed dense KL %1 vs %2").arg(streamed).arg(klBh)));
        QVERIFY2(std::abs(klBh - klExact) < 0.05 * klExact,
                 qPrintable(QString("Barnes–Hut KL %1 vs exact %2 (expected within 5%)").arg(klBh).arg(klExact)));
    }

    void sameResultForOneAndTwoThreads()
    {
        const auto data = gaussianBlobs(600, 5, 3, 9);
        TsneOptions o;
        o.iterations = 300;
        o.pcaInit = false;
        Embedding a, b;
        {
            tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
            a = runTsne(data.points, o);
        }
        {
            tbb::global_control c(tbb::global_control::max_allowed_parallelism, 2);
            b = runTsne(data.points, o);
        }
        QVERIFY2(a == b, "embedding must be bit-identical for 1 and 2 threads");
    }

    void callbackSeesEveryIteration()
    {
        const auto data = gaussianBlobs(100, 4, 2, 10);
        TsneOptions o;
        o.iterations = 40;
        o.perplexity = 10;
        int calls = 0, last = 0;
        runTsne(data.points, o, [&](int it, const Embedding& y) {
            ++calls;
            last = it;
            QCOMPARE(int(y.rows()), 100);
        });
        QCOMPARE(calls, 40);
        QCOMPARE(last, 40);
        Feedback stop;
        stop.cancel();
        Tsne t(data.points, o);
        QCOMPARE(t.iterate(10, &stop), 0); // cancelled: nothing done, nothing lost
    }

    void trustworthinessBounds()
    {
        const auto data = gaussianBlobs(400, 2, 3, 11);
        Embedding same = data.points;
        QCOMPARE(trustworthiness(data.points, same, 5), 1.0);
        Embedding shuffled = same;
        RngStream rng(11, 1);
        for (int i = 399; i > 0; --i)
            shuffled.row(i).swap(shuffled.row(int(rng.below(i + 1))));
        QVERIFY(trustworthiness(data.points, shuffled, 5) < 0.7);
    }

    void badOptionsNameTheField()
    {
        const auto data = gaussianBlobs(50, 3, 2, 12);
        TsneOptions o;
        o.perplexity = 30; // needs 91 points
        try {
            Tsne t(data.points, o);
            QFAIL("expected ParameterError");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("perplexity"));
        }
    }

    void dataFiles()
    {
        QTemporaryDir dir;
        const std::string csv = dir.filePath("x.csv").toStdString();
        std::ofstream(csv) << "a,b,c\n1,2,3\n4;5;6\n\n7 8 9\n";
        const Eigen::MatrixXd x = loadMatrix(csv);
        QCOMPARE(int(x.rows()), 3);
        QCOMPARE(x(2, 1), 8.0);
        const std::string bad = dir.filePath("bad.csv").toStdString();
        std::ofstream(bad) << "1,2\n3,4\n5,x\n";
        try {
            loadMatrix(bad);
            QFAIL("expected an error");
        } catch (const std::runtime_error& e) {
            QVERIFY2(std::string(e.what()).find(":3:") != std::string::npos, e.what());
        }
        const std::string labels = dir.filePath("y.csv").toStdString();
        std::ofstream(labels) << "cat\ndog\ncat\n";
        QVERIFY((loadLabels(labels) == std::vector<int>{0, 1, 0}));
        const std::string out = dir.filePath("y_out.csv").toStdString();
        Embedding y(2, 2);
        y << 1, 2, 3, 4;
        saveEmbeddingCsv(out, y, {5, 6});
        std::ifstream in(out);
        std::string all((std::istreambuf_iterator<char>(in)), {});
        QCOMPARE(QString::fromStdString(all), QString("x,y,label\n1,2,5\n3,4,6\n"));
    }

    // "1,,2,3" used to drop the empty field and shift the columns.
    void csvEmptyFieldsAreErrorsNotShifts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("empty inner field") << "1,2,3,4,5\n1,,2,3,4,5\n"
                                           << ":2: column 2 is empty";
        QTest::newRow("empty first line field") << "1,,2,3,4,5\n1,2,3,4,5,6\n"
                                                << ":1: column 2 is empty";
        QTest::newRow("trailing separator") << "1;2;\n"
                                            << ":1: column 3 is empty";
        QTest::newRow("empty tab field") << "1\t\t2\n"
                                         << "column 2 is empty";
        QTest::newRow("text after numbers") << "1,2\n3,abc\n"
                                            << ":2: column 2 is not a number";
        QTest::newRow("ragged rows") << "1 2 3\n4 5\n"
                                     << "expected 3 columns, found 2";
        QTest::newRow("only a header") << "x,y\n"
                                       << "no data rows";
        QTest::newRow("binary zeros") << QString(QChar(0)).repeated(100) << "no data rows";
    }
    void csvEmptyFieldsAreErrorsNotShifts()
    {
        QFETCH(QString, text);
        QFETCH(QString, fragment);
        std::istringstream in(text.toStdString());
        try {
            const Eigen::MatrixXd m = loadCsvMatrix(in, "d.csv");
            QFAIL(qPrintable(
                QString("expected an error mentioning '%1', got %2×%3").arg(fragment).arg(m.rows()).arg(m.cols())));
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains(fragment), e.what());
        }
    }

    void csvSpacesAroundSeparatorsAreNotFields()
    {
        std::istringstream in("x, y\n 1 , 2\r\n3,\t4\n");
        const Eigen::MatrixXd m = loadCsvMatrix(in, "d.csv");
        QCOMPARE(int(m.rows()), 2);
        QCOMPARE(int(m.cols()), 2);
        QCOMPARE(m(1, 1), 4.0);
    }

    // /dev/zero as --in used to grow one "line" until 2 GB were allocated.
    void csvEndlessLineIsRefused()
    {
        std::istringstream in(std::string((std::size_t(1) << 24) + 10, '1'));
        try {
            loadCsvMatrix(in, "zero.csv");
            QFAIL("expected a line-length error");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("longer than 16 MB"), e.what());
        }
    }

    // Wide data use the all-pairs search: same neighbours as the VP tree
    // (distinct Gaussian distances, so no ties), same distances to rounding,
    // and the same result with one thread or two.
    void bruteForceNeighboursMatchTheVpTree()
    {
        RngStream rng(11, 0);
        RowMatrix x(300, BruteForceNeighbours::kMinDimensions + 16);
        for (Eigen::Index i = 0; i < x.size(); ++i)
            x.data()[i] = rng.normal() + (i / x.cols() % 3) * 2.0; // three offset clouds
        const int k = 20;
        Neighbours tree, brute, bruteOneThread;
        VpTree(x).query(k, 0, 300, tree);
        BruteForceNeighbours search(x);
        search.query(k, 0, 137, brute); // in two chunks, as t-SNE asks for them
        search.query(k, 137, 300, brute);
        {
            tbb::global_control c(tbb::global_control::max_allowed_parallelism, 1);
            search.query(k, 0, 300, bruteOneThread);
        }
        QCOMPARE(brute.k, k);
        for (std::size_t e = 0; e < tree.index.size(); ++e) {
            QVERIFY2(brute.index[e] == tree.index[e], qPrintable(QString("row %1, rank %2: neighbour %3, VP tree %4")
                                                                     .arg(e / k)
                                                                     .arg(e % k)
                                                                     .arg(brute.index[e])
                                                                     .arg(tree.index[e])));
            QVERIFY2(std::abs(brute.distance[e] - tree.distance[e]) < 1e-9 * tree.distance[e],
                     qPrintable(QString("distance %1, VP tree %2").arg(brute.distance[e]).arg(tree.distance[e])));
        }
        QVERIFY(brute.index == bruteOneThread.index && brute.distance == bruteOneThread.distance);
    }

    // ±1 spins tie everywhere: each row's k distances are still the k
    // smallest (as the VP tree's), ascending, ties in index order, exact.
    void bruteForceNeighboursOfSpinsAreExact()
    {
        RngStream rng(12, 0);
        RowMatrix x(120, 64);
        for (Eigen::Index i = 0; i < x.size(); ++i)
            x.data()[i] = rng.uniform() < 0.5 ? -1.0 : 1.0;
        const int k = 15;
        Neighbours tree, brute;
        VpTree(x).query(k, 0, 120, tree);
        BruteForceNeighbours(x).query(k, 0, 120, brute);
        for (int i = 0; i < 120; ++i)
            for (int j = 0; j < k; ++j) {
                const std::size_t e = std::size_t(i) * k + j;
                const int nb = brute.index[e];
                QVERIFY(nb != i);
                // d² = 4 × (number of differing spins), exactly.
                QCOMPARE(brute.distance[e], (x.row(i) - x.row(nb)).norm());
                QCOMPARE(brute.distance[e], tree.distance[e]);
                if (j > 0) {
                    const bool ordered = brute.distance[e - 1] < brute.distance[e] ||
                                         (brute.distance[e - 1] == brute.distance[e] && brute.index[e - 1] < nb);
                    QVERIFY2(ordered, "neighbours not in (distance, index) order");
                }
            }
    }

    // The PCA start of wide data: the two leading components' scores equal
    // the full PCA's (here small enough to do both), signs included.
    void leadingScoresMatchTheFullPca()
    {
        RngStream rng(13, 0);
        const int n = 150, d = 300;
        Eigen::VectorXd u1(d), u2(d);
        for (int j = 0; j < d; ++j) {
            u1(j) = rng.normal();
            u2(j) = rng.normal();
        }
        RowMajorMatrix x(n, d);
        for (int i = 0; i < n; ++i) {
            const double a = 5 * rng.normal(), b = 3 * rng.normal();
            for (int j = 0; j < d; ++j)
                x(i, j) = 1.0 + a * u1(j) + b * u2(j) + 0.3 * rng.normal();
        }
        const Eigen::MatrixXd expected = pca(Eigen::MatrixXd(x)).project(Eigen::MatrixXd(x), 2);
        const Eigen::MatrixXd scores = leadingScores(x, 2);
        QCOMPARE(int(scores.rows()), n);
        QCOMPARE(int(scores.cols()), 2);
        const double worst = (scores - expected).cwiseAbs().maxCoeff();
        QVERIFY2(worst < 1e-6 * expected.cwiseAbs().maxCoeff(),
                 qPrintable(QString("largest score difference %1 (scores up to %2)")
                                .arg(worst)
                                .arg(expected.cwiseAbs().maxCoeff())));
    }

    // Exported embeddings say how they were made ("# key: value" lines), and
    // the data reader skips those lines, so the file reads back.
    void embeddingTableDescribesTheRunAndReadsBack()
    {
        Embedding y(2, 2);
        y << 1.5, 2, 3, -4;
        CsvTable t = embeddingTable(y, {5, 6});
        TsneOptions o;
        o.perplexity = 7;
        o.iterations = 300;
        o.seed = 9;
        describeTsne(t, o, 120);
        const std::string text = t.text();
        for (const char* line :
             {"# method: Barnes-Hut t-SNE, theta 0.5\n", "# perplexity: 7\n", "# iterations: 120 of 300\n",
              "# start: PCA\n", "# seed: 9\n", "x,y,label\n1.5,2,5\n3,-4,6\n"})
            QVERIFY2(text.find(line) != std::string::npos,
                     qPrintable(QString("missing '%1' in:\n%2").arg(line, QString::fromStdString(text))));
        std::istringstream in(text);
        const Eigen::MatrixXd back = loadCsvMatrix(in, "t.csv");
        QCOMPARE(int(back.rows()), 2);
        QCOMPARE(int(back.cols()), 3);
        QCOMPARE(back(1, 1), -4.0);
    }

    // A one-column data set used to overrun the n×2 embedding in the PCA
    // initialisation (heap overflow under ASan, "corrupted chunks" in Release).
    void oneColumnDataEmbeds()
    {
        Eigen::MatrixXd x(60, 1);
        for (int i = 0; i < 60; ++i)
            x(i, 0) = (i % 3) * 10.0 + 0.01 * i;
        for (double theta : {0.0, 0.5}) {
            TsneOptions o;
            o.perplexity = 5;
            o.iterations = 50;
            o.theta = theta;
            Tsne t(x, o);
            t.prepare();
            t.iterate(o.iterations);
            QVERIFY2(t.embedding().allFinite(), qPrintable(QString("theta %1: non-finite embedding").arg(theta)));
            QCOMPARE(t.iteration(), 50);
        }
    }

    // Rows of ±1e308 overflow the distances to inf: the neighbour search read
    // past its heap (θ > 0) and the exact mode returned all-NaN (θ = 0).
    void overflowingDistancesAreRefused()
    {
        Eigen::MatrixXd x(20, 2);
        for (int i = 0; i < 20; ++i)
            x.row(i) << (i % 2 ? 1e308 : -1e308), double(i);
        for (double theta : {0.0, 0.5}) {
            TsneOptions o;
            o.perplexity = 3;
            o.theta = theta;
            try {
                Tsne t(x, o);
                QFAIL("expected ParameterError for data beyond ±1e100");
            } catch (const ParameterError& e) {
                QCOMPARE(QString::fromStdString(e.field()), QString("data"));
                QVERIFY2(QString(e.what()).contains("1e100"), e.what());
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestEmbed)
#include "tst_embed.moc"
