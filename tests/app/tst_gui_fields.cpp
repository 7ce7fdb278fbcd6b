// One table of fields per page, ranges from the engine: a typed value the
// engine accepts is kept as typed (4096 stays 4096, not 409), one outside the
// range is refused with a message naming the field, the range and the value
// kept; a session with an out-of-range or wrongly typed value is refused
// naming the field, and nothing changes.
#include "FieldTable.hpp"
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"

#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using dlab::gui::FieldTable;

namespace {

void typeInto(QAbstractSpinBox* box, const QString& text)
{
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Enter);
}

} // namespace

class TestGuiFields : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void typedValuesAreKeptOrRefusedWithAReason()
    {
        QWidget host;
        FieldTable t;
        auto* L = t.addInteger("L", {}, dlab::MonteCarloParams::kMinL, dlab::MonteCarloParams::kMaxL, 64, "size");
        L->setParent(&host);
        host.show();
        QSignalSpy refused(&t, &FieldTable::refused);
        typeInto(L, "4096");
        QCOMPARE(L->value(), 4096);
        QVERIFY(refused.isEmpty());
        typeInto(L, "5000");
        QCOMPARE(L->value(), 4096);
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().first().toString(),
                 QString("L: 5000 is out of range (allowed: 2 to 4096); kept 4096"));
        QVERIFY2(L->toolTip().contains("2 to 4096"), qPrintable(L->toolTip()));
    }

    void sessionValuesAreCheckedBeforeAnythingChanges()
    {
        FieldTable t;
        auto* L = t.addInteger("L", {}, 2, 4096, 64, {});
        auto* beta = t.addReal("beta", {}, -20, 20, 8, 0.3, {});
        auto* algo = t.addChoice("algo", {}, {{"metropolis", "Metropolis"}, {"wolff", "Wolff"}}, "metropolis", {});
        QSignalSpy changed(&t, &FieldTable::changed);
        const QJsonObject before = t.save();
        auto refuses = [&](const QJsonObject& o, const QString& field) {
            try {
                t.load(o);
            } catch (const dlab::ParameterError& e) {
                QCOMPARE(QString::fromStdString(e.field()), field);
                QCOMPARE(t.save(), before); // nothing changed, not even the valid fields
                return;
            }
            QFAIL(qPrintable("expected a ParameterError naming " + field));
        };
        refuses({{"beta", 0.5}, {"L", 5000}}, "L");
        refuses({{"L", 32}, {"beta", "hot"}}, "beta");
        refuses({{"L", 32.5}}, "L");
        refuses({{"algo", "heatbath"}}, "algo");
        t.load({{"L", 4096}, {"beta", 4.0}, {"algo", "wolff"}});
        QCOMPARE(L->value(), 4096);
        QCOMPARE(beta->value(), 4.0);
        QCOMPARE(algo->currentData().toString(), QString("wolff"));
        QVERIFY2(changed.isEmpty(), "loading a session is not a user's change");
        L->setValue(128);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(t.integer("L"), 128);
    }

    void monteCarloPageTakesTheEnginesRange()
    {
        dlab::gui::MainWindow w;
        auto* page = new dlab::gui::MonteCarloPage;
        w.addPage(page);
        QJsonObject p = page->saveParameters();
        p["L"] = dlab::MonteCarloParams::kMaxL; // the engine's maximum is the GUI's
        p["chains"] = 1;
        page->loadParameters(p);
        QCOMPARE(page->currentParams().L, dlab::MonteCarloParams::kMaxL);
        p["L"] = dlab::MonteCarloParams::kMaxL + 1;
        QVERIFY_THROWS_EXCEPTION(dlab::ParameterError, page->loadParameters(p));
        QCOMPARE(page->currentParams().L, dlab::MonteCarloParams::kMaxL);
        p["L"] = 16;
        p["mode"] = "scan";
        p["scanL"] = "8,16";
        p["scanBetas"] = "0.3:0.5:0.1";
        page->loadParameters(p);
        QVERIFY(page->scanMode());
        const auto scan = page->scanParams();
        QCOMPARE(scan.sizes, (std::vector<int>{8, 16}));
        QCOMPARE(scan.betas.size(), std::size_t(3));
        p["scanL"] = "8,1000";
        QVERIFY_THROWS_EXCEPTION(dlab::ParameterError, page->loadParameters(p));
        QCOMPARE(page->scanParams().sizes, (std::vector<int>{8, 16}));
    }
};

QTEST_MAIN(TestGuiFields)
#include "tst_gui_fields.moc"
