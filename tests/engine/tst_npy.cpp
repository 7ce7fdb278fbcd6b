// .npy round trips and clear errors for unreadable files.
#include "engine/core/Rng.hpp"
#include "engine/io/Npy.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sstream>

using namespace dlab;

class TestNpy : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string path(const char* name) { return m_dir.filePath(name).toStdString(); }

private Q_SLOTS:
    void configurationsRoundTrip()
    {
        RngStream rng(7, 0);
        std::vector<SpinConfiguration> in;
        for (int k = 0; k < 5; ++k)
            in.push_back(SpinConfiguration::random(6, rng));
        writeConfigurations(path("c.npy"), in);
        const auto out = readConfigurations(path("c.npy"));
        QCOMPARE(out.size(), in.size());
        for (size_t k = 0; k < in.size(); ++k)
            QVERIFY(out[k].spins() == in[k].spins());
        const NpyArray raw = readNpy(path("c.npy"));
        QCOMPARE(raw.dtype, std::string("|i1"));
        QVERIFY((raw.shape == std::vector<std::size_t>{5, 6, 6}));
    }

    void headerIsAlignedAsNumpyExpects()
    {
        writeNpyFloat64(path("f.npy"), {3, 2}, {1, 2, 3, 4, 5, 6});
        std::ifstream f(path("f.npy"), std::ios::binary);
        char h[10];
        f.read(h, 10);
        const int len = (unsigned char)h[8] | ((unsigned char)h[9] << 8);
        QCOMPARE((10 + len) % 64, 0);
        const NpyArray a = readNpy(path("f.npy"));
        QCOMPARE(a.values[5], 6.0);
        QVERIFY((a.shape == std::vector<std::size_t>{3, 2}));
    }

    void oneDimensionalShapeHasTrailingComma()
    {
        writeNpyFloat64(path("v.npy"), {4}, {1, 2, 3, 4});
        const NpyArray a = readNpy(path("v.npy"));
        QVERIFY((a.shape == std::vector<std::size_t>{4}));
    }

    void badFilesGiveReasons()
    {
        auto expectError = [&](const std::string& p, const QString& fragment) {
            try {
                readConfigurations(p);
                QFAIL(qPrintable("expected an error mentioning " + fragment));
            } catch (const NpyError& e) {
                QVERIFY2(QString(e.what()).contains(fragment), e.what());
            }
        };
        expectError(path("missing.npy"), "cannot open");
        std::ofstream(path("text.npy")) << "hello";
        expectError(path("text.npy"), "not a .npy");
        writeNpyFloat64(path("vec.npy"), {3}, {1, 1, 1});
        expectError(path("vec.npy"), "expected configurations");
        writeNpyFloat64(path("zero.npy"), {1, 2, 2}, {1, 0, 1, 1});
        expectError(path("zero.npy"), "must be ±1");
        // Truncated data.
        writeNpyInt8(path("t.npy"), {2, 4, 4}, std::vector<std::int8_t>(32, 1));
        std::ifstream in(path("t.npy"), std::ios::binary);
        std::string all((std::istreambuf_iterator<char>(in)), {});
        std::ofstream(path("t.npy"), std::ios::binary) << all.substr(0, all.size() - 5);
        expectError(path("t.npy"), "truncated");
    }

    // Hand-made headers: each was a crash, an overflow or a misleading
    // message before (issue "reliability").
    void hostileHeadersGiveReasons_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("dataBytes");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("header ends after descr colon") << QByteArray("{'descr':") << QByteArray() << "no value";
        QTest::newRow("unclosed descr quote") << QByteArray("{'descr': '<f8") << QByteArray() << "closing quote";
        QTest::newRow("unclosed shape") << QByteArray("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2")
                                        << QByteArray() << "closing ')'";
        QTest::newRow("fortran_order without end")
            << QByteArray("{'descr': '<f8', 'fortran_order': False") << QByteArray() << "not followed by";
        QTest::newRow("product overflows size_t")
            << QByteArray("{'descr': '|i1', 'fortran_order': False, 'shape': (1, 9223372036854775816, "
                          "9223372036854775816), }")
            << QByteArray(64, '\1') << "too large";
        QTest::newRow("negative extent") << QByteArray("{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }")
                                         << QByteArray() << "shape entry";
        QTest::newRow("3e9 elements in a tiny file")
            << QByteArray("{'descr': '<f8', 'fortran_order': False, 'shape': (3000000000,), }") << QByteArray(16, '\0')
            << "needs 24000000000 data bytes, the file has 16";
        QTest::newRow("object dtype") << QByteArray("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }")
                                      << QByteArray() << "unsupported dtype |O";
        QTest::newRow("big endian float") << QByteArray("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }")
                                          << QByteArray(8, '\0') << "big-endian";
    }
    void hostileHeadersGiveReasons()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, dataBytes);
        QFETCH(QString, fragment);
        std::string file("\x93NUMPY\x01\x00", 8);
        file.push_back(char(header.size() & 0xff));
        file.push_back(char(header.size() >> 8));
        file += header.toStdString() + dataBytes.toStdString();
        std::istringstream in(file);
        try {
            readNpy(in, "mem.npy");
            QFAIL(qPrintable("expected an error mentioning '" + fragment + "'"));
        } catch (const NpyError& e) {
            QVERIFY2(QString(e.what()).contains(fragment), e.what());
            QVERIFY2(QString(e.what()).contains("mem.npy"), "the message names the file");
        }
    }

    void streamedConfigurationsMatchTheWhole()
    {
        RngStream rng(11, 0);
        std::vector<SpinConfiguration> in;
        {
            NpyConfigurationWriter w(path("s.npy"), 5);
            for (int k = 0; k < 7; ++k) {
                in.push_back(SpinConfiguration::random(5, rng));
                w.append(in.back());
                QVERIFY2(!QFile::exists(QString::fromStdString(path("s.npy"))), "the file appears only when finished");
            }
            QCOMPARE(w.count(), std::size_t(7));
            w.finish();
        }
        const auto out = readConfigurations(path("s.npy"));
        QCOMPARE(out.size(), in.size());
        for (size_t k = 0; k < in.size(); ++k)
            QVERIFY(out[k].spins() == in[k].spins());
        // The preamble keeps numpy's 64-byte alignment.
        std::ifstream f(path("s.npy"), std::ios::binary);
        char h[10];
        f.read(h, 10);
        QCOMPARE((10 + ((unsigned char)h[8] | ((unsigned char)h[9] << 8))) % 64, 0);
    }

    void unfinishedStreamLeavesNothing()
    {
        QTemporaryDir dir;
        {
            NpyConfigurationWriter w(dir.filePath("u.npy").toStdString(), 4);
            RngStream rng(1, 0);
            w.append(SpinConfiguration::random(4, rng));
        }
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestNpy)
#include "tst_npy.moc"
