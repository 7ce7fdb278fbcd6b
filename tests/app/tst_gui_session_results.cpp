// Sessions keep results, not only parameters (docs/gui.md, "Sessions and
// files"): a tiny β scan and a tiny duality sweep are run, saved, and opened
// in a fresh window, which shows the same points — also after the reset that
// follows loading and after switching pages. Sessions without results still
// open; corrupt results are refused by name and leave the window as it was.
#include "BetaScanView.hpp"
#include "DualityContinuationPanel.hpp"
#include "DualityPage.hpp"
#include "FieldTheoryPage.hpp"
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"
#include "Phi4Tab.hpp"
#include "SessionFile.hpp"
#include "SessionResults.hpp"

#include "engine/measure/exact/KramersWannier.hpp"

#include "../TestTiming.hpp"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using dlab::gui::DualityPage;
using dlab::gui::MainWindow;
using dlab::gui::MonteCarloPage;
using dlab::test::scaledMs;

namespace {

struct Window {
    MainWindow w;
    MonteCarloPage* mc = new MonteCarloPage;
    DualityPage* duality = new DualityPage;
    dlab::gui::FieldTheoryPage* fields = new dlab::gui::FieldTheoryPage;
    Window()
    {
        w.addPage(mc);
        w.addPage(duality);
        w.addPage(fields);
        w.resize(1360, 860);
    }
};

// A session on the Monte Carlo page in β-scan mode: 2 β × L = 4, short points.
QJsonObject tinyScanSession()
{
    return {
        {"schema", "dualitylab-session"},
        {"version", 1},
        {"page", "montecarlo"},
        {"seed", 5},
        {"parameters",
         QJsonObject{
             {"mode", "scan"}, {"scanL", "4"}, {"scanBetas", "0.3,0.5"}, {"scanSweeps", 200}, {"scanThermalize", 20}}}};
}

void compareScanRows(const std::vector<dlab::BetaScanRow>& got, const std::vector<dlab::BetaScanRow>& expected)
{
    QCOMPARE(got.size(), expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        const auto &a = got[i].estimates, &b = expected[i].estimates;
        QCOMPARE(got[i].L, expected[i].L);
        QCOMPARE(got[i].beta, expected[i].beta);
        QCOMPARE(a.energyPerSite.mean, b.energyPerSite.mean);
        QCOMPARE(a.energyPerSite.error, b.energyPerSite.error);
        QCOMPARE(a.specificHeat.mean, b.specificHeat.mean);
        QCOMPARE(a.absMagnetization.mean, b.absMagnetization.mean);
        QCOMPARE(a.susceptibility.error, b.susceptibility.error);
        QCOMPARE(a.binder.mean, b.binder.mean);
        QCOMPARE(a.samples, b.samples);
        // The exact reference is recomputed on load, and agrees.
        QCOMPARE(got[i].exact.energyPerSite, expected[i].exact.energyPerSite);
    }
}

} // namespace

