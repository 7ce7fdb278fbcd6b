// The "Kramers–Wannier duality" page (offscreen): the learner runs and its
// histories grow, the verdict is filled in, both duality presets load, the
// sweep runs on the page's own thread without blocking the event loop, and
// the β ↔ β̃ duality plot exports as a decodable PNG, an SVG and a PDF.
#include "DualityContinuationPanel.hpp"
#include "DualityPage.hpp"
#include "DualityPlot.hpp"
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"
#include "PlaquettePlot.hpp"

#include "engine/core/ParameterError.hpp"
#include "widgets/ChartPanel.hpp"

#include "CsvReadBack.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>

using dlab::gui::DualityPage;
using dlab::gui::MainWindow;

namespace {

struct Window {
    MainWindow w;
    DualityPage* page = new DualityPage;
    Window()
    {
        w.addPage(new dlab::gui::MonteCarloPage);
        w.addPage(page);
        w.resize(1360, 860);
    }
};

// A small, fast sweep: 2 β × 1 seed on 4×4 with few steps.
std::vector<dlab::DualitySweepRow> tinySweep()
{
    dlab::DualitySweepParams p;
    p.base.L = 4;
    p.base.maxSteps = 60;
    p.base.chains = 64;
    p.base.dataChains = 16;
    p.base.dataSamples = 16;
    p.base.dataThermalize = 50;
    p.betas = {0.2, 0.3};
    p.seeds = 1;
    return dlab::runDualitySweep(p);
}

} // namespace

