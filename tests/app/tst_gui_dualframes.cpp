// Dual frames page (offscreen): every preset loads; each tab runs a small
// experiment to the end through the window's runner, its numbers appear on
// the views, and figure and data export write files; sessions round-trip
// every tab's parameters and the visible tab; bad sessions name the field;
// at 1280×720 in presentation mode the views keep a usable size.
#include "DualFramesChainTab.hpp"
#include "DualFramesFourierTab.hpp"
#include "DualFramesPage.hpp"
#include "DualFramesTemperatureTab.hpp"
#include "MainWindow.hpp"

#include "engine/io/Npy.hpp"
#include "widgets/BarChart.hpp"
#include "widgets/ChartPanel.hpp"

#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "CsvReadBack.hpp"
#include <cmath>

using dlab::gui::DualFramesPage;
using dlab::gui::MainWindow;

namespace {

struct Window {
    MainWindow w;
    DualFramesPage* page = new DualFramesPage;
    Window()
    {
        w.addPage(page);
        w.resize(1280, 800);
    }
};

// Small runs of each tab: seconds, not minutes, on a loaded machine.
QJsonObject smallParameters(const QString& tab)
{
    return QJsonObject{
        {"tab", tab},
        {"temperature", QJsonObject{{"L", 6},
                                    {"t0", 1.5},
                                    {"dts", QJsonArray{0.5, 1.0}},
                                    {"samples", 200},
                                    {"energySamples", 4000},
                                    {"epochs", 3}}},
        {"chain", QJsonObject{{"N", 8},
                              {"n", 3},
                              {"train", QJsonArray{60, 120}},
                              {"epochs", 10},
                              {"latent", 8},
                              {"autoencoderEpochs", 2}}},
        {"fourier", QJsonObject{{"N", 64}, {"train", 400}, {"epochs", 4}, {"plainEpochs", 3}, {"amplitude", 0.5}}},
    };
}

QJsonObject session(const QString& tab)
{
    return QJsonObject{{"schema", "dualitylab-session"},
                       {"version", 1},
                       {"page", "dualframes"},
                       {"seed", 3},
                       {"running", true},
                       {"fullSpeed", true},
                       {"parameters", smallParameters(tab)}};
}

bool finiteIn01(double v) { return std::isfinite(v) && v >= 0 && v <= 1; }

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

} // namespace

