// dualitylab-cli under hostile input: every bad input gets a one-line error
// naming the field and a non-zero exit (never a crash, a hang or a silent
// default); --help lists a command's options with ranges and defaults;
// Ctrl-C keeps what was computed; outputs are never left half-written.
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

namespace {

struct Result {
    int code;
    QByteArray out, err;
};

Result run(const QStringList& args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(DLAB_CLI_PATH, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-2, {}, "timed out"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError()};
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

QByteArray npy(const QByteArray& header, const QByteArray& data)
{
    QByteArray file("\x93NUMPY\x01\x00", 8);
    file.append(char(header.size() & 0xff));
    file.append(char(header.size() >> 8));
    return file + header + data;
}

} // namespace

class TestCliReliability : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const QString& name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QString csv;
        for (int i = 0; i < 40; ++i)
            csv += QString("%1,%2\n").arg(i % 4).arg(i % 7);
        writeFile(path("ok.csv"), csv.toUtf8());
        writeFile(path("empty-field.csv"), "1,2,3,4,5,6\n1,,2,3,4,5\n");
        QByteArray huge;
        for (int i = 0; i < 20; ++i)
            huge += (i % 2 ? "1e308," : "-1e308,") + QByteArray::number(i) + "\n";
        writeFile(path("huge.csv"), huge);
        writeFile(path("descr-only.npy"), npy("{'descr':", {}));
        writeFile(path("overflow.npy"),
                  npy("{'descr': '|i1', 'fortran_order': False, 'shape': (1, 9223372036854775816, "
                      "9223372036854775816), }",
                      QByteArray(64, 1)));
        writeFile(path("claims-3e9.npy"),
                  npy("{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000,), }", QByteArray(16, 0)));
        writeFile(path("object.npy"), npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", {}));
        QDir(m_dir.path()).mkdir("folder");
    }

