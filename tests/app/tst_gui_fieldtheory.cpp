// Field theory page (offscreen): each tab runs its experiment (RBM spectrum
// from the rbm-spectrum preset, φ⁴ by HMC with a live κ change, the κ scan,
// a tiny diffusion run to the end); a bad coupling gives a visible error and
// the page recovers; sessions restore the tab and its fields; data export.
#include "DiffusionTab.hpp"
#include "FieldTheoryPage.hpp"
#include "MainWindow.hpp"
#include "Phi4Tab.hpp"
#include "RbmTab.hpp"

#include "engine/io/Npy.hpp"

#include <QDoubleSpinBox>
#include <QFile>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

#include "CsvReadBack.hpp"

using dlab::gui::FieldTheoryPage;
using dlab::gui::MainWindow;

namespace {

struct Window {
    MainWindow w;
    FieldTheoryPage* page = new FieldTheoryPage;
    Window()
    {
        w.addPage(page);
        w.resize(1280, 800);
    }
    bool applyParameters(const QJsonObject& parameters, QString* error)
    {
        QJsonObject session = w.sessionJson();
        session["parameters"] = parameters;
        return w.applySession(session, error);
    }
};

QStringList exportAndWait(MainWindow& w, const QString& directory, QString* error)
{
    QSignalSpy done(&w, &MainWindow::dataExported);
    w.exportData(directory);
    if (done.isEmpty() && !done.wait(20000)) {
        *error = "no dataExported() within 20 s";
        return {};
    }
    *error = done.first().at(1).toString();
    return done.first().at(0).toStringList();
}

} // namespace

