// The "Autoregressive networks" page (offscreen): each of D1, D2, D3 runs to
// its end through the window's runner and fills its views and tables; the
// presets load; sessions round-trip and bad values are refused by name; data
// export writes the network's samples as .npy beside the CSV files.
#include "AutoregressivePage.hpp"
#include "FieldTable.hpp"
#include "HamiltonianView.hpp"
#include "MainWindow.hpp"
#include "VanView.hpp"
#include "XyView.hpp"

#include "engine/io/Npy.hpp"
#include "widgets/AngleFieldView.hpp"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "CsvReadBack.hpp"

using dlab::gui::AutoregressivePage;
using dlab::gui::MainWindow;
using Mode = AutoregressivePage::Mode;

namespace {

struct Window {
    MainWindow w;
    AutoregressivePage* page = new AutoregressivePage;
    Window()
    {
        w.addPage(page);
        w.resize(1360, 860);
    }
    // A session for this page with the given mode and fields.
    bool load(const char* mode, const QJsonObject& fields, QString* error)
    {
        QJsonObject params{{"mode", mode}, {mode, fields}};
        const QJsonObject session{{"schema", "dualitylab-session"},
                                  {"version", 1},
                                  {"page", "autoregressive"},
                                  {"seed", 3},
                                  {"sweepsPerFrame", 1},
                                  {"fullSpeed", true},
                                  {"running", false},
                                  {"parameters", params}};
        return w.applySession(session, error);
    }
    template <class S> std::shared_ptr<const S> shown()
    {
        w.pollNow();
        return std::dynamic_pointer_cast<const S>(page->shownSnapshot());
    }
};

} // namespace