    void badInputGetsOneLineNamingTheField_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        auto row = [](const char* name, const QStringList& args, const QString& mentions) {
            QTest::newRow(name) << args << mentions;
        };
        // Arguments in general.
        row("positional argument", {"simulate", "foo"}, "unexpected argument 'foo'");
        row("flag with a value", {"simulate", "--json=1"}, "--json takes no value");
        row("missing value", {"simulate", "--sweeps"}, "--sweeps needs a value");
        row("integer overflow", {"simulate", "--L", "99999999999999999999"}, "--L must be an integer");
        row("fractional integer", {"simulate", "--L", "2.5"}, "--L must be an integer");
        row("empty integer", {"simulate", "--L", ""}, "--L must be an integer");
        row("nan", {"simulate", "--beta", "nan"}, "--beta must be a finite number");
        row("inf", {"simulate", "--beta", "inf"}, "--beta must be a finite number");
        row("overflowing real", {"simulate", "--beta", "1e999"}, "--beta must be a finite number");
        row("negative seed", {"simulate", "--seed", "-1"}, "--seed = -1 is out of range");
        row("zero sweeps", {"simulate", "--sweeps", "0"}, "--sweeps = 0 is out of range");
        row("unknown command", {"frobnicate"}, "unknown command 'frobnicate'");
        // simulate.
        row("unknown algo", {"simulate", "--algo", "foo"}, "--algo must be one of metropolis, wolff, sw");
        row("cluster with plaquette", {"simulate", "--algo", "sw", "--t2", "0.1"}, "t1 = t2 = 0");
        row("memory beyond the limit", {"simulate", "--L", "4096", "--chains", "238"},
            "max-memory: L = 4096 with 238 chains and 2000 sweeps needs about");
        row("series beyond the limit", {"simulate", "--L", "4", "--chains", "1000", "--sweeps", "100000000"},
            "raise it with --max-memory");
        row("max-memory not a size", {"simulate", "--max-memory", "lots"}, "--max-memory must be a size");
        row("max-memory too small", {"simulate", "--max-memory", "12"}, "--max-memory = 12 is out of range");
        row("every without save", {"simulate", "--every", "5"}, "every: sets how often --save-configs saves");
        row("save into missing folder", {"simulate", "--save-configs", "/nonexistent/a/c.npy"},
            "output folder '/nonexistent/a' does not exist");
        row("save onto a folder", {"simulate", "--save-configs", "FOLDER"}, "is a folder");
        row("save into read-only folder", {"simulate", "--save-configs", "/sys/c.npy"}, "is not writable");
        // exact.
        row("exact beta zero", {"exact", "--beta", "0"}, "--beta = 0 is out of range");
        row("exact L one", {"exact", "--L", "1"}, "--L = 1 is out of range");
        // tsne and its files.
        row("tsne without input", {"tsne"}, "--in: a data file");
        row("tsne missing file", {"tsne", "--in", "/nonexistent.csv"}, "--in: /nonexistent.csv: cannot open");
        row("tsne folder as input", {"tsne", "--in", "FOLDER"}, "is a folder");
        row("tsne /dev/zero", {"tsne", "--in", "/dev/zero"}, "line longer than 16 MB");
        row("tsne empty CSV field", {"tsne", "--in", "DIR/empty-field.csv"}, ":2: column 2 is empty");
        row("tsne distances overflow", {"tsne", "--in", "DIR/huge.csv", "--perplexity", "3"},
            "data: has values beyond");
        row("tsne exact, distances overflow", {"tsne", "--in", "DIR/huge.csv", "--perplexity", "3", "--theta", "0"},
            "data: has values beyond");
        row("tsne npy cut after descr", {"tsne", "--in", "DIR/descr-only.npy"}, "header has no value for 'descr'");
        row("tsne npy shape overflow", {"tsne", "--in", "DIR/overflow.npy"}, "too large to address");
        row("tsne npy claims 3e9", {"tsne", "--in", "DIR/claims-3e9.npy"}, "the file has 16");
        row("tsne npy object dtype", {"tsne", "--in", "DIR/object.npy"}, "unsupported dtype |O");
        row("tsne unknown init", {"tsne", "--in", "DIR/ok.csv", "--init", "foo"}, "--init must be one of pca, random");
        row("tsne unwritable out", {"tsne", "--in", "DIR/ok.csv", "--out", "/nonexistent/y.csv"},
            "--out: cannot write '/nonexistent/y.csv'");
        row("tsne perplexity too large", {"tsne", "--in", "DIR/ok.csv"}, "perplexity: too large for 40 points");
        row("tsne labels count", {"tsne", "--in", "DIR/ok.csv", "--labels", "DIR/empty-field.csv", "--perplexity", "5"},
            "labels: 2 labels for 40 points");
        // learn-duality and sweep-duality.
        row("shape offset overflow", {"learn-duality", "--add-shape", "h:2147483647,0"}, "offset beyond ±64");
        row("unknown frame kind", {"learn-duality", "--frame-kind", "foo"}, "frame-kind: unknown frame 'foo'");
        row("tau-final without tau", {"learn-duality", "--tau-final", "0.1"}, "give --tau too");
        row("sweep tau-anneal without tau", {"sweep-duality", "--tau-anneal", "10", "--out", "FOLDER"},
            "give --tau too");
        // find-symmetry.
        row("contradictory pooling", {"find-symmetry", "--per-class", "--pooled"}, "--per-class and --pooled");
    }
    void badInputGetsOneLineNamingTheField()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        for (auto& a : args) {
            a.replace("DIR", m_dir.path());
            if (a == "FOLDER") a = path("folder");
        }
        const auto r = run(args);
        QVERIFY2(r.code != -2, "the CLI hung");
        QVERIFY2(r.code != -1, qPrintable("the CLI crashed: " + QString::fromUtf8(r.err)));
        QVERIFY2(r.code != 0, qPrintable("bad input must exit non-zero; stdout: " + QString::fromUtf8(r.out)));
        const QString err = QString::fromUtf8(r.err).trimmed();
        QVERIFY2(!err.contains('\n'), qPrintable("the error should be one line: " + err));
        QVERIFY2(err.contains(mentions), qPrintable("the error should mention '" + mentions + "': " + err));
        QVERIFY2(r.out.isEmpty(), "nothing on stdout for a refused run");
    }

    // exact --beta 0.001 used to report null energy and C with exit 0.
    void exactNearInfiniteTemperatureIsFinite()
    {
        for (const char* beta : {"1e-6", "0.001", "0.0019"}) {
            const auto r = run({"exact", "--L", "8", "--beta", beta, "--json"});
            QCOMPARE(r.code, 0);
            const auto torus = QJsonDocument::fromJson(r.out).object()["finite_torus"].toObject();
            const double b = QByteArray(beta).toDouble();
            // High-temperature limit: E/N → −2β, C/N → 2β².
            QVERIFY2(std::abs(torus["energy_per_site"].toDouble() + 2 * b) < 1e-3 * 2 * b, r.out.constData());
            QVERIFY2(std::abs(torus["specific_heat"].toDouble() - 2 * b * b) < 1e-2 * 2 * b * b, r.out.constData());
        }
        const auto r = run({"simulate", "--L", "8", "--beta", "0.001", "--sweeps", "50", "--json"});
        QCOMPARE(r.code, 0);
        const auto exact = QJsonDocument::fromJson(r.out).object()["exact"].toObject();
        QVERIFY2(std::abs(exact["energy_per_site"].toDouble() + 0.002) < 1e-5, r.out.constData());
    }

    void helpListsOptionsWithRangesAndDefaults_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("simulate") << "simulate"
                                  << "--L               integer in [2, 4096]; default 16";
        QTest::newRow("simulate algo") << "simulate"
                                       << "--algo            one of metropolis, wolff, sw";
        QTest::newRow("exact") << "exact"
                               << "--beta            number in [1e-06, 50]; default 0.3";
        QTest::newRow("tsne") << "tsne"
                              << "--init            one of pca, random; default pca";
        QTest::newRow("find-symmetry") << "find-symmetry"
                                       << "--dim             integer in [2, 4]; default 2";
        QTest::newRow("duality-check") << "duality-check"
                                       << "--samples";
        QTest::newRow("sweep-duality") << "sweep-duality"
                                       << "options:";
        QTest::newRow("learn-duality") << "learn-duality"
                                       << "options:";
    }
    void helpListsOptionsWithRangesAndDefaults()
    {
        QFETCH(QString, command);
        QFETCH(QString, mentions);
        const auto r = run({command, "--help"}, 20000);
        QCOMPARE(r.code, 0);
        QVERIFY2(QString::fromUtf8(r.out).contains(mentions), r.out.constData());
        QVERIFY2(QString::fromUtf8(r.out).contains("--json"), "flags are listed too");
    }

    // --save-configs streams: the file appears complete at the end, its
    // count matches, and configurations are ±1.
    void savedConfigurationsAreStreamedAndComplete()
    {
        const QString file = path("stream.npy");
        const auto r = run({"simulate", "--L", "8", "--chains", "3", "--sweeps", "40", "--every", "10",
                            "--save-configs", file, "--json"});
        QCOMPARE(r.code, 0);
        const auto saved = QJsonDocument::fromJson(r.out).object()["saved_configs"].toObject();
        QCOMPARE(saved["count"].toInt(), 12);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QVERIFY2(all.contains("'shape': (12, 8, 8)"), all.left(128).constData());
        QCOMPARE(all.size(), 128 + 12 * 64);
        for (int i = 128; i < all.size(); ++i)
            QVERIFY(all[i] == 1 || all[i] == -1);
    }

    // Ctrl-C: the run stops within a sweep, reports what it measured, exits
    // 130, and the streamed configurations so far are a valid file.
    void interruptKeepsWhatWasComputed()
    {
        const QString file = path("interrupted.npy");
        QProcess p;
        p.start(DLAB_CLI_PATH, {"simulate", "--L", "64", "--sweeps", "10000000", "--every", "5", "--save-configs", file,
                                "--json", "--threads", "1"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(1500);
        // processId() is 0 once the process ended: kill(0) would signal our own group.
        QVERIFY2(p.state() == QProcess::Running && p.processId() > 0, p.readAllStandardError().constData());
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(20000), "SIGINT did not stop the run");
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        const auto j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        QVERIFY(j["interrupted"].toBool());
        const int measured = j["sweeps_measured"].toInt();
        QVERIFY2(measured > 0 && j["samples"].toInt() == measured, "the summary covers the measured sweeps");
        QVERIFY(std::isfinite(j["energy_per_site"].toDouble()));
        const int count = j["saved_configs"].toObject()["count"].toInt();
        QCOMPARE(count, measured / 5);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray all = f.readAll();
        QVERIFY2(all.contains(QString("'shape': (%1, 64, 64)").arg(count).toUtf8()), all.left(128).constData());
        QCOMPARE(all.size(), 128 + qsizetype(count) * 64 * 64);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("interrupted"));
        // No temporary is left beside the output.
        QCOMPARE(QDir(m_dir.path()).entryList({".interrupted.npy*"}, QDir::Files | QDir::Hidden).size(), 0);
    }

    void interruptedTsneWritesACompleteFile()
    {
        QString csv;
        for (int i = 0; i < 3000; ++i)
            csv += QString("%1,%2,%3\n").arg(i % 5).arg((i * 7) % 11).arg((i * 13) % 17);
        writeFile(path("many.csv"), csv.toUtf8());
        const QString out = path("y.csv");
        QProcess p;
        p.start(DLAB_CLI_PATH, {"tsne", "--in", path("many.csv"), "--iterations", "1000000", "--out", out, "--json",
                                "--threads", "1"});
        QVERIFY(p.waitForStarted());
        QTest::qWait(2500);
        // processId() is 0 once the process ended: kill(0) would signal our own group.
        QVERIFY2(p.state() == QProcess::Running && p.processId() > 0, p.readAllStandardError().constData());
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY2(p.waitForFinished(30000), "SIGINT did not stop t-SNE");
        QCOMPARE(p.exitCode(), 130);
        const auto j = QJsonDocument::fromJson(p.readAllStandardOutput()).object();
        if (j.isEmpty()) { // interrupted while computing affinities: no file at all, never a 0-byte one
            QVERIFY(!QFile::exists(out));
            return;
        }
        QVERIFY(j["interrupted"].toBool());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        int comments = 0, table = 0;
        bool saysInterrupted = false;
        for (const QByteArray& line : lines) {
            if (line.startsWith('#')) {
                ++comments;
                // "# iterations: k of 1000000": the file says how far the run got.
                saysInterrupted |= line.startsWith("# iterations: ") && line.endsWith(" of 1000000");
            } else if (!line.isEmpty()) {
                ++table;
            }
        }
        QCOMPARE(table, 3001); // column names + every point
        QVERIFY2(comments > 0 && saysInterrupted, "the header lines do not say how many iterations were done");
    }
};

QTEST_GUILESS_MAIN(TestCliReliability)
#include "tst_cli_reliability.moc"
