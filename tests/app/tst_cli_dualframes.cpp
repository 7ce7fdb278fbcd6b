// dualitylab-cli classify-temperature, spin-chain, fourier-separation: the
// JSON keys the docs promise, --sensitivity, a clear one-line error naming
// the field on bad input, and Ctrl-C keeping what was computed.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include "CsvReadBack.hpp"
#include <csignal>

class TestCliDualFrames : public QObject {
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
    static bool inUnitInterval(const QJsonValue& v) { return v.isDouble() && v.toDouble() >= 0 && v.toDouble() <= 1; }

private Q_SLOTS:
    void badInputNamesTheField_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("chain N") << QStringList{"spin-chain", "--N", "19"} << "--N";
        QTest::newRow("chain kind") << QStringList{"spin-chain", "--metastable", "weak"} << "--metastable";
        QTest::newRow("chain train") << QStringList{"spin-chain", "--N", "8", "--train", "300"} << "train";
        QTest::newRow("chain train list") << QStringList{"spin-chain", "--train", "600,abc"} << "train";
        QTest::newRow("temperature dts") << QStringList{"classify-temperature", "--dts", "0.1,-1"} << "dts";
        QTest::newRow("temperature algo") << QStringList{"classify-temperature", "--algo", "heatbath"} << "--algo";
        QTest::newRow("temperature L") << QStringList{"classify-temperature", "--L", "3"} << "--L";
        QTest::newRow("fourier frequency")
            << QStringList{"fourier-separation", "--N", "64", "--frequency", "32"} << "frequency";
        QTest::newRow("fourier noise") << QStringList{"fourier-separation", "--noise", "0"} << "--noise";
    }

    void badInputNamesTheField()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const auto r = run(args);
        QVERIFY2(r.code != 0 && r.code != -1, qPrintable(QString("exit code %1").arg(r.code)));
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains('\n'), qPrintable("error should be one line: " + err));
        QVERIFY2(err.contains(mentions), qPrintable("error should mention '" + mentions + "': " + err));
    }

    void spinChainPrintsJsonAndSensitivity()
    {
        QTemporaryDir dir;
        const QString csv = dir.filePath("m.csv");
        const auto r = run({"spin-chain", "--N", "10", "--n", "3", "--train", "100,200", "--latent", "6", "--ae-epochs",
                            "2", "--epochs", "20", "--seed", "2", "--sensitivity", csv, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["states"].toInt(), 1024);
        QVERIFY(j["metastable_strict"].toInt() > 0 &&
                j["metastable_nonstrict"].toInt() >= j["metastable_strict"].toInt());
        for (const char* key : {"accuracy_original", "accuracy_dual", "accuracy_autoencoder"})
            QVERIFY2(inUnitInterval(j[key]), qPrintable(QString("%1 = %2").arg(key).arg(j[key].toDouble())));
        QCOMPARE(j["results"].toArray().size(), 2);
        QVERIFY(j["complete"].toBool());
        QVERIFY(j["seconds"].toDouble() > 0);
        const auto sensitivity = dlab::test::readBackCsv(csv);
        QCOMPARE(sensitivity.columns.join(','), QString("spin,z0,z1,z2,z3,z4,z5"));
        QCOMPARE(int(sensitivity.values.rows()), 10); // one row per spin
        QCOMPARE(sensitivity.header.value("spins"), QString("10"));
        QCOMPARE(sensitivity.header.value("seed"), QString("2"));
    }

    void fourierPrintsJson()
    {
        const auto r = run({"fourier-separation", "--N", "64", "--train", "400", "--test", "400", "--epochs", "3",
                            "--plain-epochs", "2", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(j["signal_frequency"].toInt(), 8); // N/8
        QVERIFY(j["weights_frequency"].toInt() >= 0 && j["weights_frequency"].toInt() <= 32);
        for (const char* key : {"accuracy_plain", "accuracy_separation", "accuracy_matched", "accuracy_matched_exact"})
            QVERIFY2(inUnitInterval(j[key]), key);
    }

    void classifyTemperaturePrintsJson()
    {
        const auto r = run({"classify-temperature", "--L", "6", "--t0", "1.5", "--dts", "0.5,1", "--samples", "200",
                            "--energy-samples", "4000", "--epochs", "3", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const auto j = QJsonDocument::fromJson(r.out).object();
        QVERIFY(std::abs(j["dual_t0"].toDouble() - 3.704) < 1e-3);
        const auto results = j["results"].toArray();
        QCOMPARE(results.size(), 2);
        for (const auto& v : results) {
            const auto o = v.toObject();
            for (const char* key : {"accuracy_original", "accuracy_dual", "best_original", "best_dual",
                                    "overlap_original", "overlap_dual"})
                QVERIFY2(inUnitInterval(o[key]), key);
        }
        QCOMPARE(results[0].toObject()["dt"].toDouble(), 0.5);
    }

    void interruptKeepsWhatWasComputed()
    {
        // The default C1 run takes a minute: SIGINT after a moment must end it
        // with exit code 130 and the JSON of what was finished.
        QProcess p;
        p.start(DLAB_CLI_PATH, {"classify-temperature", "--json"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(30000), "did not stop within 30 s of SIGINT");
        QCOMPARE(p.exitCode(), 130);
        const auto j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(!j.isEmpty());
        QCOMPARE(j["complete"].toBool(), false);
        QCOMPARE(j["results"].toArray().size(), 3);
    }
};

QTEST_GUILESS_MAIN(TestCliDualFrames)
#include "tst_cli_dualframes.moc"