class TestGuiAutoregressive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presetsLoad()
    {
        Window g;
        for (const char* name : {"learned-hamiltonian", "variational-free-energy", "xy-vortices"}) {
            QString error;
            QVERIFY2(g.w.loadPreset(name, &error), qPrintable(QString("%1: %2").arg(name, error)));
            QVERIFY(!g.w.teachingNote().isEmpty());
            g.w.setRunning(false);
        }
        QCOMPARE(g.page->mode(), Mode::Xy);
        QCOMPARE(g.page->xyParams().samples, 9000);
    }

    void learnedHamiltonianRunsToItsEnd()
    {
        Window g;
        QString error;
        QVERIFY2(
            g.load("hamiltonian",
                   {{"L", 4}, {"data", "exact"}, {"samples", 2000}, {"heldOut", 400}, {"epochs", 4}, {"hidden", "16"}},
                   &error),
            qPrintable(error));
        g.w.show();
        g.w.setRunning(true);
        using S = dlab::autoregressive::LearnedHamiltonianSnapshot;
        QTRY_VERIFY_WITH_TIMEOUT(g.shown<S>() && g.shown<S>()->finished, 30000);
        const auto s = g.shown<S>();
        QVERIFY(s->energy && s->energy->size() == 400);
        QCOMPARE(int(s->testNll.size()), s->epoch);
        const QString summary = g.page->hamiltonianView()->summaryText();
        QVERIFY2(summary.contains(QString::number(s->exactFreeEnergy, 'f', 4)), qPrintable(summary));
        QVERIFY(summary.contains("done"));
        QVERIFY2(g.w.errorText().isEmpty(), qPrintable(g.w.errorText()));
    }

    void variationalRunFillsItsCurvesAndExportsSamples()
    {
        Window g;
        QString error;
        QVERIFY2(g.load("variational",
                        {{"L", 4}, {"steps", 60}, {"batch", 100}, {"hidden", "16"}, {"evaluationSamples", 1000}},
                        &error),
                 qPrintable(error));
        g.w.setRunning(true);
        using S = dlab::autoregressive::VanSnapshot;
        QTRY_VERIFY_WITH_TIMEOUT(g.shown<S>() && g.shown<S>()->finished, 30000);
        const auto s = g.shown<S>();
        QCOMPARE(s->optimiserStep, 60LL);
        QCOMPARE(s->evaluation.samples, 1000LL);
        QVERIFY(s->evaluation.freeEnergy > s->exactFreeEnergy - 4 * s->evaluation.freeEnergyError);
        QVERIFY(g.page->vanView()->summaryText().contains("effective sample size"));

        QTemporaryDir dir;
        QSignalSpy spy(&g.w, &MainWindow::dataExported);
        g.w.exportData(dir.path());
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, 10000);
        const QStringList files = spy.at(0).at(0).toStringList();
        QVERIFY2(files.size() == 2, qPrintable(spy.at(0).at(1).toString()));
        const auto npy = dlab::readNpy(dir.filePath("network_samples.npy").toStdString());
        QCOMPARE(npy.shape, (std::vector<std::size_t>{1000, 4, 4}));
        for (double v : npy.values)
            QVERIFY(v == 1 || v == -1);
        const auto history = dlab::test::readBackCsv(dir.filePath("van_history.csv"));
        QCOMPARE(history.header.value("L"), QString("4"));
        QCOMPARE(history.header.value("beta").toDouble(), s->params.beta);
        QVERIFY2(history.header.contains("seed"), "the header names the seed");
        QCOMPARE(int(history.values.rows()), int(s->steps.size()));
    }

    void xyRunShowsAnglesVorticesAndTheO2Table()
    {
        Window g;
        QString error;
        QVERIFY2(g.load("xy",
                        {{"L", 4},
                         {"T", 1.2},
                         {"samples", 600},
                         {"heldOut", 100},
                         {"epochs", 3},
                         {"hidden", "16"},
                         {"generated", 100}},
                        &error),
                 qPrintable(error));
        g.w.setRunning(true);
        using S = dlab::autoregressive::XyLearningSnapshot;
        QTRY_VERIFY_WITH_TIMEOUT(g.shown<S>() && g.shown<S>()->finished, 30000);
        const auto s = g.shown<S>();
        QCOMPARE(int(s->o2.size()), 6);
        QCOMPARE(g.page->xyView()->mcView()->gridWidth(), 4);
        QCOMPARE(g.page->xyView()->networkView()->gridWidth(), 4);
        QVERIFY(g.page->xyView()->summaryText().contains("spread"));
    }

    void sweepModeRunsOneRowPerTemperature()
    {
        Window g;
        QString error;
        QVERIFY2(g.load("hamiltonian",
                        {{"L", 4},
                         {"data", "exact"},
                         {"samples", 500},
                         {"heldOut", 100},
                         {"epochs", 2},
                         {"hidden", "8"},
                         {"run", "sweep"},
                         {"temperatures", "2,3"}},
                        &error),
                 qPrintable(error));
        QVERIFY(g.page->sweeping());
        g.w.setRunning(true);
        using S = dlab::autoregressive::HamiltonianSweep::SweepSnapshot;
        QTRY_VERIFY_WITH_TIMEOUT(g.shown<S>() && g.shown<S>()->finished, 30000);
        QCOMPARE(int(g.shown<S>()->rows.size()), 2);
    }

    // The page itself must leave room on a 1280×720 projector in presentation
    // mode (the control column takes its share of the width beside it).
    void pageFitsBesideTheControlsInPresentationMode()
    {
        Window g;
        g.w.setPresentationMode(true);
        for (Mode m : {Mode::Hamiltonian, Mode::Variational, Mode::Xy}) {
            g.page->setMode(m);
            const QSize min = g.page->minimumSizeHint();
            QVERIFY2(min.width() <= 700 && min.height() <= 560,
                     qPrintable(QString("mode %1: minimum %2×%3").arg(int(m)).arg(min.width()).arg(min.height())));
        }
    }

    void sessionsRoundTripAndBadValuesAreRefusedByName()
    {
        Window g;
        g.page->setMode(Mode::Variational);
        g.page->fields(Mode::Variational)->set("beta", 0.5);
        const QJsonObject saved = g.w.sessionJson();
        Window h;
        QString error;
        QVERIFY2(h.w.applySession(saved, &error), qPrintable(error));
        QCOMPARE(h.page->mode(), Mode::Variational);
        QCOMPARE(h.page->vanParams().beta, 0.5);

        QVERIFY(!h.load("variational", {{"L", 99}}, &error));
        QVERIFY2(error.contains("L") && error.contains("32"), qPrintable(error));
        QCOMPARE(h.page->vanParams().L, 8); // unchanged
        QVERIFY(!h.load("xy", {{"conditional", "gauss"}}, &error));
        QVERIFY2(error.contains("conditional"), qPrintable(error));
        QVERIFY(!h.load("hamiltonian", {{"hidden", "12,x"}}, &error));
        QVERIFY2(error.contains("hidden"), qPrintable(error));
        QVERIFY(!h.load("hamiltonian", {{"L", 8}, {"data", "exact"}}, &error));
        QVERIFY2(error.contains("data"), qPrintable(error));
    }
};

QTEST_MAIN(TestGuiAutoregressive)
#include "tst_gui_autoregressive.moc"
