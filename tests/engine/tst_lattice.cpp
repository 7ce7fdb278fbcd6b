// Torus geometry, the mirrored 7-link neighbourhood, and the dual-link map.
#include "engine/core/ParameterError.hpp"
#include "engine/lattice/LinkNeighbourhood.hpp"
#include "engine/lattice/SquareLattice.hpp"

#include <QtTest>
#include <set>

using namespace dlab;

namespace {
// Link centre in units of half a lattice spacing (so it stays integer).
std::pair<int, int> centre2(const SquareLattice& lat, int link)
{
    const int s = lat.linkTail(link);
    const int x = 2 * lat.x(s), y = 2 * lat.y(s);
    return lat.direction(link) == LinkDirection::Horizontal ? std::pair{x + 1, y} : std::pair{x, y + 1};
}
// Shift from a to b on the torus, in half spacings, reduced to (−L, L].
std::pair<int, int> shift2(const SquareLattice& lat, int from, int to)
{
    auto [ax, ay] = centre2(lat, from);
    auto [bx, by] = centre2(lat, to);
    const int L2 = 2 * lat.size();
    auto reduce = [L2](int d) {
        d = ((d % L2) + L2) % L2;
        return d > L2 / 2 ? d - L2 : d;
    };
    return {reduce(bx - ax), reduce(by - ay)};
}
} // namespace

class TestLattice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectsTooSmall()
    {
        try {
            SquareLattice lat(1);
            QFAIL("L = 1 should be rejected");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("L"));
            QVERIFY2(QString(e.what()).contains("2"), "message should name the allowed range");
        }
    }

    void linksJoinNeighbours()
    {
        SquareLattice lat(5);
        QCOMPARE(lat.links(), 50);
        for (int l = 0; l < lat.links(); ++l) {
            auto [a, b] = lat.linkSites(l);
            auto nb = lat.neighbours(a);
            QVERIFY(std::find(nb.begin(), nb.end(), b) != nb.end());
        }
        QCOMPARE(lat.linkHead(lat.horizontalLink(4, 2)), lat.site(0, 2));
        QCOMPARE(lat.linkHead(lat.verticalLink(1, 4)), lat.site(1, 0));
    }

    void plaquetteLinksBoundPlaquette()
    {
        SquareLattice lat(4);
        for (int p = 0; p < lat.plaquettes(); ++p) {
            auto corners = lat.plaquetteCorners(p);
            std::multiset<int> fromLinks;
            for (int l : lat.plaquetteLinks(p))
                for (int s : lat.linkSites(l))
                    fromLinks.insert(s);
            for (int c : corners)
                QCOMPARE(int(fromLinks.count(c)), 2);
        }
    }

    void dualLinkIsGlobalHalfDiagonalShift()
    {
        SquareLattice lat(6);
        std::set<int> image;
        for (int l = 0; l < lat.links(); ++l) {
            const int d = lat.dualLink(l);
            QVERIFY2(lat.direction(d) != lat.direction(l), "dual link must be perpendicular");
            QCOMPARE(shift2(lat, l, d), std::make_pair(-1, -1));
            image.insert(d);
        }
        QCOMPARE(int(image.size()), lat.links());
    }

    void mirroredFrameRealisesDualShiftInSlots1And2()
    {
        SquareLattice lat(8);
        LinkNeighbourhood nb(lat);
        for (int l = 0; l < lat.links(); ++l) {
            QCOMPARE(nb[l][Itself], l);
            QCOMPARE(nb[l][PerpendicularAtTailMinus], lat.dualLink(l));
            QCOMPARE(shift2(lat, l, nb[l][PerpendicularAtTailMinus]), std::make_pair(-1, -1));
            QCOMPARE(shift2(lat, l, nb[l][PerpendicularAtHeadPlus]), std::make_pair(1, 1));
        }
        // Slots 0 and 3 need different shifts for horizontal and vertical links.
        const int h = lat.horizontalLink(3, 3), v = lat.verticalLink(3, 3);
        QVERIFY(shift2(lat, h, nb[h][0]) != shift2(lat, v, nb[v][0]));
        QVERIFY(shift2(lat, h, nb[h][3]) != shift2(lat, v, nb[v][3]));
    }

    void rotatedFrameHasNoUniformShift()
    {
        SquareLattice lat(8);
        LinkNeighbourhood nb(lat, NeighbourhoodFrame::Rotated);
        const int h = lat.horizontalLink(2, 5), v = lat.verticalLink(2, 5);
        for (int k = 0; k < 4; ++k)
            QVERIFY2(shift2(lat, h, nb[h][k]) != shift2(lat, v, nb[v][k]),
                     qPrintable(QString("slot %1 should not be a uniform shift in the rotated frame").arg(k)));
    }
};

QTEST_APPLESS_MAIN(TestLattice)
#include "tst_lattice.moc"
