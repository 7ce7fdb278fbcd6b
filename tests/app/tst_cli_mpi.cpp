// sweep-duality over MPI and its persistence: `mpirun -n 2` writes the same
// sweep.csv (apart from the timing column) and the same figures as one
// process; the sweep helper passes its own tests as two ranks; an interrupted
// sweep (Ctrl-C of the plain binary, SIGTERM of mpirun) keeps a complete
// sweep.csv of its finished runs; output folders are checked before any work.
// The MPI cases skip when the build has no MPI or mpirun is missing.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <unistd.h>

class TestCliMpi : public QObject {
    Q_OBJECT
    struct Result {
        int code; // -1: crashed or timed out
        QByteArray out, err;
        double seconds;
    };
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QStringList mpirunPrefix()
    {
        QStringList a{"-n", "2", "--oversubscribe"};
        if (geteuid() == 0) a << "--allow-run-as-root"; // CI runs as root
        return a;
    }

    // Skips the calling test unless this build and machine can run mpirun.
    static QString mpirunOrSkip()
    {
#ifndef DLAB_HAVE_MPI
        return {};
#else
        return QStandardPaths::findExecutable("mpirun");
#endif
    }

    static Result finish(QProcess& p, const QElapsedTimer& clock, int timeoutMs)
    {
        if (!p.waitForFinished(timeoutMs)) {
            p.kill();
            p.waitForFinished();
            return {-1, p.readAllStandardOutput(), "timed out\n" + p.readAllStandardError(), clock.elapsed() / 1e3};
        }
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError(), clock.elapsed() / 1e3};
    }

    // Open MPI's plugins leak at MPI_Finalize and are unloaded before
    // LeakSanitizer reports, so their frames cannot be suppressed by name:
    // under -DDLAB_ASAN=ON the MPI ranks run without leak checking (every
    // other sanitizer check stays on). The same code runs leak-checked as one
    // process in tst_distributed_sweep and in this test's plain runs.
    static void withoutLeakChecksForMpi(QProcess& p, const QString& program)
    {
        if (!program.endsWith("mpirun")) return;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("ASAN_OPTIONS", env.value("ASAN_OPTIONS") + ":detect_leaks=0"); // ignored without ASan
        p.setProcessEnvironment(env);
    }

    static Result run(const QString& program, const QStringList& args, int timeoutMs = 60000)
    {
        QElapsedTimer clock;
        clock.start();
        QProcess p;
        withoutLeakChecksForMpi(p, program);
        p.start(program, args);
        return finish(p, clock, timeoutMs);
    }

    // sweep.csv without the `seconds` column (wall time differs run to run).
    static QStringList csvWithoutTiming(const QString& file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return {"cannot read " + file};
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        const int timing = lines.isEmpty() ? -1 : int(lines[0].split(',').indexOf("seconds"));
        QStringList out;
        for (const QString& line : lines) {
            QStringList cells = line.split(',');
            if (timing >= 0 && timing < cells.size()) cells.removeAt(timing);
            out << cells.join(',');
        }
        return out;
    }

    static QByteArray contents(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("missing " + file.toUtf8());
    }

    // Starts a long sweep, waits until sweep.csv holds `rows` finished runs,
    // sends `signal` and checks what is left: a complete file of finished runs.
    void interruptAndCheck(const QString& program, const QStringList& prefix, const QString& dir, int signal,
                           int expectedCode)
    {
        const QStringList sweep{"sweep-duality", "--L", "4",     "--betas", "0.1:0.4:0.01", "--seeds", "2",
                                "--steps",       "60",  "--out", dir};
        QElapsedTimer clock;
        clock.start();
        QProcess p;
        withoutLeakChecksForMpi(p, program);
        p.start(program, prefix.isEmpty() ? sweep : prefix + QStringList{DLAB_CLI_PATH} + sweep);
        QVERIFY2(p.waitForStarted(), "could not start the sweep");
        const QString csv = dir + "/sweep.csv";
        auto finishedRows = [&] { return std::max(0, int(csvWithoutTiming(csv).size()) - 1); };
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(csv) && finishedRows() >= 2, 60000);
        ::kill(pid_t(p.processId()), signal);
        const Result r = finish(p, clock, 60000);
        const int kept = finishedRows();
        const QString msg = QString("exit %1, %2 rows kept; stderr: %3").arg(r.code).arg(kept).arg(r.err.right(600));
        QVERIFY2(r.code == expectedCode, qPrintable("unexpected exit code: " + msg));
        QVERIFY2(kept >= 2 && kept < 62,
                 qPrintable("the finished runs were not kept, or nothing was interrupted: " + msg));
        // Every line complete: the header's 27 columns, each run's line parses.
        const QStringList lines = csvWithoutTiming(csv);
        for (int i = 1; i < lines.size(); ++i)
            QVERIFY2(lines[i].split(',').size() == 26, qPrintable("a truncated line in sweep.csv: " + lines[i]));
        // No temporary left behind by the rewrites.
        const QStringList leftovers = QDir(dir).entryList({".sweep.csv.*"}, QDir::Hidden | QDir::Files);
        QVERIFY2(leftovers.isEmpty(), qPrintable("temporaries left: " + leftovers.join(' ')));
    }