class TestGuiSessionResults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void scanAndSweepResultsComeBackInAFreshWindow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("demo.json");
        std::vector<dlab::BetaScanRow> scanRows;
        std::vector<dlab::DualitySweepRow> sweepRows;
        {
            Window a;
            QString error;
            // The duality sweep first (2 short runs on 4×4), on its own job.
            QVERIFY2(a.w.loadPreset("kw-in-a-minute", &error), qPrintable(error));
            a.w.setRunning(false);
            QJsonObject p = a.duality->saveParameters();
            p["L"] = 4;
            p["sweepBetas"] = "0.2,0.3";
            p["sweepSeeds"] = 1;
            p["sweepSteps"] = 60;
            a.duality->loadParameters(p);
            QSignalSpy done(a.duality, &DualityPage::sweepFinished);
            QVERIFY(a.duality->startSweep());
            QVERIFY2(done.wait(scaledMs(20000)), "a sweep of 2 short runs did not finish in 20 s");
            sweepRows = a.duality->sweepRows();
            QCOMPARE(int(sweepRows.size()), 2);

            // Then the β scan, run to its end.
            QVERIFY2(a.w.applySession(tinyScanSession(), &error), qPrintable(error));
            a.w.setFullSpeed(true);
            a.w.setRunning(true);
            QTRY_VERIFY_WITH_TIMEOUT(a.mc->shownScan() && a.mc->shownScan()->finished, scaledMs(20000));
            scanRows = a.mc->shownScan()->rows;
            QCOMPARE(int(scanRows.size()), 2);
            a.w.setRunning(false);
            QVERIFY2(a.w.saveSession(path, &error), qPrintable(error));
        }

        Window b;
        QString error;
        QVERIFY2(b.w.openSession(path, &error), qPrintable(error));
        QTest::qWait(300); // polls after the reset must not wipe the restored points
        QVERIFY2(b.mc->shownScan(), "the restored β scan should be shown");
        compareScanRows(b.mc->shownScan()->rows, scanRows);
        QCOMPARE(b.mc->scanView()->progressText(), QString("Finished: 2 points."));

        const auto& restored = b.duality->sweepRows();
        QCOMPARE(restored.size(), sweepRows.size());
        for (std::size_t i = 0; i < restored.size(); ++i) {
            QCOMPARE(restored[i].beta, sweepRows[i].beta);
            QCOMPARE(restored[i].seed, sweepRows[i].seed);
            QCOMPARE(restored[i].betaDual, sweepRows[i].betaDual);
            QCOMPARE(restored[i].result.t.t0, sweepRows[i].result.t.t0);
            QCOMPARE(restored[i].result.classification.frame, sweepRows[i].result.classification.frame);
            QCOMPARE(restored[i].result.attention, sweepRows[i].result.attention);
        }
        QVERIFY2(b.duality->sweepStatus().contains("from the saved session"), qPrintable(b.duality->sweepStatus()));

        // Switching pages resets the experiment; the scan's points stay until it has its own.
        b.w.showPage("duality");
        b.w.showPage("montecarlo");
        QTest::qWait(200);
        QVERIFY(b.mc->shownScan());
        compareScanRows(b.mc->shownScan()->rows, scanRows);

        // Saved again, the results survive a second round trip.
        const QJsonObject again = b.w.sessionJson();
        QVERIFY2(again["results"].toObject().contains("montecarlo"), "results are saved again");
        QVERIFY2(again["results"].toObject().contains("duality"), "results are saved again");
    }

    void learnerRunComesBack()
    {
        // The duality page's single run (L = 4, 40 optimiser steps): its
        // learned values come back in a fresh window, marked as restored.
        QTemporaryDir dir;
        const QString path = dir.filePath("run.json");
        std::shared_ptr<const dlab::DualitySnapshot> saved;
        QJsonObject savedRun;
        {
            Window a;
            QString error;
            QVERIFY2(a.w.loadPreset("kw-in-a-minute", &error), qPrintable(error));
            a.w.setRunning(false);
            QJsonObject p = a.duality->saveParameters();
            p["L"] = 4;
            p["maxSteps"] = 40;
            a.duality->loadParameters(p);
            QVERIFY(a.w.reset());
            a.w.setFullSpeed(true);
            a.w.setRunning(true);
            QTRY_VERIFY2_WITH_TIMEOUT(
                (a.w.pollNow(), a.duality->shownSnapshot() && a.duality->shownSnapshot()->finished),
                "a 40-step run on 4×4 did not finish in 20 s", scaledMs(20000));
            a.w.setRunning(false);
            saved = a.duality->shownSnapshot();
            QCOMPARE(saved->result.steps, 40LL);
            savedRun = a.w.sessionJson()["results"].toObject()["duality"].toObject()["run"].toObject();
            QVERIFY2(!savedRun.isEmpty(), "a finished run is saved with the session");
            QVERIFY2(a.w.saveSession(path, &error), qPrintable(error));
        }
        Window b;
        QString error;
        QVERIFY2(b.w.openSession(path, &error), qPrintable(error));
        QTest::qWait(300); // the reset's preparing snapshot must not replace the restored run
        b.w.pollNow();
        QVERIFY2(b.duality->showsRestoredRun(), "the saved run should be shown");
        const auto shown = b.duality->shownSnapshot();
        QVERIFY(shown);
        QCOMPARE(shown->L, 4);
        QCOMPARE(shown->beta, saved->beta);
        QCOMPARE(shown->learned, saved->learned);
        QCOMPARE(shown->finished, true);
        QCOMPARE(shown->frame, saved->frame);
        QCOMPARE(shown->verdict, saved->verdict);
        QCOMPARE(shown->result.t.t0, saved->result.t.t0);
        QCOMPARE(shown->result.t.t1, saved->result.t.t1);
        QCOMPARE(shown->result.theta2, saved->result.theta2);
        QCOMPARE(shown->result.theta3, saved->result.theta3);
        QCOMPARE(shown->result.attention, saved->result.attention);
        QCOMPARE(shown->result.loss, saved->result.loss);
        QCOMPARE(shown->result.steps, saved->result.steps);
        QCOMPARE(shown->result.restarts, saved->result.restarts);
        QCOMPARE(shown->tNow.t0, saved->result.t.t0); // the headline shows the final learned t0
        // β̃ is recomputed from β, and agrees with the one the run was drawn against.
        QCOMPARE(shown->betaDual, saved->betaDual);
        QCOMPARE(shown->theta2Dual, saved->theta2Dual);
        const QString verdict = b.duality->verdictText();
        QVERIFY2(verdict.contains("Restored from the saved session"), qPrintable(verdict));
        QVERIFY2(verdict.contains(QString::number(shown->result.t.t0, 'f', 4)), qPrintable(verdict));

        // Switching pages resets the experiment; the restored run stays until a run of its own has a step.
        b.w.showPage("montecarlo");
        b.w.showPage("duality");
        QTest::qWait(200);
        b.w.pollNow();
        QVERIFY2(b.duality->showsRestoredRun(), "switching pages must not lose the restored run");
        QCOMPARE(b.duality->shownSnapshot()->result.t.t0, saved->result.t.t0);

        // Saved again, the run survives a second round trip with its seed.
        const QJsonObject run = b.w.sessionJson()["results"].toObject()["duality"].toObject()["run"].toObject();
        QCOMPARE(run, savedRun); // the same values, seed included
        QJsonObject session = b.w.sessionJson();
        Window c;
        QVERIFY2(c.w.applySession(session, &error), qPrintable(error));
        QCOMPARE(c.duality->shownSnapshot()->result.t.t0, saved->result.t.t0);

        // A new run of its own replaces the restored one.
        c.w.setFullSpeed(true);
        c.w.setRunning(true);
        QTRY_VERIFY2_WITH_TIMEOUT((c.w.pollNow(), !c.duality->showsRestoredRun()),
                                  "the new run did not replace the restored one", scaledMs(20000));
        c.w.setRunning(false);
    }

    void continuationPathComesBack()
    {
        // Two stages of a "Continue to β" path, as the panel saves them
        // (sweep CSV lines): opened again, they are the panel's stages and
        // the plot's path, and they are saved again unchanged.
        std::vector<dlab::DualitySweepRow> stages(2);
        for (std::size_t i = 0; i < stages.size(); ++i) {
            auto& r = stages[i];
            r.beta = 0.3 + 0.05 * double(i);
            r.seed = 11 + i;
            r.result.t.t0 = -0.8 + 0.1 * double(i);
            r.result.theta2 = -1.2;
            r.result.theta3 = 1.6;
            r.result.attention = {0, 0, 1, 0, 0, 0, 0};
            r.result.classification.frame = dlab::DualityFrame::DualAntiferro;
            r.result.steps = 500;
        }
        const QJsonArray lines = dlab::gui::dualitySweepResultsJson(stages);
        QJsonObject session = tinyScanSession();
        session["results"] = QJsonObject{{"duality", QJsonObject{{"path", lines}}}};
        Window g;
        QString error;
        QVERIFY2(g.w.applySession(session, &error), qPrintable(error));
        const auto& shown = g.duality->continuation()->stages();
        QCOMPARE(shown.size(), stages.size());
        for (std::size_t i = 0; i < shown.size(); ++i) {
            QCOMPARE(shown[i].beta, stages[i].beta);
            QCOMPARE(shown[i].result.t.t0, stages[i].result.t.t0);
            QCOMPARE(shown[i].result.classification.frame, stages[i].result.classification.frame);
            // β̃ is recomputed from β, never read.
            QCOMPARE(shown[i].result.betaDualExact, dlab::exact::kramersWannierDual(stages[i].beta));
        }
        QCOMPARE(g.duality->continuation()->plotPoints().size(), stages.size());
        const QString status = g.duality->continuation()->status();
        QVERIFY2(status.contains("2 stages from the saved session, 2 in a dual frame"), qPrintable(status));
        const QJsonArray again = g.w.sessionJson()["results"].toObject()["duality"].toObject()["path"].toArray();
        QCOMPARE(again.size(), lines.size());
        for (int i = 0; i < lines.size(); ++i) {
            // The saved β̃ column is the recomputed one; every other column comes back as written.
            QStringList a = again[i].toString().split(','), b = lines[i].toString().split(',');
            QCOMPARE(a.size(), b.size());
            a.removeAt(2);
            b.removeAt(2);
            QCOMPARE(a, b);
        }
    }

    void phi4KappaScanComesBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("phi4.json");
        std::vector<dlab::fieldtheory::Phi4ScanPoint> points;
        {
            Window a;
            QString error;
            const QJsonObject session{{"schema", "dualitylab-session"},
                                      {"version", 1},
                                      {"page", "fieldtheory"},
                                      {"seed", 3},
                                      {"parameters", QJsonObject{{"tab", "phi4"},
                                                                 {"phi4", QJsonObject{{"L", 6},
                                                                                      {"scan", true},
                                                                                      {"kappas", "0.2,0.3"},
                                                                                      {"scanUpdates", 300},
                                                                                      {"thermalize", 100}}}}}};
            QVERIFY2(a.w.applySession(session, &error), qPrintable(error));
            a.w.setFullSpeed(true);
            a.w.setRunning(true);
            auto* phi4 = a.fields->phi4Tab();
            QTRY_VERIFY_WITH_TIMEOUT(phi4->shownScan() && phi4->shownScan()->done, scaledMs(20000));
            a.w.setRunning(false);
            points = phi4->shownScan()->points;
            QCOMPARE(int(points.size()), 2);
            QVERIFY2(a.w.saveSession(path, &error), qPrintable(error));
        }
        Window b;
        QString error;
        QVERIFY2(b.w.openSession(path, &error), qPrintable(error));
        QTest::qWait(300); // polls after the reset must not wipe the restored points
        const auto shown = b.fields->phi4Tab()->shownScan();
        QVERIFY2(shown, "the restored κ scan should be shown");
        QCOMPARE(shown->points.size(), points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(shown->points[i].kappa, points[i].kappa);
            QCOMPARE(shown->points[i].estimates.absM.mean, points[i].estimates.absM.mean);
            QCOMPARE(shown->points[i].estimates.absM.error, points[i].estimates.absM.error);
            QCOMPARE(shown->points[i].estimates.binder.mean, points[i].estimates.binder.mean);
            QCOMPARE(shown->points[i].estimates.chi2.error, points[i].estimates.chi2.error);
        }
        QVERIFY(shown->done);
    }

    void sessionWithoutResultsStillOpens()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.applySession(tinyScanSession(), &error), qPrintable(error));
        QVERIFY(g.mc->scanMode());
        QVERIFY(g.mc->shownScan());
        QVERIFY(g.mc->shownScan()->rows.empty());
        QVERIFY2(!g.w.sessionJson().contains("results"), "no results, no \"results\" key");
    }

    void corruptResultsAreRefusedByName_data()
    {
        QTest::addColumn<QJsonValue>("results");
        QTest::addColumn<QString>("mentions");
        const QJsonObject scan{{"sizes", QJsonArray{4}},
                               {"betas", QJsonArray{0.3, 0.5}},
                               {"sweeps", 200},
                               {"thermalize", 20},
                               {"algo", "wolff"},
                               {"chains", 1},
                               {"seed", 5},
                               {"columns", QJsonArray{"L", "beta"}},
                               {"rows", QJsonArray{}}};
        QTest::newRow("results not an object") << QJsonValue(3) << "results: must be an object";
        QTest::newRow("missing column") << QJsonValue(QJsonObject{{"montecarlo", QJsonObject{{"scan", scan}}}})
                                        << "scan.columns: the column \"energy_per_site\" is missing";
        QJsonObject badSize = scan;
        badSize["sizes"] = QJsonArray{4, 100000};
        QTest::newRow("bad L") << QJsonValue(QJsonObject{{"montecarlo", QJsonObject{{"scan", badSize}}}})
                               << "scan.sizes: each L must be an integer from 2 to 512";
        QJsonObject badAlgo = scan;
        badAlgo["algo"] = "magic";
        QTest::newRow("bad algorithm") << QJsonValue(QJsonObject{{"montecarlo", QJsonObject{{"scan", badAlgo}}}})
                                       << "scan: ";
        QTest::newRow("sweep line") << QJsonValue(QJsonObject{{"duality", QJsonObject{{"sweep", QJsonArray{"0.2,x"}}}}})
                                    << "sweep[0]: sweep CSV line has 2 columns, not 27";
        const QJsonObject phi4{{"L", 6},
                               {"lambda", 0.022},
                               {"algo", "hmc"},
                               {"chains", 2},
                               {"thermalize", 100},
                               {"seed", 3},
                               {"kappas", QJsonArray{0.2, 0.3}},
                               {"updatesPerChain", 300},
                               {"columns", QJsonArray{"kappa"}},
                               {"rows", QJsonArray{}}};
        QTest::newRow("phi4 missing column")
            << QJsonValue(QJsonObject{{"fieldtheory", QJsonObject{{"phi4", QJsonObject{{"scan", phi4}}}}}})
            << "Field theory page: phi4.scan.columns: the column \"updates_per_chain\" is missing";
        QJsonObject phi4Rows = phi4;
        phi4Rows["columns"] = QJsonArray{
            "kappa",    "updates_per_chain", "samples",      "m",      "m_err",      "abs_m", "abs_m_err", "chi2",
            "chi2_err", "chi2_abs",          "chi2_abs_err", "binder", "binder_err", "phi2",  "phi2_err"};
        QTest::newRow("phi4 unfinished")
            << QJsonValue(QJsonObject{{"fieldtheory", QJsonObject{{"phi4", QJsonObject{{"scan", phi4Rows}}}}}})
            << "phi4.scan.rows: 0 rows, but the scan has 2 values of kappa";
        const QJsonObject run{{"line", "0.2,0,0.6,1,dual,0.6,0,0,-1.5,1.8,2,0,0,1,0,0,0,0,0.1,0.01,40,0.1,1,1,1,0,1"},
                              {"L", 4},
                              {"learned", QJsonArray{true, false, false}},
                              {"neutralStart", false},
                              {"finished", true},
                              {"restarts", 0},
                              {"verdict", "dual frame"}};
        QJsonObject badFrame = run;
        badFrame["line"] = "0.2,0,0.6,1,sideways,0.6,0,0,-1.5,1.8,2,0,0,1,0,0,0,0,0.1,0.01,40,0.1,1,1,1,0,1";
        QTest::newRow("run frame") << QJsonValue(QJsonObject{{"duality", QJsonObject{{"run", badFrame}}}})
                                   << "run.line: frame must be original, antiferro, dual, dual-antiferro or undecided";
        QJsonObject badL = run;
        badL["L"] = 2;
        QTest::newRow("run L") << QJsonValue(QJsonObject{{"duality", QJsonObject{{"run", badL}}}})
                               << "run.L: must be an integer from 3 to 512";
        QJsonObject badLearned = run;
        badLearned["learned"] = QJsonArray{true, 1};
        QTest::newRow("run learned") << QJsonValue(QJsonObject{{"duality", QJsonObject{{"run", badLearned}}}})
                                     << "run.learned: must be an array of 3 booleans";
        QTest::newRow("run not an object")
            << QJsonValue(QJsonObject{{"duality", QJsonObject{{"run", 5}}}}) << "run: must be an object";
        QTest::newRow("path line") << QJsonValue(QJsonObject{{"duality", QJsonObject{{"path", QJsonArray{"0.2,x"}}}}})
                                   << "path[0]: sweep CSV line has 2 columns, not 27";
        QTest::newRow("sweep not a list") << QJsonValue(QJsonObject{{"duality", QJsonObject{{"sweep", 7}}}})
                                          << "sweep: must be an array of sweep CSV lines";
    }

    void corruptResultsAreRefusedByName()
    {
        QFETCH(QJsonValue, results);
        QFETCH(QString, mentions);
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("disordered", &error));
        g.w.setRunning(false);
        const QJsonObject before = g.w.sessionJson();
        QJsonObject session = tinyScanSession();
        session["results"] = results;
        QVERIFY2(!g.w.applySession(session, &error), "corrupt results must be refused");
        QVERIFY2(error.contains(mentions), qPrintable("expected \"" + mentions + "\", got: " + error));
        QCOMPARE(g.w.sessionJson(), before); // the window is as it was
    }
};

QTEST_MAIN(TestGuiSessionResults)
#include "tst_gui_session_results.moc"
