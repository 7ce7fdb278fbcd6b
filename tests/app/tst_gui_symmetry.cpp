// Symmetries page (offscreen): the SO(2) preset runs and its training
// history grows; a bad potential expression gives a visible error, no crash,
// and the page recovers; "t-SNE of anything" embeds a generated CSV (and an
// NPY file can be cancelled) on a worker thread while the GUI keeps running;
// figure and data export.
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"
#include "SymmetryPage.hpp"

#include "engine/embed/Blobs.hpp"
#include "engine/io/Npy.hpp"
#include "widgets/ScatterPlot.hpp"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

#include "../TestTiming.hpp"

using dlab::gui::MainWindow;
using dlab::gui::SymmetryPage;
using dlab::symmetry::SymmetrySnapshot;

namespace {

struct Window {
    MainWindow w;
    SymmetryPage* page = new SymmetryPage;
    Window()
    {
        w.addPage(page);
        w.resize(1280, 800);
    }
};

// 200 points in 5 dimensions, 3 well-separated Gaussian clusters, as CSV
// (with a header) plus a labels file.
void writeBlobsCsv(const QString& path, const QString& labelsPath)
{
    const auto blobs = dlab::embed::gaussianBlobs(200, 5, 3, 7);
    QFile f(path), l(labelsPath);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Text));
    QVERIFY(l.open(QIODevice::WriteOnly | QIODevice::Text));
    QTextStream out(&f), labels(&l);
    out << "a,b,c,d,e\n";
    for (int i = 0; i < blobs.points.rows(); ++i) {
        for (int j = 0; j < blobs.points.cols(); ++j)
            out << (j ? "," : "") << QString::number(blobs.points(i, j), 'g', 10);
        out << '\n';
        labels << blobs.labels[std::size_t(i)] << '\n';
    }
}

} // namespace

