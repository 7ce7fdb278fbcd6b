// dualitylab-cli rbm, phi4 and diffuse: the JSON contract, physics against
// exact results where they exist (the free field's χ2 and ⟨|M|⟩, the free
// field's RBM spectrum computed here from its Fourier modes), files written,
// bad input named in one line with a non-zero exit, and Ctrl-C keeping the
// trajectories done so far.
#include "../TestTiming.hpp"
#include "CsvReadBack.hpp"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>

class TestCliFields : public QObject {
    Q_OBJECT
    struct Result {
        int code;
        QByteArray out, err;
        QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
    };
    QTemporaryDir m_dir;

    // --threads 1: results do not depend on the thread count, and on a busy
    // machine one thread finishes sooner than two that wait for each other.
    Result run(const QStringList& args, int timeoutMs = 60000)
    {
        QProcess p;
        p.start(DLAB_CLI_PATH, args);
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {-1, p.readAllStandardOutput(), "timed out: " + args.join(' ').toUtf8()};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }
    void expectError(const QStringList& args, const char* field)
    {
        const Result r = run(args);
        QVERIFY2(r.code > 0, qPrintable("expected an error exit for: " + args.join(' ')));
        QVERIFY2(r.err.contains(field) && r.err.count('\n') == 1,
                 qPrintable("expected one line naming '" + QString(field) + "', got: " + r.err));
    }

private Q_SLOTS:
    void phi4FreeFieldMatchesTheFourierModes()
    {
        const QString npy = m_dir.filePath("free.npy");
        const Result r = run({"phi4", "--L", "8", "--kappa", "0.2", "--lambda", "0", "--trajectories", "100000",
                              "--threads", "1", "--save-configs", npy, "--every", "100", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = r.json();
        for (const char* key : {"abs_m", "abs_m_err", "chi2", "chi2_err", "binder", "binder_err", "m", "m_err",
                                "acceptance", "tau_int", "seconds"})
            QVERIFY2(j.contains(key), key);
        // χ2 = 1/(2(1 − 4κ)) = 2.5, ⟨|M|⟩ = √(2χ2/(πV)), computed here, not read from the output.
        const double chi2 = 1.0 / (2.0 * (1.0 - 4.0 * 0.2)), absM = std::sqrt(2.0 * chi2 / (M_PI * 64));
        const double zChi = (j["chi2"].toDouble() - chi2) / j["chi2_err"].toDouble();
        const double zAbs = (j["abs_m"].toDouble() - absM) / j["abs_m_err"].toDouble();
        QVERIFY2(std::abs(zChi) < 4 && std::abs(zAbs) < 4,
                 qPrintable(QString("chi2 %1 ± %2 (exact %3), <|M|> %4 ± %5 (exact %6)")
                                .arg(j["chi2"].toDouble())
                                .arg(j["chi2_err"].toDouble())
                                .arg(chi2)
                                .arg(j["abs_m"].toDouble())
                                .arg(j["abs_m_err"].toDouble())
                                .arg(absM)));
        QVERIFY(j["acceptance"].toDouble() > 0.6 && j["acceptance"].toDouble() < 0.95);
        QVERIFY(QFile::exists(npy));
        QCOMPARE(j["saved_configs"].toObject()["count"].toInt(), 1000);
    }

    void phi4RejectsBadInput()
    {
        expectError({"phi4", "--algo", "metropolis"}, "algo");
        expectError({"phi4", "--lambda", "0", "--kappa", "0.3"}, "kappa");
        expectError({"phi4", "--L", "1"}, "L");
        expectError({"phi4", "--algo", "mala", "--integrator", "leapfrog"}, "integrator");
        expectError({"phi4", "--algo", "langevin", "--target-acceptance", "0.7"}, "target-acceptance");
        expectError({"phi4", "--every", "5"}, "every");
    }

    void phi4KeepsItsWorkOnCtrlC()
    {
        QProcess p;
        // No thermalisation: under load (2 cores, load 15+) 2 × 2000
        // thermalising trajectories can outlast the wait, and then nothing
        // measured is there to keep.
        p.start(DLAB_CLI_PATH,
                {"phi4", "--trajectories", "1000000000", "--thermalize", "0", "--threads", "1", "--json"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(dlab::test::scaledMs(1500)); // sanitizer builds start slower
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 130);
        const QJsonObject j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(j["interrupted"].toBool());
        QVERIFY(j["trajectories"].toDouble() > 0);
    }

    void rbmLearnsTheFreeFieldSpectrum()
    {
        const Result r = run({"rbm", "--nv", "10", "--nh", "7", "--m2", "4", "--mu2", "9", "--threads", "1", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = r.json();
        const QJsonArray learned = j["eigenvalues"].toArray(), exact = j["exact_eigenvalues"].toArray();
        QCOMPARE(learned.size(), 10);
        // The chain's spectrum, m² + 2 − 2cos(2πk/10), sorted.
        std::vector<double> expected;
        for (int k = 0; k < 10; ++k)
            expected.push_back(4 + 2 - 2 * std::cos(2 * M_PI * k / 10));
        std::sort(expected.begin(), expected.end());
        for (int i = 0; i < 10; ++i)
            QVERIFY(std::abs(exact[i].toDouble() - expected[std::size_t(i)]) < 1e-9);
        for (int i = 0; i < 7; ++i)
            QVERIFY2(std::abs(learned[i].toDouble() / expected[std::size_t(i)] - 1) < 0.01,
                     qPrintable(QString("mode %1: %2 vs %3").arg(i).arg(learned[i].toDouble()).arg(expected[i])));
        QCOMPARE(j["clamped"].toInt(), 3);
        QVERIFY(j["max_relative_error"].toDouble() < 0.01);
        QVERIFY(j.contains("seconds"));
    }

    void rbmRejectsBadInput()
    {
        expectError({"rbm", "--nh", "0"}, "nh");
        expectError({"rbm", "--from", "contrastive"}, "from");
        expectError({"rbm", "--L", "4"}, "L");
        expectError({"rbm", "--data", m_dir.filePath("missing.npy")}, "missing.npy");
        expectError({"rbm", "--batch", "8"}, "batch");
    }

    void diffuseProducesTheTableAndFiles()
    {
        const QString out = m_dir.filePath("diffusion");
        const Result r = run({"diffuse", "--L",       "4",  "--kappa",  "0.2", "--lambda", "0.022", "--train-size",
                              "256",     "--samples", "64", "--epochs", "1",   "--steps",  "10",    "--langevin-steps",
                              "10",      "--threads", "1",  "--out",    out,   "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = r.json();
        for (const char* set : {"train", "test", "generated", "langevin"}) {
            const QJsonObject s = j[set].toObject();
            for (const char* key : {"abs_m", "abs_m_err", "chi2", "chi2_err", "binder", "binder_err"})
                QVERIFY2(s.contains(key), qPrintable(QString(set) + "." + key));
        }
        QCOMPARE(j["train"].toObject()["count"].toInt(), 256);
        QCOMPARE(j["generated"].toObject()["count"].toInt(), 64);
        QVERIFY(QFile::exists(out + "/generated.npy"));
        const auto table = dlab::test::readBackCsv(out + "/table.csv");
        QCOMPARE(int(table.values.rows()), 4); // train, test, generated, Langevin
        QCOMPARE(table.header.value("set 0"), QString("HMC training"));
        QCOMPARE(table.header.value("kappa"), QString("0.2"));
        QVERIFY2(table.header.contains("seed"), "the header names the seed");
    }

    void diffuseRejectsBadInput()
    {
        expectError({"diffuse", "--sampler", "ddim"}, "sampler");
        expectError({"diffuse", "--train", m_dir.filePath("none.npy")}, "kappa");
        expectError({"diffuse", "--samples", "3"}, "samples");
        expectError({"diffuse", "--out", "/nonexistent/a/b"}, "/nonexistent/a");
    }
};

QTEST_GUILESS_MAIN(TestCliFields)
#include "tst_cli_fields.moc"
