// LatticeView: draws values with the chosen colour map, overlays appear only
// where asked, exports decode at the requested size.
#include "WidgetChecks.hpp"
#include "widgets/LatticeView.hpp"

#include <QtTest>

using dlab::widgets::LatticeView;

class TestLatticeView : public QObject {
    Q_OBJECT
    static std::vector<std::int8_t> stripes(int L)
    {
        std::vector<std::int8_t> v(std::size_t(L) * L);
        for (int y = 0; y < L; ++y)
            for (int x = 0; x < L; ++x)
                v[std::size_t(x + L * y)] = x < L / 2 ? -1 : 1;
        return v;
    }

private Q_SLOTS:
    void mapsValuesToTheColourMapEnds()
    {
        LatticeView v;
        const auto s = stripes(8);
        v.setValues(s.data(), 8, 8);
        QCOMPARE(v.gridWidth(), 8);
        const QImage img = v.image().convertToFormat(QImage::Format_RGB32);
        const QColor minus = dlab::widgets::colorAt(dlab::widgets::ColorMap::Diverging, 0.0);
        const QColor plus = dlab::widgets::colorAt(dlab::widgets::ColorMap::Diverging, 1.0);
        QCOMPARE(img.pixel(0, 0), minus.rgb());
        QCOMPARE(img.pixel(7, 7), plus.rgb());
        v.setColorMap(dlab::widgets::ColorMap::Viridis);
        QCOMPARE(v.image().convertToFormat(QImage::Format_RGB32).pixel(7, 0),
                 dlab::widgets::colorAt(dlab::widgets::ColorMap::Viridis, 1.0).rgb());
    }

    void realValuedFieldsUseTheirRange()
    {
        LatticeView v;
        std::vector<double> f{0.0, 0.5, 1.0, 2.0};
        v.setValues(f, 2, 2, 0.0, 1.0);
        QCOMPARE(v.image().pixelIndex(0, 0), 0);
        QCOMPARE(v.image().pixelIndex(1, 0), 128);
        QCOMPARE(v.image().pixelIndex(1, 1), 255); // clamped
    }

    void rendersNonBlankAndOverlaysChangeThePicture()
    {
        LatticeView v;
        v.resize(320, 320);
        const auto s = stripes(16);
        v.setValues(s.data(), 16, 16);
        const QImage plain = v.grab().toImage();
        QVERIFY(dlab::test::distinctColours(plain) >= 2);
        v.setShowWalls(true);
        const QImage walls = v.grab().toImage();
        QVERIFY2(walls != plain, "domain walls should be drawn between the stripes");
        v.setShowWalls(false);
        v.setShowBonds(true);
        QVERIFY2(v.grab().toImage() != plain, "bond overlay should be drawn");
        v.setShowBonds(false);
        v.setHighlightedEdges({{3, 3, false}});
        QVERIFY2(v.grab().toImage() != plain, "highlighted edge should be drawn");
    }

    void exportsDecodeAtTheRequestedSize()
    {
        LatticeView v;
        v.resize(300, 300);
        v.setTitle("spins s = ±1");
        const auto s = stripes(32);
        v.setValues(s.data(), 32, 32);
        QTemporaryDir dir;
        dlab::test::checkExports(&v, dir, 200);
    }

    void largeGridRedrawsQuickly()
    {
        // Reports the frame rate; speed is measured here, not asserted.
        LatticeView v;
        v.resize(600, 600);
        std::vector<std::int8_t> s(1024 * 1024);
        QImage target(v.size(), QImage::Format_RGB32);
        QBENCHMARK
        {
            for (std::size_t i = 0; i < s.size(); ++i)
                s[i] = (i * 2654435761u >> 7) & 1 ? 1 : -1;
            v.setValues(s.data(), 1024, 1024);
            v.render(&target);
        }
        QCOMPARE(v.gridWidth(), 1024);
    }
};

QTEST_MAIN(TestLatticeView)
#include "tst_latticeview.moc"
