// Every page fits a projector: in presentation mode at 1280×720 (and at
// 1920×1080) the window keeps exactly that size, no visible widget lies
// outside it, no label's text is cut and no chart shows an elided tick label.
// Also: the error banner never moves
// a control, Space toggles Run whatever has the focus (but types in a text
// field), and the guide has a page for every page of the window.
#include "ErrorBanner.hpp"
#include "HelpGuide.hpp"
#include "MainWindow.hpp"
#include "Pages.hpp"
#include "widgets/ChartPanel.hpp"

#include <QAbstractScrollArea>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QGraphicsView>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QtTest>

using dlab::gui::MainWindow;

namespace {

// Widgets inside a scroll area are clipped by its viewport, not the window.
bool insideScrollArea(const QWidget* w, const QWidget* top)
{
    for (const QWidget* p = w->parentWidget(); p && p != top; p = p->parentWidget())
        if (qobject_cast<const QAbstractScrollArea*>(p)) return true;
    return false;
}

// Qt Charts draws tick labels (and axis titles, legend entries) as text items
// in the chart's scene and elides one that lacks room to "..." — e.g. the
// step axes of the duality page's small charts when a long paragraph beside
// them took their height (session 7). Lists every such text of a chart.
QStringList elidedChartTexts(const dlab::widgets::ChartPanel* chart)
{
    QStringList elided;
    for (const auto* view : chart->findChildren<QGraphicsView*>()) {
        if (!view->scene()) continue;
        for (const QGraphicsItem* item : view->scene()->items()) {
            const auto* text = dynamic_cast<const QGraphicsTextItem*>(item);
            if (!text || !text->isVisible()) continue;
            const QString plain = text->toPlainText();
            if (plain.endsWith("...") || plain.endsWith(QChar(0x2026)))
                elided << QString("chart \"%1\" (%2×%3 px) shows the elided label \"%4\"")
                              .arg(chart->objectName())
                              .arg(chart->width())
                              .arg(chart->height())
                              .arg(plain);
        }
    }
    return elided;
}

// Problems of the visible widgets of `window`: outside the window, or a
// single-line label whose text is wider than the label.
QStringList layoutProblems(QWidget* window)
{
    QStringList problems;
    const QRect bounds = window->rect().adjusted(-1, -1, 1, 1);
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(window) || w->isWindow()) continue;
        // Axis titles are drawn by the chart, not QLabels: a plot area shorter
        // than its y title elides it to "…", even inside a scroll area.
        if (auto* chart = qobject_cast<dlab::widgets::ChartPanel*>(w)) {
            const QString cramped = chart->crampedAxisTitles();
            if (!cramped.isEmpty()) problems << cramped;
            problems << elidedChartTexts(chart);
        }
        if (insideScrollArea(w, window)) continue;
        const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
        const QString name = QString("%1 \"%2\"").arg(w->metaObject()->className(), w->objectName());
        if (!bounds.contains(r))
            problems << QString("%1 at (%2, %3) %4×%5 lies outside the %6×%7 window")
                            .arg(name)
                            .arg(r.x())
                            .arg(r.y())
                            .arg(r.width())
                            .arg(r.height())
                            .arg(window->width())
                            .arg(window->height());
        // A chart squeezed below its minimum elides its tick labels to "…".
        if (auto* chart = qobject_cast<dlab::widgets::ChartPanel*>(w)) {
            const QSize need = chart->minimumSizeHint();
            if (chart->width() < need.width() || chart->height() < need.height())
                problems << QString("chart \"%1\" is %2×%3, needs %4×%5 for its labels")
                                .arg(chart->windowTitle())
                                .arg(chart->width())
                                .arg(chart->height())
                                .arg(need.width())
                                .arg(need.height());
        }
        if (auto* label = qobject_cast<QLabel*>(w)) {
            if (label->wordWrap() || label->text().isEmpty() || Qt::mightBeRichText(label->text())) continue;
            const int needed = label->fontMetrics().horizontalAdvance(label->text());
            if (needed > label->contentsRect().width() + 1)
                problems << QString("label \"%1\" needs %2 px but has %3")
                                .arg(label->text())
                                .arg(needed)
                                .arg(label->contentsRect().width());
        }
    }
    return problems;
}

