// The dualitylab executable: automation flags render a screenshot without
// user interaction; a bad preset fails clearly; without any display it says
// so and runs the headless default instead of crashing.
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class TestGuiAutomation : public QObject {
    Q_OBJECT
    struct Result {
        int code;
        QByteArray out, err;
    };
    static Result run(const QStringList& args, const QProcessEnvironment& env)
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(DLAB_GUI_PATH, args);
        if (!p.waitForFinished(60000)) p.kill();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
                p.readAllStandardError()};
    }
    static QProcessEnvironment offscreen()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        return env;
    }

private Q_SLOTS:
    void screenshotAfterRunning()
    {
        QTemporaryDir dir;
        const QString shot = dir.filePath("shot.png");
        const auto r = run({"--preset", "critical", "--run-for", "1", "--screenshot", shot, "--quit"}, offscreen());
        QVERIFY2(r.code == 0, r.err.constData());
        const QImage img(shot);
        QVERIFY2(!img.isNull(), "screenshot should be a decodable PNG");
        QVERIFY(img.width() >= 800 && img.height() >= 500);
    }

    void sizeIsExactOrAnError()
    {
        QTemporaryDir dir;
        const QString shot = dir.filePath("shot.png");
        auto r = run({"--preset", "beta-scan", "--presentation", "--size", "1280x720", "--run-for", "1", "--screenshot",
                      shot, "--quit"},
                     offscreen());
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QImage(shot).size(), QSize(1280, 720));
        r = run({"--page", "symmetry", "--presentation", "--size", "1920x1080", "--screenshot", shot, "--quit"},
                offscreen());
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(QImage(shot).size(), QSize(1920, 1080));
        // A window that cannot shrink that far is a failure, not a bigger picture.
        r = run({"--size", "400x300", "--screenshot", shot, "--quit"}, offscreen());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot be that small"), r.err.constData());
        for (const char* bad : {"1280", "12x720", "axb"}) {
            r = run({"--size", bad, "--quit"}, offscreen());
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains("--size"), r.err.constData());
        }
        r = run({"--page", "nowhere", "--quit"}, offscreen());
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("montecarlo"), r.err.constData());
    }

    void sessionFileIsOpened()
    {
        // QGuiApplication itself claims "--session" (X11 session management);
        // the program must still open ours. A corrupt file fails clearly.
        QTemporaryDir dir;
        QFile bad(dir.filePath("bad.json"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("{ not json");
        bad.close();
        const auto r = run({"--session", bad.fileName(), "--quit"}, offscreen());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("not valid JSON"), r.err.constData());
    }

    void unknownPresetFails()
    {
        const auto r = run({"--preset", "nonsense", "--quit"}, offscreen());
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("unknown preset") && r.err.contains("critical"), r.err.constData());
    }

    void noDisplayFallsBackToHeadless()
    {
        auto env = QProcessEnvironment::systemEnvironment();
        for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            env.remove(v);
        const auto r = run({}, env);
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY2(r.err.contains("no display"), r.err.constData());
        QVERIFY2(r.out.contains("energy/site"), "the headless default should print simulation results");
    }
};

QTEST_GUILESS_MAIN(TestGuiAutomation)
#include "tst_gui_automation.moc"