private Q_SLOTS:
    void mpiSweepMatchesOneProcess()
    {
        const QString mpirun = mpirunOrSkip();
        if (mpirun.isEmpty()) QSKIP("no MPI in this build (DLAB_MPI=OFF or not found) or no mpirun on PATH");
        const QStringList sweep{"sweep-duality", "--L", "4",       "--betas", "0.15,0.25,0.35",
                                "--seeds",       "2",   "--steps", "40",      "--json"};
        const Result one = run(DLAB_CLI_PATH, sweep + QStringList{"--threads", "2", "--out", path("one")});
        QVERIFY2(one.code == 0, one.err.constData());
        const Result two =
            run(mpirun, mpirunPrefix() + QStringList{DLAB_CLI_PATH} + sweep + QStringList{"--out", path("two")});
        QVERIFY2(two.code == 0, two.err.constData());
        const QJsonObject j = QJsonDocument::fromJson(two.out).object();
        QVERIFY2(j.value("ranks").toInt() == 2, qPrintable("mpirun -n 2 did not run 2 ranks: " + two.out));
        QCOMPARE(j.value("runs").toInt(), 6);
        QCOMPARE(QJsonDocument::fromJson(one.out).object().value("ranks").toInt(), 1);
        const QStringList a = csvWithoutTiming(path("one/sweep.csv")), b = csvWithoutTiming(path("two/sweep.csv"));
        QCOMPARE(a.size(), 7);
        QCOMPARE(b, a);
        // The figures too (the PDF's creation date differs between any two runs).
        for (const char* f : {"duality.png", "duality.svg"})
            if (QFile::exists(path("one/") + f))
                QVERIFY2(contents(path("one/") + f) == contents(path("two/") + f),
                         qPrintable(QString(f) + " differs between 1 and 2 ranks"));
        qInfo("one process %.1f s, mpirun -n 2 %.1f s", one.seconds, two.seconds);
    }

    // The β scan on the same helper: sizes split over the ranks, the same
    // scan.csv and JSON rows as one process (each L has its own seed).
    void mpiScanMatchesOneProcess()
    {
        const QString mpirun = mpirunOrSkip();
        if (mpirun.isEmpty()) QSKIP("no MPI in this build (DLAB_MPI=OFF or not found) or no mpirun on PATH");
        const QStringList scan{"scan",         "--L", "6,8",    "--betas",    "0.3,0.5", "--sweeps", "300",
                               "--thermalize", "50",  "--algo", "metropolis", "--seed",  "4",        "--json"};
        const Result one = run(DLAB_CLI_PATH, scan + QStringList{"--threads", "2", "--out", path("scan-one")});
        QVERIFY2(one.code == 0, one.err.constData());
        const Result two =
            run(mpirun, mpirunPrefix() + QStringList{DLAB_CLI_PATH} + scan + QStringList{"--out", path("scan-two")});
        QVERIFY2(two.code == 0, two.err.constData());
        const QJsonObject a = QJsonDocument::fromJson(one.out).object(), b = QJsonDocument::fromJson(two.out).object();
        QVERIFY2(b.value("ranks").toInt() == 2, qPrintable("mpirun -n 2 did not run 2 ranks: " + two.out));
        QCOMPARE(a.value("rows").toArray().size(), 4);
        QVERIFY2(a.value("rows") == b.value("rows"), "the JSON rows differ between 1 process and 2 ranks");
        const QByteArray csv = contents(path("scan-one/scan.csv"));
        QVERIFY2(csv.count('\n') > 4, csv.constData());
        QVERIFY2(csv == contents(path("scan-two/scan.csv")), "scan.csv differs between 1 process and 2 ranks");
    }

    void sweepHelperPassesAsTwoRanks()
    {
        const QString mpirun = mpirunOrSkip();
        if (mpirun.isEmpty()) QSKIP("no MPI in this build (DLAB_MPI=OFF or not found) or no mpirun on PATH");
        const Result r = run(mpirun, mpirunPrefix() + QStringList{DLAB_SWEEP_TEST_PATH});
        QVERIFY2(r.code == 0, qPrintable("tst_distributed_sweep under mpirun -n 2 failed:\n" + r.out + r.err));
        QCOMPARE(r.out.count("Totals: 7 passed, 0 failed"), 2);
    }

    void interruptedSweepKeepsFinishedRuns() { interruptAndCheck(DLAB_CLI_PATH, {}, path("ctrl-c"), SIGINT, 130); }

    void terminatedMpiSweepKeepsFinishedRuns()
    {
        const QString mpirun = mpirunOrSkip();
        if (mpirun.isEmpty()) QSKIP("no MPI in this build (DLAB_MPI=OFF or not found) or no mpirun on PATH");
        // mpirun passes SIGTERM on to the ranks (and kills them 1 s later); it exits non-zero.
        interruptAndCheck(mpirun, mpirunPrefix(), path("mpi-term"), SIGTERM, 1);
    }

    // Refused before any run starts, with the field named.
    void outputFolderCheckedFirst_data()
    {
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing parent") << "/nonexistent-dualitylab/a/b"
                                        << "only the last path component is created";
        QTest::newRow("a file") << "/proc/version"
                                << "is not a folder";
    }
    void outputFolderCheckedFirst()
    {
        QFETCH(QString, out);
        QFETCH(QString, expected);
        const QStringList sweep{"sweep-duality", "--L", "4", "--betas", "0.1:0.4:0.01", "--seeds", "3", "--out", out};
        const Result r = run(DLAB_CLI_PATH, sweep);
        QVERIFY2(r.code != 0 && r.err.contains("out:") && r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY2(r.err.trimmed().count('\n') == 0, qPrintable("not one line: " + r.err));
        QVERIFY2(r.seconds < 10, qPrintable(QString("took %1 s: computed before checking").arg(r.seconds)));
        QVERIFY(!QFile::exists("/nonexistent-dualitylab"));
        const QString mpirun = mpirunOrSkip();
        if (mpirun.isEmpty()) return;
        // Under mpirun every rank stops, and the message comes once.
        const Result m = run(mpirun, mpirunPrefix() + QStringList{DLAB_CLI_PATH} + sweep);
        QVERIFY2(m.code != 0 && m.err.count(expected.toUtf8()) == 1, m.err.constData());
    }

    void tinyStepHasAClearMessage()
    {
        const Result r = run(DLAB_CLI_PATH, {"sweep-duality", "--betas", "0.1:0.4:1e-300", "--out", path("tiny")});
        QVERIFY2(r.code != 0 && r.err.contains("betas: at most 10000 values"), r.err.constData());
        QVERIFY(!QFile::exists(path("tiny")));
    }
};

QTEST_GUILESS_MAIN(TestCliMpi)
#include "tst_cli_mpi.moc"
