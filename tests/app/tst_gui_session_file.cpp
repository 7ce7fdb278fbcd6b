// Session files as a hostile user writes them: each is refused with a
// one-line reason naming the field, quickly, and the window keeps working.
// Also the GUI's numeric command-line options (--run-for nan used to hang).
#include "MainWindow.hpp"
#include "MonteCarloPage.hpp"
#include "SessionFile.hpp"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace dlab::gui;

namespace {
const QByteArray kValid =
    R"({"schema": "dualitylab-session", "version": 1, "page": "montecarlo", "seed": 3, "sweepsPerFrame": 2,
        "running": false, "title": "T", "note": "<p>n</p>", "parameters": {"L": 16}})";

QByteArray withField(const QByteArray& key, const QByteArray& json)
{
    QByteArray s = kValid;
    s.chop(1);
    return s + ", \"" + key + "\": " + json + "}";
}
QByteArray quoted(const QByteArray& text) { return QByteArray(1, char(34)) + text + QByteArray(1, char(34)); }
} // namespace

class TestSessionFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validEnvelopeParses()
    {
        QJsonObject o;
        QString error;
        QVERIFY2(parseSessionFile(kValid, "s.json", o, &error), qPrintable(error));
        QCOMPARE(o.value("seed").toInt(), 3);
    }

    void hostileFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("array at the top") << QByteArray("[1, 2, 3]") << "the top level is an array";
        QTest::newRow("string at the top") << QByteArray("\"x\"") << "not valid JSON";
        QTest::newRow("empty file") << QByteArray() << "not valid JSON";
        QTest::newRow("not JSON") << QByteArray("{ nope") << "not valid JSON";
        QTest::newRow("note is a number") << withField("note", "42") << "note: must be a string, got a number";
        QTest::newRow("title is an object") << withField("title", "{}") << "title: must be a string";
        QTest::newRow("title too long") << withField("title", quoted(QByteArray(500, 'x')))
                                        << "title: 500 characters, at most 200";
        QTest::newRow("note too long") << withField("note", quoted(QByteArray(kMaxNoteCharacters + 1, 'x')))
                                       << "note: 100001 characters";
        QTest::newRow("version text") << withField("version", "\"1\"") << "version: must be a number, got a string";
        QTest::newRow("version fraction") << withField("version", "1.5") << "version 1.5 is not supported";
        QTest::newRow("page missing") << QByteArray(R"({"schema": "dualitylab-session", "version": 1, "seed": 1})")
                                      << "page: must be a string, got undefined";
        QTest::newRow("seed fraction") << withField("seed", "2.5") << "seed: must be an integer";
        QTest::newRow("seed huge") << withField("seed", "1e300") << "seed: must be an integer";
        QTest::newRow("speed zero") << withField("sweepsPerFrame", "0") << "sweepsPerFrame";
        QTest::newRow("running text") << withField("running", "\"yes\"") << "running: must be true or false";
        QTest::newRow("parameters array") << withField("parameters", "[]") << "parameters: must be an object";
    }
    void hostileFilesAreRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, mentions);
        QJsonObject o;
        QString error;
        QVERIFY2(!parseSessionFile(content, "s.json", o, &error), "expected a refusal");
        QVERIFY2(error.contains(mentions), qPrintable("error was: " + error));
        QVERIFY2(!error.contains('\n'), "one line");
        QVERIFY2(error.startsWith("s.json"), "the message names the file");
    }

    // A 50 MB note used to take > 30 s and 2 GB in the note view.
    void hugeSessionFileIsRefusedBeforeReading()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("huge.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            "{\"schema\": \"dualitylab-session\", \"version\": 1, \"page\": \"montecarlo\", \"seed\": 1, \"note\": \"");
        const QByteArray block(1 << 20, 'x');
        for (int i = 0; i < 50; ++i)
            f.write(block);
        f.write("\"}");
        f.close();
        MainWindow w;
        w.addPage(new MonteCarloPage);
        QString error;
        QVERIFY(w.loadPreset("disordered", &error));
        QElapsedTimer t;
        t.start();
        QVERIFY(!w.openSession(f.fileName(), &error));
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString("took %1 ms").arg(t.elapsed())));
        QVERIFY2(error.contains(QString("a session file is at most %1 bytes").arg(kMaxSessionBytes)),
                 qPrintable(error));
        QVERIFY(!w.teachingNote().contains("xxxx"));
    }

    // --run-for nan made a negative timer interval: the window never quit.
    void numericCommandLineOptionsAreChecked_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("run-for nan") << QStringList{"--run-for", "nan", "--quit"}
                                     << "--run-for must be a number in [0, 86400], got 'nan'";
        QTest::newRow("run-for inf") << QStringList{"--run-for", "inf", "--quit"} << "--run-for must be a number";
        QTest::newRow("run-for negative") << QStringList{"--run-for", "-1", "--quit"} << "--run-for";
        QTest::newRow("run-for text") << QStringList{"--run-for", "soon", "--quit"} << "got 'soon'";
        QTest::newRow("latency nan") << QStringList{"--measure-latency", "nan"}
                                     << "--measure-latency must be a number in [0.5, 600]";
        QTest::newRow("lattice fps fraction") << QStringList{"--measure-lattice-fps", "64.5"} << "must be an integer";
        QTest::newRow("lattice fps huge") << QStringList{"--measure-lattice-fps", "1e9"} << "[2, 4096]";
    }
    void numericCommandLineOptionsAreChecked()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        QProcess p;
        p.start(DLAB_GUI_PATH, args);
        QVERIFY2(p.waitForFinished(60000), "the GUI did not exit");
        const QString err = QString::fromUtf8(p.readAllStandardError()).trimmed();
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(mentions), qPrintable("stderr was: " + err));
    }
};

QTEST_MAIN(TestSessionFile)
#include "tst_gui_session_file.moc"