class TestGuiDuality : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presetRunsAndHistoriesGrow()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("kw-in-a-minute", &error), qPrintable(error));
        QVERIFY2(!g.w.teachingNote().isEmpty(), "the preset should come with a teaching note");
        QCOMPARE(g.page->currentParams().L, 8);
        QCOMPARE(g.page->currentParams().beta, 0.2);
        g.w.show();
        g.w.setRunning(true);
        // The first step generates the data on the worker; then steps follow.
        auto learning = [&] {
            g.w.pollNow();
            const auto s = g.page->shownSnapshot();
            return s && !s->preparing && !s->historySteps.empty();
        };
        QTRY_VERIFY2_WITH_TIMEOUT(learning(), "no learning step within 10 s", 10000);
        const auto first = g.page->shownSnapshot();
        const double firstStep = first->historySteps.back();
        QTRY_VERIFY2_WITH_TIMEOUT((g.w.pollNow(), g.page->shownSnapshot()->historySteps.back() > firstStep),
                                  "the loss history did not grow within 10 s", 10000);
        const auto later = g.page->shownSnapshot();
        QCOMPARE(later->t[0].size(), later->loss.size());
        QVERIFY2(!g.page->verdictText().isEmpty(), "the verdict label should say something");
        QVERIFY2(!later->verdict.empty(), "the snapshot should carry a verdict");
        // Every prior stands in the verdict panel on a tall page; on a short
        // one (1280×720) and in presentation mode in its tooltip instead.
        const auto* verdict = g.page->findChild<QLabel*>("verdict");
        QVERIFY(verdict);
        g.w.resize(1920, 1080);
        QTRY_VERIFY2_WITH_TIMEOUT(g.page->verdictText().contains("best of 8"),
                                  "at 1920×1080 the verdict panel should list the learner's priors", 5000);
        g.w.resize(1280, 720);
        QTRY_VERIFY2_WITH_TIMEOUT(!g.page->verdictText().contains("best of 8") &&
                                      verdict->toolTip().contains("best of 8"),
                                  "at 1280×720 the priors should move into the verdict's tooltip", 5000);
        g.w.resize(1920, 1080);
        g.w.setPresentationMode(true);
        QTRY_VERIFY2_WITH_TIMEOUT(!g.page->verdictText().contains("best of 8") &&
                                      verdict->toolTip().contains("best of 8"),
                                  "in presentation mode the priors should move into the verdict's tooltip", 5000);
        g.w.setPresentationMode(false);
        QVERIFY2(g.w.errorText().isEmpty(), qPrintable(g.w.errorText()));

        // The history exports with the run's β, L and seed above the table, and reads back.
        g.w.setRunning(false);
        QTemporaryDir dir;
        QSignalSpy exported(&g.w, &MainWindow::dataExported);
        g.w.exportData(dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 10000);
        const auto csv = dlab::test::readBackCsv(dir.filePath("duality_history.csv"));
        QCOMPARE(csv.header.value("beta"), QString("0.2"));
        QCOMPARE(csv.header.value("L"), QString("8"));
        QVERIFY2(csv.header.contains("seed"), "the header names the seed");
        QCOMPARE(csv.columns.first(), QString("step"));
        QCOMPARE(int(csv.values.cols()), 15);
        QVERIFY2(csv.values.rows() > 0, "the history has rows");
    }

    void plaquettePresetLoads()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("plaquette-model", &error), qPrintable(error));
        const auto p = g.page->currentParams();
        QVERIFY(p.kappa != 0);
        QVERIFY2(p.learn[0] && p.learn[1], "the plaquette preset learns t0 and t1");
        QVERIFY(g.w.errorText().isEmpty());
    }

    void resetNeverWaitsForTheData()
    {
        // 64×64 data take seconds of Monte Carlo: that belongs on the worker.
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("kw-in-a-minute", &error));
        QJsonObject p = g.page->saveParameters();
        p["L"] = 64;
        g.page->loadParameters(p);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(g.w.reset());
        const qint64 ms = clock.elapsed();
        QVERIFY2(ms < 300, qPrintable(QString("reset took %1 ms on the GUI thread").arg(ms)));
        QTRY_VERIFY_WITH_TIMEOUT(g.page->shownSnapshot() && g.page->shownSnapshot()->preparing, 2000);
        QVERIFY(g.page->verdictText().contains("generating the data"));
    }

    void badParameterIsRejected()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("kw-in-a-minute", &error));
        const auto before = g.page->saveParameters();
        QJsonObject bad = before;
        bad["learn"] = "t7";
        QVERIFY_THROWS_EXCEPTION(std::exception, g.page->loadParameters(bad));
        g.page->loadParameters(before);
        QCOMPARE(g.page->saveParameters(), before);
    }

    void attentionNoiseChoiceIsSaved()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("kw-in-a-minute", &error));
        const QJsonObject before = g.page->saveParameters();
        // Off by default, and then absent: sessions saved before the choice existed stay as they were.
        QVERIFY(!before.contains("gumbel"));
        QJsonObject perLink = before;
        perLink["gumbel"] = "per-link";
        g.page->loadParameters(perLink);
        QCOMPARE(g.page->saveParameters()["gumbel"].toString(), QString("per-link"));
        auto* combo = g.w.findChild<QComboBox*>("gumbel");
        QVERIFY(combo);
        QCOMPARE(combo->currentData().toString(), QString("per-link"));
        QJsonObject bad = before;
        bad["gumbel"] = "sideways";
        try {
            g.page->loadParameters(bad);
            QFAIL("an unknown Gumbel noise was accepted");
        } catch (const dlab::ParameterError& e) {
            QCOMPARE(QString(e.what()),
                     QString("gumbel: unknown Gumbel noise 'sideways' (allowed: off, shared, per-link)"));
        }
        g.page->loadParameters(before); // no key: back to off
        QCOMPARE(g.page->saveParameters(), before);
    }

    void sweepRunsOnItsOwnThread()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("kw-in-a-minute", &error));
        g.w.setRunning(false);
        auto* L = g.page->parameterPanel()->findChild<QSpinBox*>("L");
        QVERIFY(L);
        L->setValue(4);
        auto* betas = g.page->parameterPanel()->findChild<QLineEdit*>("sweepBetas");
        QVERIFY(betas);
        betas->setText("0.2,0.3");
        QJsonObject p = g.page->saveParameters();
        QCOMPARE(p["sweepBetas"].toString(), QString("0.2,0.3"));
        p["sweepSeeds"] = 1;
        p["sweepSteps"] = 60;
        g.page->loadParameters(p);
        QSignalSpy done(g.page, &DualityPage::sweepFinished);
        QVERIFY(g.page->startSweep());
        QVERIFY2(done.wait(15000), "sweep of 2 short runs did not finish in 15 s");
        QCOMPARE(int(g.page->sweepRows().size()), 2);
        QVERIFY(!g.page->sweepRunning());
    }

    // "Continue to β": three stages 0.2 → 0.3 on 4×4 run in the background,
    // the path appears on the β ↔ β̃ plot, and path.csv has one line per stage.
    void continueToBetaDrawsThePath()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("kw-in-a-minute", &error));
        g.w.setRunning(false);
        QJsonObject p = g.page->saveParameters();
        p["L"] = 4;
        p["beta"] = 0.2;
        p["maxSteps"] = 60;
        p["pathTo"] = 0.3;
        p["pathStep"] = 0.05;
        g.page->loadParameters(p);
        QCOMPARE(g.page->saveParameters()["pathTo"].toDouble(), 0.3);
        auto* panel = g.page->continuation();
        QSignalSpy done(panel, &dlab::gui::DualityContinuationPanel::finished);
        QVERIFY(panel->start());
        QVERIFY(panel->running());
        QVERIFY2(done.wait(30000), "a path of 3 short stages did not finish in 30 s");
        QCOMPARE(int(panel->stages().size()), 3);
        QCOMPARE(panel->stages()[1].beta, 0.25);
        QVERIFY2(panel->status().startsWith("3 of 3 stages"), qPrintable(panel->status()));
        QCOMPARE(int(panel->plotPoints().size()), 3);
        QCOMPARE(g.page->sweepChart()->plottedPoints(g.page->dualityPlot()->pathLine()), 3);

        QTemporaryDir dir;
        const QString csv = dir.filePath("path.csv");
        panel->writeCsv(csv);
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        // `# key: value` lines first, saying what defined the path (L, β list, seed).
        const QStringList comments = lines.filter(QRegularExpression("^# "));
        QVERIFY2(comments.contains("# L: " + QString::number(g.page->currentParams().L)),
                 qPrintable(comments.join('\n')));
        QVERIFY2(comments.filter(QRegularExpression("^# betas: ")).size() == 1, qPrintable(comments.join('\n')));
        lines = lines.mid(comments.size());
        QCOMPARE(lines.size(), 4); // column names + one line per stage
        QVERIFY2(lines[2].startsWith("0.25,"), qPrintable(lines[2]));

        p["pathStep"] = 0.0;
        QVERIFY_THROWS_EXCEPTION(dlab::ParameterError, g.page->loadParameters(p));
    }

    void plaquetteSweepFillsItsOwnTab()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("plaquette-model", &error));
        g.w.setRunning(false);
        QJsonObject p = g.page->saveParameters();
        QCOMPARE(p["sweepKappas"].toString(), QString("0,0.1,0.2"));
        p["L"] = 4;
        p["sweepBetas"] = "0.2";
        p["sweepKappas"] = "0,0.1";
        p["sweepSeeds"] = 1;
        p["sweepSteps"] = 60;
        g.page->loadParameters(p);

        auto* kappas = g.page->parameterPanel()->findChild<QLineEdit*>("sweepKappas");
        QVERIFY(kappas);
        kappas->setText("0,abc");
        QVERIFY2(!g.page->startSweep(), "a κ list with a non-number must be refused");
        kappas->setText("0,0.1");

        QSignalSpy done(g.page, &DualityPage::sweepFinished);
        QVERIFY(g.page->startSweep());
        QVERIFY2(done.wait(15000), "sweep of 2 short runs did not finish in 15 s");
        const auto& rows = g.page->sweepRows();
        QCOMPARE(int(rows.size()), 2);
        QCOMPARE(rows[0].kappa, 0.0);
        QCOMPARE(rows[1].kappa, 0.1);
        // t1 starts at 0; with κ ≠ 0 in the sweep it is learned, so it moves.
        QVERIFY2(rows[1].result.t.t1 != 0.0, "t1 should be learned in a plaquette sweep");
        const auto* tabs = g.page->findChild<QTabWidget*>();
        QVERIFY(tabs);
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(g.page->plaquettePlot()));
        QCOMPARE(g.page->figureWidget(), static_cast<QWidget*>(g.page->plaquettePlot()));
    }

    void cancelledSweepSaysSoAndPlotsOnlyFinishedRuns()
    {
        Window g;
        QString error;
        QVERIFY(g.w.loadPreset("kw-in-a-minute", &error));
        g.w.setRunning(false);
        QJsonObject p = g.page->saveParameters();
        p["sweepBetas"] = "0.1:0.4:0.01"; // 31 runs of ≈ 0.5 s: the first finishes soon, …
        p["sweepSeeds"] = 1;
        p["sweepSteps"] = 200;
        g.page->loadParameters(p);
        QSignalSpy done(g.page, &DualityPage::sweepFinished);
        QVERIFY(g.page->startSweep());
        QTRY_VERIFY_WITH_TIMEOUT(!g.page->sweepRows().empty(), 30000);
        g.page->cancelSweep(); // … the others are cancelled
        QVERIFY(!done.isEmpty() || done.wait(15000));
        const int finished = int(g.page->sweepRows().size());
        QVERIFY2(finished < 31 &&
                     g.page->sweepStatus().startsWith(QString("Cancelled after %1 of 31 runs").arg(finished)),
                 qPrintable("status: " + g.page->sweepStatus()));
        for (const auto& row : g.page->sweepRows())
            QVERIFY2(row.result.steps > 0, "a run that never started must not be plotted");
    }

    void cancelledSweepStopsAndPageCloses()
    {
        auto g = std::make_unique<Window>();
        QString error;
        QVERIFY(g->w.loadPreset("kw-in-a-minute", &error));
        g->w.setRunning(false);
        QVERIFY(g->page->startSweep()); // 7 β × 2 seeds × 4000 steps: far longer than this test
        QTest::qWait(300);
        QVERIFY(g->page->sweepRunning());
        // Destroying the page cancels and joins the sweep thread promptly.
        QElapsedTimer t;
        t.start();
        g.reset();
        QVERIFY2(t.elapsed() < 5000, qPrintable(QString("closing took %1 ms").arg(t.elapsed())));
    }

    void sweepFigureExports()
    {
        const auto rows = tinySweep();
        QCOMPARE(int(rows.size()), 2);
        // The plot's points: one per (β, frame), every run accounted for.
        int runs = 0;
        for (const auto f : {dlab::DualityFrame::Original, dlab::DualityFrame::Antiferro, dlab::DualityFrame::Dual,
                             dlab::DualityFrame::DualAntiferro, dlab::DualityFrame::Undecided})
            for (const auto& pt : dlab::figures::DualityPlot::pointsForFrame(rows, f))
                runs += pt.runs;
        QCOMPARE(runs, 2);

        QTemporaryDir dir;
        QStringList written;
        QVERIFY2(dlab::figures::writeDualityPlotFiles(rows, dir.path(), &written, &error()), qPrintable(m_error));
        QCOMPARE(written.size(), 3);
        QImage png(dir.filePath("duality.png"));
        QVERIFY2(!png.isNull(), "duality.png should decode");
        QVERIFY2(png.width() > 1000, qPrintable(QString("PNG only %1 px wide at 300 DPI").arg(png.width())));
        QFile svg(dir.filePath("duality.svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svg);
        bool sawSvg = false;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("svg")) sawSvg = true;
        QVERIFY2(!xml.hasError(), qPrintable("SVG does not parse: " + xml.errorString()));
        QVERIFY(sawSvg);
        QFile pdf(dir.filePath("duality.pdf"));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY2(pdf.read(4) == "%PDF", "duality.pdf should start with %PDF");
    }

    void cliSweepWritesThePlot()
    {
        QTemporaryDir dir;
        QProcess cli;
        cli.start(DLAB_CLI_PATH, {"sweep-duality", "--L", "4", "--betas", "0.2,0.3", "--seeds", "1", "--steps", "30",
                                  "--out", dir.path(), "--json"});
        QVERIFY2(cli.waitForFinished(15000), "sweep-duality did not finish in 15 s");
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        for (const char* name : {"sweep.csv", "duality.png", "duality.svg", "duality.pdf"})
            QVERIFY2(QFile::exists(dir.filePath(name)), qPrintable(QString("missing %1").arg(name)));
        QVERIFY2(!QImage(dir.filePath("duality.png")).isNull(), "the CLI's duality.png should decode");
    }

    void cliPlaquetteSweepWritesBothPlots()
    {
        QTemporaryDir dir;
        QProcess cli;
        cli.start(DLAB_CLI_PATH, {"sweep-duality", "--L", "4", "--betas", "0.2", "--kappas", "0,0.1", "--seeds", "1",
                                  "--steps", "30", "--out", dir.path(), "--json"});
        QVERIFY2(cli.waitForFinished(15000), "sweep-duality did not finish in 15 s");
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        for (const char* name : {"sweep.csv", "duality.png", "plaquette.png", "plaquette.svg", "plaquette.pdf"})
            QVERIFY2(QFile::exists(dir.filePath(name)), qPrintable(QString("missing %1").arg(name)));
        QFile csv(dir.filePath("sweep.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        QString first = QString(csv.readLine()).trimmed();
        QStringList comments;
        for (; first.startsWith('#') && !csv.atEnd(); first = QString(csv.readLine()).trimmed())
            comments << first;
        // What defines the sweep, above the columns (CsvTable's style).
        QVERIFY2(comments.contains("# L: 4") && comments.contains("# kappas: 0 0.1") && comments.contains("# seeds: 1"),
                 qPrintable(comments.join('\n')));
        const QStringList header = first.split(',');
        const int kappaCol = int(header.indexOf("kappa"));
        QVERIFY2(kappaCol >= 0, "sweep.csv needs a kappa column");
        QStringList kappas;
        while (!csv.atEnd())
            kappas << QString(csv.readLine()).trimmed().split(',').value(kappaCol);
        QCOMPARE(kappas, (QStringList{"0", "0.1"}));

        QTemporaryDir none;
        QProcess both;
        both.start(DLAB_CLI_PATH, {"sweep-duality", "--L", "4", "--betas", "0.2", "--kappa", "0.1", "--kappas", "0,0.1",
                                   "--out", none.filePath("out")});
        QVERIFY(both.waitForFinished(15000));
        QVERIFY2(both.exitCode() != 0, "--kappa together with --kappas must be refused");
        QVERIFY2(both.readAllStandardError().contains("kappas"), "the error should name the kappas field");
        QVERIFY2(!QFile::exists(none.filePath("out")), "a refused sweep must not create its --out directory");
    }

private:
    QString& error() { return m_error; }
    QString m_error;
};

QTEST_MAIN(TestGuiDuality)
#include "tst_gui_duality.moc"
