// Site-addressed Philox: the vectorised batches (AVX-512, AVX2) reproduce
// Random123's Philox4x32-10 word for word in the documented layout, and the
// keys of different purposes and streams differ.
#include "engine/mc/PhiloxBatch.hpp"
#include "engine/mc/SimdSupport.hpp"

#include <QtTest>
#include <Random123/philox.h>

using namespace dlab;

class TestMcPhilox : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void batchesMatchRandom123_data()
    {
        QTest::addColumn<int>("level");
        QTest::newRow("scalar") << int(SimdLevel::Scalar);
        QTest::newRow("avx2") << int(SimdLevel::Avx2);
        QTest::newRow("avx512") << int(SimdLevel::Avx512);
    }
    void batchesMatchRandom123()
    {
        QFETCH(int, level);
        setSimdLimit(SimdLevel(level));
        const auto key = SiteRandomKey::from(RngStream(0x1234567890ABull, 77), SiteRandomPurpose::CheckerboardBytes);
        for (int batches : {1, 2, 3, 5, 9}) {
            std::vector<std::uint32_t> out(64 * std::size_t(batches));
            const std::uint32_t first = 4096, sweep = 31;
            philoxBatches(key, first, batches, sweep, out.data());
            for (int b = 0; b < batches; ++b)
                for (int j = 0; j < 16; ++j) {
                    using P = r123::Philox4x32;
                    const P::ctr_type c{{first + std::uint32_t(16 * b + j), sweep, key.stream0, key.stream1}};
                    const P::ctr_type w = P()(c, P::key_type{{key.key0, key.key1}});
                    for (int k = 0; k < 4; ++k)
                        QCOMPARE(out[std::size_t(64 * b + 16 * k + j)], w[k]);
                }
        }
        setSimdLimit(SimdLevel::Avx512);
    }

    void purposesAndStreamsGiveDifferentKeys()
    {
        const RngStream a(5, 0), b(5, 1);
        const auto k1 = SiteRandomKey::from(a, SiteRandomPurpose::CheckerboardBytes);
        const auto k2 = SiteRandomKey::from(a, SiteRandomPurpose::CheckerboardRefine);
        const auto k3 = SiteRandomKey::from(b, SiteRandomPurpose::CheckerboardBytes);
        QVERIFY(k1.block(0, 0) != k2.block(0, 0));
        QVERIFY(k1.block(0, 0) != k3.block(0, 0));
        QVERIFY(k1.block(0, 0) != k1.block(0, 1)); // the sweep is part of the address
    }
};

QTEST_GUILESS_MAIN(TestMcPhilox)
#include "tst_mc_philox.moc"
