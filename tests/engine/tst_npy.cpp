// .npy round trips and clear errors for unreadable files.
#include "engine/core/Rng.hpp"
#include "engine/io/Npy.hpp"
#include "engine/models/SpinConfiguration.hpp"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

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
};

QTEST_APPLESS_MAIN(TestNpy)
#include "tst_npy.moc"