// A session holding one finished duality run (restored, not re-run).
QJsonObject restoredDualityRun()
{
    const QJsonObject run{{"line", "0.2,0,0.811,1,dual,0.8113,0,0,-2.4346,2.6319,1,0.005,0.97,0.005,0.005,0.005,0.005,"
                                   "0.005,0.16,0.0021,1500,4.2,1,1.2,1.3,0.004,1.9"},
                          {"L", 8},
                          {"learned", QJsonArray{true, false, false}},
                          {"neutralStart", true},
                          {"finished", true},
                          {"restarts", 2},
                          {"verdict", "found the KW dual: t0 = 0.811, expected β̃ = 0.811 (attention on slot 1)"}};
    return {{"schema", "dualitylab-session"},
            {"version", 1},
            {"page", "duality"},
            {"seed", 1},
            {"parameters", QJsonObject{}},
            {"results", QJsonObject{{"duality", QJsonObject{{"run", run}}}}}};
}

struct Window {
    MainWindow w;
    Window() { dlab::gui::addStandardPages(w); }
};

} // namespace

class TestGuiLayout : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void everyPageFitsPresentationMode_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x720") << QSize(1280, 720);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }
    void everyPageFitsPresentationMode()
    {
        QFETCH(QSize, size);
        Window g;
        g.w.setPresentationMode(true);
        g.w.resize(size);
        g.w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&g.w));
        // The duality page with a finished run on it: its verdict and the
        // 'about this run' text share the height with the small charts (in
        // session 7 that paragraph squeezed their step axes to "…").
        QString error;
        QVERIFY2(g.w.applySession(restoredDualityRun(), &error), qPrintable(error));
        auto* tabs = g.w.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QStringList problems;
        // Every page, and every tab inside a page (the field theory, dual
        // frames and duality pages have their own tabs).
        auto innerTabs = [&](int page) {
            QList<QPair<QTabWidget*, int>> views{{nullptr, -1}};
            for (auto* inner : tabs->widget(page)->findChildren<QTabWidget*>())
                for (int k = 0; k < inner->count(); ++k)
                    views.append({inner, k});
            return views;
        };
        for (int i = 0; i < tabs->count(); ++i)
            for (const auto& [inner, k] : innerTabs(i)) {
                tabs->setCurrentIndex(i);
                if (inner) inner->setCurrentIndex(k);
                const QString pageName = inner ? tabs->tabText(i) + " / " + inner->tabText(k) : tabs->tabText(i);
                QApplication::processEvents();
                QTest::qWait(50);
                if (g.w.size() != size)
                    problems << QString("page %1: the window grew to %2×%3 (this page needs %4×%5)")
                                    .arg(pageName)
                                    .arg(g.w.width())
                                    .arg(g.w.height())
                                    .arg(tabs->widget(i)->minimumSizeHint().width())
                                    .arg(tabs->widget(i)->minimumSizeHint().height());
                // The status bar's labels change text on a timer; lay out what is
                // pending so a label is judged in its new layout, not the old one.
                QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
                for (const QString& p : layoutProblems(&g.w))
                    problems << QString("page %1: %2").arg(pageName, p);
            }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        // Leaving presentation mode gives the normal layout back, at the same size.
        g.w.setPresentationMode(false);
        QApplication::processEvents();
        QCOMPARE(g.w.size(), size);
    }

    void errorBannerDoesNotMoveControls()
    {
        Window g;
        g.w.resize(1280, 720);
        g.w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&g.w));
        QList<QPair<QWidget*, QRect>> before;
        // The page and the control column (the status bar's texts change with time).
        auto inStatusBar = [](const QWidget* w) {
            for (; w; w = w->parentWidget())
                if (qobject_cast<const QStatusBar*>(w)) return true;
            return false;
        };
        for (QWidget* w : g.w.findChildren<QWidget*>())
            if (w->isVisible() && !qobject_cast<dlab::gui::ErrorBanner*>(w) && !inStatusBar(w))
                before.append({w, w->geometry()});
        auto* banner = g.w.findChild<dlab::gui::ErrorBanner*>();
        QVERIFY(banner);
        banner->showMessage("L: 5000 is out of range (allowed: 2 to 4096); kept 64");
        QApplication::processEvents();
        QVERIFY(banner->isVisible());
        QCOMPARE(g.w.errorText(), QString("L: 5000 is out of range (allowed: 2 to 4096); kept 64"));
        for (const auto& [w, r] : before)
            if (w->parentWidget() != banner)
                QVERIFY2(w->geometry() == r, qPrintable(QString("%1 moved").arg(w->metaObject()->className())));
        banner->showMessage(QString());
        QVERIFY(g.w.errorText().isEmpty());
    }

    void spaceRunsWhateverHasFocusExceptTextFields()
    {
        Window g;
        g.w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&g.w));
        g.w.setRunning(false);
        auto* button = g.w.findChild<QPushButton*>("guideButton");
        QVERIFY(button);
        button->setFocus();
        QTest::keyClick(button, Qt::Key_Space);
        QVERIFY2(g.w.isRunning(), "Space on a focused button should run, not click the button");
        QTest::keyClick(button, Qt::Key_Space);
        QVERIFY(!g.w.isRunning());
        QLineEdit* edit = nullptr;
        for (auto* e : g.w.findChildren<QLineEdit*>())
            if (e->isVisible() && !e->isReadOnly() && !qobject_cast<QAbstractSpinBox*>(e->parentWidget())) edit = e;
        if (edit) {
            edit->setFocus();
            const QString text = edit->text();
            QTest::keyClick(edit, Qt::Key_Space);
            QVERIFY2(!g.w.isRunning(), "Space in a text field types a space");
            QCOMPARE(edit->text().size(), text.size() + 1);
        }
    }

    void sessionsHoldEveryPageAndNotesBelongToTheirPage()
    {
        Window g;
        QString error;
        QVERIFY2(g.w.loadPreset("critical", &error), qPrintable(error));
        g.w.setRunning(false);
        QVERIFY(!g.w.teachingNote().isEmpty());
        QVERIFY(!g.w.teachingNoteStale());
        // Another page's parameters travel in the same session.
        auto* duality = g.w.pages()[1];
        QJsonObject d = duality->saveParameters();
        d["L"] = 12;
        duality->loadParameters(d);
        const QJsonObject session = g.w.sessionJson();
        QCOMPARE(session["pages"].toObject()[duality->id()].toObject()["L"].toInt(), 12);
        d["L"] = 6;
        duality->loadParameters(d);
        QVERIFY2(g.w.applySession(session, &error), qPrintable(error));
        QCOMPARE(duality->saveParameters()["L"].toInt(), 12);
        // The Monte Carlo note does not follow to another page …
        QVERIFY(g.w.showPage(duality->id()));
        QVERIFY2(g.w.teachingNote().isEmpty(), "a preset's note belongs to its page");
        QVERIFY(g.w.showPage("montecarlo"));
        QVERIFY(!g.w.teachingNote().isEmpty());
        // … and says so when the parameters have left the preset.
        QJsonObject mc = g.w.currentPage()->saveParameters();
        mc["beta"] = 0.6;
        g.w.currentPage()->loadParameters(mc);
        QVERIFY(g.w.teachingNoteStale());
        QVERIFY2(!g.w.sessionJson().contains("note"), "a stale note is not saved as if it described the session");
    }

    void guideHasAPageForEveryPage()
    {
        Window g;
        const QStringList ids = dlab::gui::HelpGuide::pageIds();
        for (const QString& id : g.w.pageIds()) {
            QVERIFY2(ids.contains(id), qPrintable("no guide page for " + id));
            const QString md = dlab::gui::HelpGuide::pageMarkdown(id);
            QVERIFY2(md.startsWith("# ") && md.size() > 600, qPrintable("guide page " + id + " is too short"));
        }
        auto* guide = g.w.showGuide();
        QCOMPARE(guide->currentId(), g.w.currentPage()->id());
        guide->showPage("shortcuts");
        QVERIFY2(guide->currentText().contains("F11") && guide->currentText().contains("Space"),
                 qPrintable(guide->currentText()));
    }
};

QTEST_MAIN(TestGuiLayout)
#include "tst_gui_layout.moc"