class TestGuiSymmetry : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void presetRunsAndHistoryGrows()
    {
        Window g;
        QString error;
        QVERIFY(MainWindow::presetNames().contains("so2-symmetry"));
        QVERIFY2(g.w.loadPreset("so2-symmetry", &error), qPrintable(error));
        QVERIFY(!g.w.teachingNote().isEmpty());
        QCOMPARE(g.page->currentParams().dim, 2);
        g.w.show();
        g.w.setRunning(true);
        QTRY_VERIFY_WITH_TIMEOUT(g.page->shownSnapshot() && !g.page->shownSnapshot()->loss.empty(),
                                 dlab::test::scaledMs(5000));
        const std::size_t early = g.page->shownSnapshot()->loss.size();
        // Grows epoch by epoch (or training ends); generous for a loaded machine.
        auto grown = [&] {
            const auto s = g.page->shownSnapshot();
            return s->loss.size() > early || s->phase != SymmetrySnapshot::Phase::Training;
        };
        QTRY_VERIFY2_WITH_TIMEOUT(grown(),
                                  qPrintable(QString("loss history stayed at %1 epochs while training").arg(early)),
                                  dlab::test::scaledMs(15000));
        QTest::qWait(100);
        const auto s = g.page->shownSnapshot();
        QVERIFY(s);
        QCOMPARE(s->trainAccuracy.size(), s->loss.size());
        QCOMPARE(s->testAccuracy.size(), s->loss.size());
        for (double a : s->testAccuracy)
            QVERIFY2(a >= 0 && a <= 1, qPrintable(QString("accuracy %1 outside [0, 1]").arg(a)));
        QVERIFY(s->loss.back() < s->loss.front()); // it learns
        QVERIFY2(g.page->sampleView()->pointCount() > 1000,
                 qPrintable(QString("sample cloud shows %1 points").arg(g.page->sampleView()->pointCount())));
        QVERIFY2(g.w.errorText().isEmpty(), qPrintable(g.w.errorText()));
        QVERIFY(!g.page->statusText().isEmpty());
    }

    void badExpressionShowsErrorAndRecovers()
    {
        Window g;
        g.w.show();
        auto* potential = g.page->parameterPanel()->findChild<QComboBox*>("potential");
        auto* expression = g.page->parameterPanel()->findChild<QLineEdit*>("expression");
        QVERIFY(potential && expression);
        expression->setText("x^2 + (y");
        potential->setCurrentIndex(potential->findData("expression")); // restarts: fails
        QVERIFY(!g.w.reset());
        QVERIFY2(g.w.errorText().contains("potential"), qPrintable("window error: " + g.w.errorText()));
        QVERIFY2(g.page->panelError().contains("potential"), qPrintable("panel error: " + g.page->panelError()));
        expression->setText("x^2 + q");
        QVERIFY(!g.w.reset());
        QVERIFY2(g.page->panelError().contains("q"), qPrintable("unknown variable: " + g.page->panelError()));

        expression->setText("x^2 + 2*y^2");
        QVERIFY(g.w.reset());
        QVERIFY(g.page->panelError().isEmpty());
        QVERIFY2(g.w.errorText().isEmpty(), qPrintable(g.w.errorText()));
        g.w.setRunning(true);
        QTRY_VERIFY_WITH_TIMEOUT(g.page->shownSnapshot() && g.page->shownSnapshot()->points,
                                 dlab::test::scaledMs(30000));
    }

    void tsneOfFileCompletes()
    {
        Window g;
        g.w.show();
        QTemporaryDir dir;
        const QString csv = dir.filePath("blobs.csv"), labels = dir.filePath("blobs.labels.csv");
        writeBlobsCsv(csv, labels);
        g.page->loadParameters(QJsonObject{{"tsneIterations", 400}, {"perplexity", 20}});
        QVERIFY(g.page->embedFile(csv, labels));
        QVERIFY(g.page->fileEmbeddingRunning() || g.page->fileEmbeddingFinished());
        QElapsedTimer clock;
        clock.start();
        while (!g.page->fileEmbeddingFinished() && clock.elapsed() < dlab::test::scaledMs(15000)) {
            QTest::qWait(20);
        }
        QVERIFY2(g.page->fileEmbeddingFinished(), "t-SNE of 200 points did not finish within 15 s");
        QTest::qWait(100); // one more poll of the page's timer
        QCOMPARE(g.page->tsneView()->pointCount(), std::size_t(200));
        QVERIFY(g.page->tsneView()->viewRect().width() > 0);

        // Mismatched labels are refused with a message, the old embedding stays.
        QFile bad(dir.filePath("bad.labels.csv"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("0\n1\n");
        bad.close();
        // The file is read on a worker, so the refusal comes when the read ends.
        QVERIFY(g.page->embedFile(csv, dir.filePath("bad.labels.csv")));
        QTRY_VERIFY_WITH_TIMEOUT(!g.page->fileLoading(), dlab::test::scaledMs(30000));
        QTest::qWait(100); // one more poll of the page's timer
        QVERIFY2(g.w.errorText().contains("labels"), qPrintable("window error: " + g.w.errorText()));
        QCOMPARE(g.page->tsneView()->pointCount(), std::size_t(200));
        QVERIFY(!g.page->embedFile(dir.filePath("missing.npy")));
        QVERIFY2(g.w.errorText().contains("no such file"), qPrintable("window error: " + g.w.errorText()));
    }

    void monteCarloConfigurationsEmbedByBeta()
    {
        // Record configurations at two β on the Monte Carlo page, then hand
        // them to the Symmetries page: one t-SNE class per β.
        MainWindow w;
        auto* mc = new dlab::gui::MonteCarloPage;
        auto* sym = new dlab::gui::SymmetryPage;
        w.addPage(mc);
        w.addPage(sym);
        w.resize(1360, 860);
        QJsonObject p = mc->saveParameters();
        p["L"] = 12;
        p["chains"] = 2;
        p["beta"] = 0.25;
        p["thermalize"] = 20;
        p["sweepsPerStep"] = 10;
        mc->loadParameters(p);
        sym->loadParameters(QJsonObject{{"tsneIterations", 250}, {"perplexity", 10}});
        w.setFullSpeed(true);
        w.reset();
        w.setRunning(true);
        auto recorded = [&] { return mc->shownSnapshot() ? mc->shownSnapshot()->albumConfigurations : 0; };
        QTRY_VERIFY_WITH_TIMEOUT(recorded() >= 40, dlab::test::scaledMs(10000));
        auto* beta = mc->parameterPanel()->findChild<QDoubleSpinBox*>("beta");
        QVERIFY(beta);
        beta->setValue(0.6);
        QTRY_VERIFY_WITH_TIMEOUT(mc->shownSnapshot() && mc->shownSnapshot()->albumGroups == 2 &&
                                     mc->shownSnapshot()->albumConfigurations >= 120,
                                 10000);
        auto* embed = mc->parameterPanel()->findChild<QPushButton*>("embedConfigurations");
        QVERIFY(embed);
        QTRY_VERIFY(embed->isEnabled());
        embed->click();
        QTRY_COMPARE_WITH_TIMEOUT(w.currentPage(), static_cast<dlab::gui::ExperimentPage*>(sym),
                                  dlab::test::scaledMs(5000));
        QTRY_VERIFY_WITH_TIMEOUT(sym->fileEmbeddingFinished(), dlab::test::scaledMs(20000));
        QTest::qWait(100); // one more poll of the page's timer
        QVERIFY2(w.errorText().isEmpty(), qPrintable(w.errorText()));
        QVERIFY2(sym->tsneView()->pointCount() >= 120,
                 qPrintable(QString("%1 points embedded").arg(sym->tsneView()->pointCount())));
        const QStringList names = sym->tsneView()->classNames();
        QVERIFY2(names.size() == 2 && names[0] == "β = 0.25" && names[1] == "β = 0.6",
                 qPrintable("classes: " + names.join(" | ")));
    }

    void tsneOfNpyCanBeCancelled()
    {
        Window g;
        QTemporaryDir dir;
        const auto blobs = dlab::embed::gaussianBlobs(600, 10, 4, 3);
        std::vector<double> values;
        for (int i = 0; i < blobs.points.rows(); ++i)
            for (int j = 0; j < blobs.points.cols(); ++j)
                values.push_back(blobs.points(i, j));
        const QString npy = dir.filePath("x.npy");
        dlab::writeNpyFloat64(npy.toStdString(), {600, 10}, values);
        g.page->loadParameters(QJsonObject{{"tsneIterations", 10000}});
        QVERIFY(g.page->embedFile(npy));
        QTest::qWait(200);
        g.page->cancelFileEmbedding();
        QTRY_VERIFY_WITH_TIMEOUT(g.page->fileEmbeddingFinished(), dlab::test::scaledMs(30000));
    }

    void exportsFigureAndData()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("so2-symmetry", &error), qPrintable(error));
        g.w.show();
        g.w.setRunning(true);
        QTRY_VERIFY_WITH_TIMEOUT(g.page->shownSnapshot() && g.page->shownSnapshot()->loss.size() >= 2,
                                 dlab::test::scaledMs(8000));
        QTemporaryDir dir;
        for (const char* name : {"fig.png", "fig.svg"})
            QVERIFY2(g.w.exportFigure(dir.filePath(name), 100, &error), qPrintable(error));
        const QImage png(dir.filePath("fig.png"));
        QVERIFY(!png.isNull());
        QVERIFY(png.width() > 400);
        QSignalSpy exported(&g.w, &dlab::gui::MainWindow::dataExported);
        g.w.exportData(dir.filePath("data"));
        QVERIFY(!exported.isEmpty() || exported.wait(10000));
        const QStringList files = exported.first().at(0).toStringList();
        QVERIFY2(files.size() >= 2, qPrintable(exported.first().at(1).toString()));
        QFile training(dir.filePath("data/training.csv"));
        QVERIFY(training.open(QIODevice::ReadOnly));
        QByteArray line = training.readLine();
        QVERIFY2(line.startsWith("# program: DualityLab"), line.constData()); // says what produced it
        while (line.startsWith('#'))
            line = training.readLine();
        QVERIFY(line.startsWith("epoch,loss"));
    }
};

QTEST_MAIN(TestGuiSymmetry)
#include "tst_gui_symmetry.moc"
