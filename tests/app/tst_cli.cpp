// dualitylab-cli: results as JSON, and a clear one-line error with a non-zero
// exit code on bad input.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestCli : public QObject {
    Q_OBJECT
    struct Result {
        int code;
        QByteArray out, err;
    };
    Result run(const QStringList& args)
    {
        QProcess p;
        p.start(DLAB_CLI_PATH, args);
        p.waitForFinished(120000);
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }

private Q_SLOTS:
    void badInputIsRejectedClearly_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("L too small") << QStringList{"simulate", "--L", "1"} << "--L";
        QTest::newRow("NaN beta") << QStringList{"simulate", "--beta", "nan"} << "--beta";
        QTest::newRow("unknown algo") << QStringList{"simulate", "--algo", "heatbath"} << "algo";
        QTest::newRow("missing value") << QStringList{"simulate", "--L"} << "needs a value";
        QTest::newRow("not a number") << QStringList{"exact", "--beta", "abc"} << "--beta";
        QTest::newRow("unknown option") << QStringList{"exact", "--bogus", "1"} << "--bogus";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command";
        QTest::newRow("scan: negative β") << QStringList{"scan", "--betas", "0.3,-0.1"} << "betas";
        QTest::newRow("scan: L not whole") << QStringList{"scan", "--L", "8.5"} << "L";
        QTest::newRow("scan: too few sweeps") << QStringList{"scan", "--sweeps", "5"} << "--sweeps";
        QTest::newRow("cluster with plaquette")
            << QStringList{"simulate", "--algo", "wolff", "--t1", "0.1", "--sweeps", "10"} << "t1 = t2 = 0";
    }
    void badInputIsRejectedClearly()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const auto r = run(args);
        QVERIFY2(r.code != 0, "bad input must give a non-zero exit code");
        QVERIFY2(r.code != -1, "the CLI crashed");
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains('\n'), qPrintable("error should be one line: " + err));
        QVERIFY2(err.contains(mentions), qPrintable("error should mention '" + mentions + "': " + err));
    }

    void scanPrintsRowsWithErrorsAndExactValues()
    {
        QTemporaryDir dir;
        const auto r = run({"scan", "--L", "8", "--betas", "0.3,0.6", "--sweeps", "3000", "--thermalize", "200",
                            "--seed", "3", "--json", "--out", dir.path()});
        QCOMPARE(r.code, 0);
        const auto j = QJsonDocument::fromJson(r.out).object();
        const auto rows = j["rows"].toArray();
        QCOMPARE(rows.size(), 2);
        for (const auto& v : rows) {
            const auto row = v.toObject();
            for (const char* key : {"beta", "energy_per_site", "energy_per_site_err", "specific_heat",
                                    "specific_heat_err", "abs_m", "abs_m_err", "susceptibility", "susceptibility_err",
                                    "binder", "binder_err", "exact_energy_per_site", "exact_specific_heat"})
                QVERIFY2(row.contains(key), qPrintable(QString("row lacks %1: ").arg(key) + r.out));
            const double z = (row["energy_per_site"].toDouble() - row["exact_energy_per_site"].toDouble()) /
                             row["energy_per_site_err"].toDouble();
            QVERIFY2(std::abs(z) < 4.5,
                     qPrintable(QString("β = %1: E/N off by %2 σ from Kaufman").arg(row["beta"].toDouble()).arg(z)));
        }
        QFile csv(dir.filePath("scan.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QVERIFY2(text.contains("# algorithm: wolff") && text.contains("# seed: 3"), qPrintable(text.left(300)));
    }

    void exactPrintsJson()
    {
        const auto r = run({"exact", "--L", "8", "--beta", "0.3", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = QJsonDocument::fromJson(r.out).object();
        QVERIFY2(std::abs(j["kw_dual_beta"].toDouble() - 0.6166787) < 1e-6, r.out.constData());
        QVERIFY(j["finite_torus"].toObject().contains("specific_heat"));
    }

    void simulateReportsEstimatesAndExactValues()
    {
        const auto r = run(
            {"simulate", "--L", "8", "--beta", "0.3", "--sweeps", "4000", "--chains", "2", "--seed", "3", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = QJsonDocument::fromJson(r.out).object();
        for (const char* key : {"energy_per_site", "energy_per_site_err", "abs_magnetization", "abs_magnetization_err",
                                "specific_heat", "susceptibility", "binder", "nn_correlator", "tau_int_energy",
                                "sweeps_per_second", "flips_per_ns", "exact"})
            QVERIFY2(j.contains(key), qPrintable(QString("missing key ") + key));
        const double e = j["energy_per_site"].toDouble(), err = j["energy_per_site_err"].toDouble();
        const double exact = j["exact"].toObject()["energy_per_site"].toDouble();
        QVERIFY2(err > 0 && std::abs(e - exact) < 4 * err,
                 qPrintable(QString("energy %1 ± %2, exact %3").arg(e).arg(err).arg(exact)));
    }

    void sameSeedSameResultWhateverTheThreads()
    {
        auto energy = [&](const char* threads) {
            const auto r = run({"simulate", "--L", "8", "--beta", "0.4", "--sweeps", "500", "--chains", "4", "--seed",
                                "11", "--threads", threads, "--json"});
            return QJsonDocument::fromJson(r.out).object()["energy_per_site"].toDouble();
        };
        QCOMPARE(energy("1"), energy("2"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