class TestGuiFieldTheory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rbmPresetTrainsTowardsTheExactSpectrum()
    {
        Window g;
        QString error;
        QVERIFY(MainWindow::presetNames().contains("rbm-spectrum"));
        QVERIFY2(g.w.loadPreset("rbm-spectrum", &error), qPrintable(error));
        QCOMPARE(g.page->currentTab(), 0);
        QVERIFY(!g.w.teachingNote().isEmpty());
        g.w.setFullSpeed(true);
        g.w.setRunning(true);
        auto* rbm = g.page->rbmTab();
        QTRY_VERIFY_WITH_TIMEOUT(rbm->shown() && rbm->shown()->done, 20000);
        const auto s = rbm->shown();
        QCOMPARE(s->spectrum.size(), std::size_t(10));
        QVERIFY2(s->maxRelativeError < 0.01, qPrintable(rbm->readoutText()));
        QVERIFY(rbm->readoutText().contains("max relative error"));
    }

    void phi4RunsAndTakesALiveCouplingChange()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("phi4-symmetric", &error), qPrintable(error));
        QCOMPARE(g.page->currentTab(), 1);
        auto* phi4 = g.page->phi4Tab();
        g.w.setFullSpeed(true);
        g.w.setRunning(true);
        QTRY_VERIFY_WITH_TIMEOUT(phi4->shown() && phi4->shown()->estimates.samples > 100, 20000);
        auto* kappa = phi4->panel()->findChild<QDoubleSpinBox*>("kappa");
        QVERIFY(kappa);
        kappa->setValue(0.24); // live: same chains, statistics restart
        QTRY_VERIFY_WITH_TIMEOUT(phi4->shown()->params.kappa == 0.24, 10000);
        QVERIFY2(phi4->shown()->step > 0, "the experiment must not have been rebuilt");
        // Statistics restart with the new κ; the estimates return after thermalisation.
        QTRY_VERIFY_WITH_TIMEOUT(phi4->readoutText().contains(QStringLiteral("⟨|M|⟩")), 10000);

        // λ = 0 with κ = 0.3 has no stable free field: a visible error, no crash.
        auto* lambda = phi4->panel()->findChild<QDoubleSpinBox*>("lambda");
        lambda->setValue(0.0);
        kappa->setValue(0.3);
        QTRY_VERIFY_WITH_TIMEOUT(g.w.errorText().contains("kappa"), 5000);
        kappa->setValue(0.2); // recovers: the free field, with its exact values
        QTRY_VERIFY_WITH_TIMEOUT(phi4->shown()->params.kappa == 0.2 && phi4->shown()->exact.has_value(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(g.w.errorText().isEmpty(), 5000);

        QTemporaryDir dir;
        const QStringList files = exportAndWait(g.w, dir.path(), &error);
        QVERIFY2(files.size() == 2, qPrintable(error));
        const auto fieldsFile = dlab::readNpy(files[0].toStdString());
        QCOMPARE(fieldsFile.shape.size(), std::size_t(3));
        QCOMPARE(int(fieldsFile.shape[1]), phi4->shown()->params.L);
        dlab::test::CsvReadBack trace;
        try {
            trace = dlab::test::readBackCsv(files[1]);
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QString("phi4_trace.csv does not read back: %1").arg(e.what())));
        }
        QCOMPARE(trace.columns, (QStringList{"update", "M", "abs_M"}));
        QCOMPARE(trace.header.value("kappa"), QString("0.2"));
        QCOMPARE(trace.header.value("lambda"), QString("0"));
        QVERIFY2(trace.header.contains("seed") && trace.header.contains("algorithm"),
                 "the header names seed and algorithm");
        QCOMPARE(int(trace.values.cols()), 3); // rows: the trace restarted at the κ change
    }

    void kappaScanShowsPointsPerKappa()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("phi4-kappa-scan", &error), qPrintable(error));
        QVERIFY2(g.applyParameters(QJsonObject{{"tab", "phi4"},
                                               {"phi4", QJsonObject{{"L", 6},
                                                                    {"scan", true},
                                                                    {"kappas", "0.2,0.3"},
                                                                    {"scanUpdates", 300},
                                                                    {"thermalize", 100}}}},
                                   &error),
                 qPrintable(error));
        g.w.setFullSpeed(true);
        g.w.setRunning(true);
        auto* phi4 = g.page->phi4Tab();
        QTRY_VERIFY_WITH_TIMEOUT(phi4->shownScan() && phi4->shownScan()->done, 20000);
        QCOMPARE(phi4->shownScan()->points.size(), std::size_t(2));
        // Deep in the broken phase ⟨|M|⟩ is larger.
        QVERIFY(phi4->shownScan()->points[1].estimates.absM.mean > phi4->shownScan()->points[0].estimates.absM.mean);
    }

    void diffusionRunsToItsTable()
    {
        Window g;
        QString error;
        QVERIFY2(g.applyParameters(QJsonObject{{"tab", "diffusion"},
                                               {"diffusion", QJsonObject{{"L", 4},
                                                                         {"trainSize", 256},
                                                                         {"samples", 64},
                                                                         {"epochs", 2},
                                                                         {"steps", 20},
                                                                         {"langevinSteps", 20}}}},
                                   &error),
                 qPrintable(error));
        QCOMPARE(g.page->currentTab(), 2);
        g.w.setFullSpeed(true);
        g.w.setRunning(true);
        auto* diffusion = g.page->diffusionTab();
        QTRY_VERIFY_WITH_TIMEOUT(diffusion->shown() && diffusion->shown()->done, 30000);
        QCOMPARE(diffusion->shown()->sets.size(), std::size_t(4));
        QVERIFY(diffusion->tableText().contains("generated vs HMC test"));
        QTemporaryDir dir;
        const QStringList files = exportAndWait(g.w, dir.path(), &error);
        QVERIFY2(files.size() == 3, qPrintable(error));
        QCOMPARE(int(dlab::readNpy(files[2].toStdString()).shape[0]), 64);
        const auto table = dlab::test::readBackCsv(files[0]);
        QCOMPARE(int(table.values.rows()), 4);
        QCOMPARE(table.header.value("set 0"), QString::fromStdString(diffusion->shown()->sets[0].name));
        QVERIFY2(table.header.contains("seed") && table.header.contains("kappa"), "the header names seed and kappa");
        QVERIFY2(dlab::test::readBackCsv(files[1]).values.rows() > 0, "the loss history has rows");
    }

    void sessionsRestoreTabAndFields()
    {
        QString error;
        QJsonObject saved;
        {
            Window g;
            QVERIFY2(g.w.loadPreset("rbm-hidden-cutoff", &error), qPrintable(error));
            saved = g.w.sessionJson();
        }
        Window g;
        g.page->setCurrentTab(1);
        QVERIFY2(g.w.applySession(saved, &error), qPrintable(error));
        QCOMPARE(g.page->currentTab(), 0);
        QCOMPARE(g.page->rbmTab()->currentParams().hidden, 7);
        // A bad field names itself and leaves the window as it was.
        QJsonObject bad = saved;
        QJsonObject params = bad["parameters"].toObject();
        QJsonObject rbm = params["rbm"].toObject();
        rbm["hidden"] = -3;
        params["rbm"] = rbm;
        bad["parameters"] = params;
        QVERIFY(!g.w.applySession(bad, &error));
        QVERIFY2(error.contains("hidden"), qPrintable(error));
        QCOMPARE(g.page->rbmTab()->currentParams().hidden, 7);
    }
};

QTEST_MAIN(TestGuiFieldTheory)
#include "tst_gui_fieldtheory.moc"
