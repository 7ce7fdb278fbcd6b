// GUI smoke test (offscreen): the default preset runs and its values change;
// pause, step and reset; figure and data export (asynchronous: never blocks
// the GUI thread, survives a Reset); session save → load restores
// parameters and seed and reproduces the run; bad session files give a clear
// error and leave the window working; closing while running does not hang.
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"

#include "engine/io/Npy.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using dlab::MonteCarloSnapshot;
using dlab::gui::MainWindow;
using dlab::gui::MonteCarloPage;

namespace {

struct Window {
    MainWindow w;
    MonteCarloPage* page = new MonteCarloPage;
    Window()
    {
        w.addPage(page);
        w.resize(1280, 800);
    }
    std::shared_ptr<const MonteCarloSnapshot> settled()
    {
        // Let the worker finish queued work (a running runner is never idle:
        // give it a moment to publish instead), then pull its latest snapshot.
        if (w.isRunning())
            QTest::qWait(80);
        else
            w.runner()->waitIdle(5000);
        w.pollNow();
        return page->shownSnapshot();
    }
};

// MainWindow::exportData() returns at once; wait for its dataExported().
QStringList exportAndWait(MainWindow& w, const QString& directory, QString* error)
{
    QSignalSpy done(&w, &MainWindow::dataExported);
    w.exportData(directory);
    if (done.isEmpty() && !done.wait(10000)) {
        *error = "no dataExported() within 10 s";
        return {};
    }
    *error = done.first().at(1).toString();
    return done.first().at(0).toStringList();
}

QJsonObject withParams(QJsonObject session, const QJsonObject& changes)
{
    QJsonObject p = session["parameters"].toObject();
    for (auto it = changes.begin(); it != changes.end(); ++it)
        p[it.key()] = it.value();
    session["parameters"] = p;
    return session;
}

} // namespace

class TestGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultPresetRunsAndValuesChange()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("critical", &error), qPrintable(error));
        QVERIFY(!g.w.teachingNote().isEmpty());
        g.w.show();
        g.w.setRunning(true);
        // Wait for work done, not for a fixed time: a loaded machine is slow, not wrong.
        QTRY_VERIFY_WITH_TIMEOUT(g.page->shownSnapshot() && g.page->shownSnapshot()->sweeps > 10, 20000);
        const auto first = g.page->shownSnapshot();
        QVERIFY2(first->energy.front() != first->energy.back(), "the energy series should move");
        // The view keeps refreshing while running: a later snapshot reaches the page by itself.
        QTRY_VERIFY2_WITH_TIMEOUT(g.page->shownSnapshot()->sweeps > first->sweeps,
                                  "the page should be shown newer snapshots while running", 20000);
        QVERIFY(g.w.errorText().isEmpty());
    }

    void pauseStepReset()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("disordered", &error), qPrintable(error));
        g.w.setRunning(true);
        QTest::qWait(300);
        g.w.setRunning(false);
        const long long paused = g.settled()->sweeps;
        QTest::qWait(100);
        QCOMPARE(g.settled()->sweeps, paused);

        g.w.stepOnce();
        const int perStep = g.page->workPerStep();
        QCOMPARE(g.settled()->sweeps, paused + perStep);

        QVERIFY(g.w.reset());
        QCOMPARE(g.settled()->sweeps, 0LL);
        QVERIFY(!g.w.isRunning());
    }

    void parametersChangeWhileRunning()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("disordered", &error));
        g.w.setRunning(true);
        QTest::qWait(200);
        auto* beta = g.w.findChild<QDoubleSpinBox*>("beta");
        QVERIFY(beta);
        beta->setValue(0.5);
        // Applied by the runner between steps: wait for it, however loaded the machine.
        QTRY_COMPARE_WITH_TIMEOUT(g.settled()->params.beta, 0.5, 5000);
        auto s = g.settled();
        QVERIFY2(s->sweeps > s->sweepsSinceChange, "a β change must keep the chain, not restart it");
        QVERIFY(s->exact.available);
        QVERIFY2(std::abs(s->exact.onsagerMagnetization - 0.911) < 0.01, "references follow β");

        // The slider sets β on its log scale.
        g.w.findChild<QSlider*>("betaSlider")->setValue(0);
        QTRY_COMPARE_WITH_TIMEOUT(g.settled()->params.beta, 0.05, 5000);

        // Cluster algorithms refuse a plaquette coupling: the error is shown, nothing is applied.
        auto* algo = g.w.findChild<QComboBox*>("algo");
        algo->setCurrentIndex(algo->findData("wolff"));
        g.w.findChild<QDoubleSpinBox*>("t1")->setValue(0.2);
        QVERIFY2(g.w.errorText().contains("t1 = t2 = 0"), qPrintable(g.w.errorText()));
        QTest::qWait(100);
        QCOMPARE(g.settled()->params.t1, 0.0);
        QVERIFY(g.w.isRunning());

        g.w.findChild<QDoubleSpinBox*>("t1")->setValue(0.0);
        QVERIFY(g.w.errorText().isEmpty());

        // L needs a new experiment: the run restarts from sweep 0.
        g.w.setRunning(false);
        g.w.findChild<QSpinBox*>("L")->setValue(20);
        s = g.settled();
        QCOMPARE(s->params.L, 20);
        QCOMPARE(s->sweeps, 0LL);
    }

    void exportsFigureAndData()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("ordered", &error));
        g.w.setRunning(false);
        g.w.stepOnce();
        g.w.stepOnce();
        g.settled();
        g.w.show();
        QTemporaryDir dir;
        for (const char* name : {"fig.png", "fig.svg", "fig.pdf"})
            QVERIFY2(g.w.exportFigure(dir.filePath(name), 150, &error), qPrintable(error));
        QVERIFY(!QImage(dir.filePath("fig.png")).isNull());
        QFile pdf(dir.filePath("fig.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(pdf.read(4) == "%PDF");

        const QStringList files = exportAndWait(g.w, dir.filePath("data"), &error);
        QVERIFY2(files.size() == 2, qPrintable(error));
        const auto configs = dlab::readConfigurations(files[0].toStdString());
        QCOMPARE(int(configs.size()), g.page->currentParams().chains);
        QCOMPARE(configs[0].size(), g.page->currentParams().L);
        QCOMPARE(configs[0].spins(), g.page->shownSnapshot()->configuration);
        QFile csv(files[1]);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        // Header lines say what produced the data: β, L, algorithm, seed, …
        QStringList header;
        QByteArray line = csv.readLine();
        while (line.startsWith('#')) {
            header << QString::fromUtf8(line).trimmed();
            line = csv.readLine();
        }
        const auto p = g.page->currentParams();
        for (const QString& want : {QString("# L: %1").arg(p.L), QString("# beta (t0): %1").arg(p.beta),
                                    QString("# algorithm: metropolis"), QString("# seed: %1").arg(g.w.seed())})
            QVERIFY2(header.contains(want), qPrintable("missing '" + want + "' in " + header.join(" | ")));
        QVERIFY(line.startsWith("sweep,energy_per_site"));
        QVERIFY(csv.readAll().count('\n') >= 2);
    }

    void exportWhileRunningNeverBlocksAndSurvivesReset()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("critical", &error), qPrintable(error));
        g.w.setFullSpeed(true);
        g.w.setRunning(true);
        g.w.show();
        QTRY_VERIFY_WITH_TIMEOUT(g.w.runner()->stepsDone() > 2, 5000);
        QTemporaryDir dir;
        QSignalSpy done(&g.w, &MainWindow::dataExported);
        QElapsedTimer t;
        t.start();
        g.w.exportData(dir.filePath("data"));
        const qint64 returnedAfter = t.elapsed();
        QVERIFY2(returnedAfter < 100, qPrintable(QString("exportData() blocked for %1 ms").arg(returnedAfter)));
        QVERIFY(done.isEmpty()); // written later, when the engine answers
        // A Reset destroys the runner that was asked: the export still completes.
        QVERIFY(g.w.reset());
        QVERIFY(done.wait(10000));
        const QStringList files = done.first().at(0).toStringList();
        QVERIFY2(files.size() == 2, qPrintable(done.first().at(1).toString()));
        const auto configs = dlab::readConfigurations(files[0].toStdString());
        QCOMPARE(int(configs.size()), g.page->currentParams().chains);
        QCOMPARE(configs[0].size(), g.page->currentParams().L);
        for (const auto s : configs[0].spins())
            QVERIFY(s == 1 || s == -1);
        QCOMPARE(done.size(), 1);
    }

    void sessionRoundTripRestoresParametersAndSeed()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("session.json");
        std::vector<std::int8_t> original;
        QJsonObject saved;
        {
            Window a;
            QString error;
            QVERIFY(a.w.loadPreset("disordered", &error));
            QJsonObject s =
                withParams(a.w.sessionJson(), {{"L", 24}, {"beta", 0.3517}, {"chains", 2}, {"algo", "wolff"}});
            s["seed"] = 4242;
            s["running"] = false;
            QVERIFY2(a.w.applySession(s, &error), qPrintable(error));
            QVERIFY2(a.w.saveSession(path, &error), qPrintable(error));
            for (int i = 0; i < 5; ++i)
                a.w.stepOnce();
            original = a.settled()->configuration;
            saved = a.w.sessionJson();
        }
        Window b;
        QString error;
        QVERIFY2(b.w.openSession(path, &error), qPrintable(error));
        QCOMPARE(b.w.seed(), std::uint64_t(4242));
        const auto p = b.page->currentParams();
        QCOMPARE(p.L, 24);
        QCOMPARE(p.beta, 0.3517);
        QCOMPARE(p.chains, 2);
        QVERIFY(p.algo == dlab::McAlgorithm::Wolff);
        QCOMPARE(b.w.sessionJson()["parameters"].toObject(), saved["parameters"].toObject());
        for (int i = 0; i < 5; ++i)
            b.w.stepOnce();
        QVERIFY2(b.settled()->configuration == original, "the restored session must reproduce the run");
    }

    void badSessionFilesAreRejectedClearly_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("not JSON") << QByteArray("{ this is not json") << "not valid JSON";
        QTest::newRow("wrong schema") << QByteArray(R"({"schema": "other", "version": 1})")
                                      << "not a DualityLab session";
        QTest::newRow("future version")
            << QByteArray(R"({"schema": "dualitylab-session", "version": 99, "page": "montecarlo", "seed": 1})")
            << "version 99";
        QTest::newRow("bad L") << QByteArray(R"({"schema": "dualitylab-session", "version": 1, "page": "montecarlo",
                                               "seed": 1, "parameters": {"L": 1}})")
                               << "L:";
        QTest::newRow("bad algo") << QByteArray(R"({"schema": "dualitylab-session", "version": 1,
                                                  "page": "montecarlo", "seed": 1, "parameters": {"algo": "heatbath"}})")
                                  << "algo";
        QTest::newRow("bad seed")
            << QByteArray(R"({"schema": "dualitylab-session", "version": 1, "page": "montecarlo", "seed": -3})")
            << "seed";
    }
    void badSessionFilesAreRejectedClearly()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("disordered", &error));
        const QJsonObject before = g.w.sessionJson();
        QTemporaryDir dir;
        QFile f(dir.filePath("bad.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        QVERIFY(!g.w.openSession(f.fileName(), &error));
        QVERIFY2(error.contains(mentions), qPrintable("error was: " + error));
        QCOMPARE(g.w.sessionJson(), before); // nothing changed
        g.w.stepOnce();
        QVERIFY(g.settled()->sweeps > 0); // and the window still works
        QVERIFY(!g.w.openSession(dir.filePath("missing.json"), &error));
        QVERIFY(error.contains("cannot open"));
    }

    void closingWhileRunningDoesNotHang()
    {
        auto* g = new Window;
        QString error;
        QVERIFY(g->w.applySession(withParams(g->w.sessionJson(), {{"L", 512}, {"sweepsPerStep", 1000}}), &error));
        g->w.setFullSpeed(true);
        g->w.setRunning(true);
        QTest::qWait(150);
        QElapsedTimer r;
        r.start();
        QVERIFY(g->w.reset()); // cancels the running experiment and starts a new one
        qInfo() << "reset while running (L = 512, full speed) took" << r.elapsed() << "ms";
        // A hang would be unbounded; a busy machine adds seconds at most.
        QVERIFY2(r.elapsed() < 5000, qPrintable(QString("reset took %1 ms (a cancelled step should return at its next "
                                                        "cancellation check)")
                                                    .arg(r.elapsed())));
        QTest::qWait(150);
        QElapsedTimer t;
        t.start();
        delete g;
        qInfo() << "closing the window while running took" << t.elapsed() << "ms";
        QVERIFY2(t.elapsed() < 5000,
                 qPrintable(
                     QString("closing took %1 ms (the runner should cancel, not finish, its step)").arg(t.elapsed())));
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