class TestGuiDualFrames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presetsLoadOnTheirTabs_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("tab");
        QTest::newRow("temperature") << "dual-frames-temperature"
                                     << "temperature";
        QTest::newRow("spin chain") << "dual-frames-spin-chain"
                                    << "chain";
        QTest::newRow("fourier") << "dual-frames-fourier"
                                 << "fourier";
    }

    void presetsLoadOnTheirTabs()
    {
        QFETCH(QString, preset);
        QFETCH(QString, tab);
        Window g;
        QString error;
        QVERIFY(MainWindow::presetNames().contains(preset));
        QVERIFY2(g.w.loadPreset(preset, &error), qPrintable(error));
        g.w.setRunning(false);
        QCOMPARE(g.page->currentTab()->key(), tab);
        QVERIFY(!g.w.teachingNote().isEmpty());
        QVERIFY2(g.w.errorText().isEmpty(), qPrintable(g.w.errorText()));
    }

    void fourierTabRunsAndExports()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.applySession(session("fourier"), &error), qPrintable(error));
        g.w.show();
        auto* tab = g.page->fourierTab();
        QTRY_VERIFY_WITH_TIMEOUT(tab->shown() && tab->shown()->done, 30000);
        const auto s = tab->shown();
        QCOMPARE(s->length, 64);
        QVERIFY(finiteIn01(s->accuracyPlain) && finiteIn01(s->accuracySeparation) && finiteIn01(s->accuracyMatched));
        QCOMPARE(tab->accuracyBars()->values().size(), std::size_t(3));
        QCOMPARE(tab->accuracyBars()->values()[1], s->accuracySeparation);
        QVERIFY(g.page->statusText().contains("done"));

        QTemporaryDir dir;
        QVERIFY2(g.w.exportFigure(dir.filePath("fourier.png"), 100, &error), qPrintable(error));
        QVERIFY(!QImage(dir.filePath("fourier.png")).isNull());
        const QStringList files = exportAndWait(g.w, dir.filePath("data"), &error);
        QVERIFY2(files.size() == 5, qPrintable(error + " / " + files.join(", ")));
        const auto accuracy = dlab::test::readBackCsv(files[0]);
        QCOMPARE(accuracy.columns.first(), QString("accuracy_plain"));
        QCOMPARE(accuracy.header.value("length N"), QString("64"));
        QVERIFY2(accuracy.header.contains("seed"), "the header names the seed");
        QVERIFY2(std::abs(accuracy.values(0, 1) - s->accuracySeparation) < 1e-9, "the accuracy reads back");
        const auto weights = dlab::readNpy(dir.filePath("data/fourier_weights.npy").toStdString());
        QCOMPARE(weights.shape, (std::vector<std::size_t>{2, 64}));
    }

    void chainTabRunsAndExports()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.applySession(session("chain"), &error), qPrintable(error));
        g.w.show();
        auto* tab = g.page->chainTab();
        QTRY_VERIFY_WITH_TIMEOUT(tab->shown() && tab->shown()->done, 30000);
        const auto s = tab->shown();
        QCOMPARE(s->states, 256LL);
        QCOMPARE(s->results.size(), std::size_t(2));
        for (const auto& r : s->results)
            for (double a : r.accuracy)
                QVERIFY2(finiteIn01(a), qPrintable(QString("balanced accuracy %1").arg(a)));
        QCOMPARE(s->sensitivity.rows(), 8);
        QTemporaryDir dir;
        const QStringList files = exportAndWait(g.w, dir.path(), &error);
        QVERIFY2(files.size() == 7, qPrintable(error + " / " + files.join(", ")));
        const auto accuracy = dlab::test::readBackCsv(files[0]);
        QCOMPARE(accuracy.columns.first(), QString("train"));
        QCOMPARE(accuracy.header.value("spins").toInt(), s->spins);
        QVERIFY2(accuracy.header.contains("seed"), "the header names the seed");
        QCOMPARE(int(accuracy.values.rows()), int(s->results.size()));
        const auto dual = dlab::readNpy(dir.filePath("chain_sensitivity_dual.npy").toStdString());
        QCOMPARE(dual.shape, (std::vector<std::size_t>{8, 8}));
    }

    void temperatureTabRunsAndExports()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.applySession(session("temperature"), &error), qPrintable(error));
        g.w.show();
        auto* tab = g.page->temperatureTab();
        // Values change while it runs: the stage moves on.
        QTRY_VERIFY_WITH_TIMEOUT(tab->shown() && tab->shown()->progress > 0, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(tab->shown() && tab->shown()->done, 60000);
        const auto s = tab->shown();
        QCOMPARE(s->results.size(), std::size_t(2));
        for (const auto& r : s->results)
            for (int f = 0; f < 2; ++f)
                QVERIFY(finiteIn01(r.accuracy[f]) && finiteIn01(r.best[f]));
        QVERIFY(tab->accuracyChart()->plottedPoints(0) > 0); // the best-possible curve is drawn
        // The end points' markers are not cut by the plot's edges: ΔT = 0.5 and 1.0 lie inside.
        const QRectF range = tab->accuracyChart()->viewRange();
        QVERIFY2(range.left() < 0.5 && range.right() > 1.0,
                 qPrintable(QString("x range [%1, %2] does not enclose ΔT = 0.5 … 1.0 with a margin")
                                .arg(range.left())
                                .arg(range.right())));
        QTemporaryDir dir;
        const QStringList files = exportAndWait(g.w, dir.path(), &error);
        QVERIFY2(files.size() == 3, qPrintable(error + " / " + files.join(", ")));
        const auto examples = dlab::readConfigurations(dir.filePath("temperature_examples.npy").toStdString());
        QCOMPARE(int(examples.size()), 6); // 2 frames × 3 temperatures
        QCOMPARE(examples[0].size(), 6);
        const auto accuracy = dlab::test::readBackCsv(dir.filePath("temperature_accuracy.csv"));
        QCOMPARE(accuracy.header.value("L").toInt(), s->L);
        QVERIFY2(accuracy.header.contains("seed"), "the header names the seed");
        QCOMPARE(int(accuracy.values.rows()), 2);
        const auto histograms = dlab::test::readBackCsv(dir.filePath("temperature_histograms.csv"));
        QCOMPARE(histograms.header.value("frame 1"), QString("dual"));
        QVERIFY2(histograms.values.rows() > 0, "the histograms have rows");
    }

    void sessionRoundTripKeepsEveryTab()
    {
        QJsonObject saved;
        {
            Window a;
            QString error;
            QJsonObject s = session("chain");
            s["running"] = false;
            QVERIFY2(a.w.applySession(s, &error), qPrintable(error));
            saved = a.w.sessionJson();
        }
        QCOMPARE(saved["parameters"].toObject()["tab"].toString(), QString("chain"));
        Window b;
        QString error;
        QVERIFY2(b.w.applySession(saved, &error), qPrintable(error));
        QCOMPARE(b.page->currentTab()->key(), QString("chain"));
        QCOMPARE(b.page->chainTab()->params().trainSizes, (std::vector<int>{60, 120}));
        QCOMPARE(b.page->temperatureTab()->params().dts, (std::vector<double>{0.5, 1.0}));
        QCOMPARE(b.page->fourierTab()->params().length, 64);
        QCOMPARE(b.w.sessionJson()["parameters"].toObject(), saved["parameters"].toObject());
    }

    void badSessionsNameTheField_data()
    {
        QTest::addColumn<QString>("tab");
        QTest::addColumn<QJsonObject>("values");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("N too large") << "chain" << QJsonObject{{"N", 30}} << "N";
        QTest::newRow("unknown metastability") << "chain" << QJsonObject{{"metastable", "weak"}} << "metastable";
        QTest::newRow("negative dt") << "temperature" << QJsonObject{{"dts", QJsonArray{0.1, -1}}} << "dts";
        QTest::newRow("text amplitude") << "fourier" << QJsonObject{{"amplitude", "loud"}} << "amplitude";
    }

    void badSessionsNameTheField()
    {
        QFETCH(QString, tab);
        QFETCH(QJsonObject, values);
        QFETCH(QString, mentions);
        Window g;
        QString error;
        QJsonObject s = session(tab);
        s["running"] = false;
        QVERIFY2(g.w.applySession(s, &error), qPrintable(error));
        const QJsonObject before = g.w.sessionJson();
        QJsonObject p = s["parameters"].toObject();
        p[tab] = values;
        s["parameters"] = p;
        QVERIFY(!g.w.applySession(s, &error));
        QVERIFY2(error.contains(mentions), qPrintable("error was: " + error));
        QCOMPARE(g.w.sessionJson()["parameters"].toObject(), before["parameters"].toObject());
    }

    void presentationModeAt1280x720KeepsViewsUsable()
    {
        Window g;
        QString error;
        QJsonObject s = session("fourier");
        s["running"] = false;
        QVERIFY2(g.w.applySession(s, &error), qPrintable(error));
        g.w.resize(1280, 720);
        g.w.setPresentationMode(true);
        g.w.show();
        for (const QString tab : {"temperature", "chain", "fourier"}) {
            g.page->setCurrentTab(tab);
            QApplication::processEvents();
            for (auto* chart : g.page->currentTab()->findChildren<dlab::widgets::ChartPanel*>()) {
                if (!chart->isVisible()) continue; // presentation mode shows the headline views only
                QVERIFY2(chart->width() >= 250 && chart->height() >= 180,
                         qPrintable(QString("%1 tab: chart '%2' is only %3×%4 px")
                                        .arg(tab, chart->objectName())
                                        .arg(chart->width())
                                        .arg(chart->height())));
            }
        }
    }
};

QTEST_MAIN(TestGuiDualFrames)
#include "tst_gui_dualframes.moc"
