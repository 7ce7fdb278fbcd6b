// Experiment B: potentials (built-in and muParser), level-set sampling, the
// generator finder, and the whole search for SO(2) and SO(3).
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/symmetry/GeneratorFinder.hpp"
#include "engine/experiments/symmetry/LevelSetSampler.hpp"
#include "engine/experiments/symmetry/SymmetryExperiment.hpp"

#include <QtTest>

using namespace dlab;
using namespace dlab::symmetry;

namespace {

std::shared_ptr<const SymmetrySnapshot> runToEnd(SymmetryExperiment& e)
{
    Feedback f;
    for (int guard = 0; !e.done() && guard < 100000; ++guard)
        e.step(f);
    return e.current();
}

QString matrixText(const Eigen::MatrixXd& m)
{
    QString s;
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        s += "[";
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            s += QString::number(m(i, j), 'f', 3) + (j + 1 < m.cols() ? ", " : "");
        s += "]";
    }
    return s;
}

// Largest |a − b| or |a + b| entry, whichever sign fits better.
double distanceUpToSign(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b)
{
    return std::min((a - b).cwiseAbs().maxCoeff(), (a + b).cwiseAbs().maxCoeff());
}

// One point cloud (rows) per class label.
std::vector<Eigen::MatrixXd> cloudsByClass(const LevelSetSample& s)
{
    std::vector<Eigen::MatrixXd> clouds(kClassCount);
    for (int c = 0; c < kClassCount; ++c) {
        std::vector<int> rows;
        for (int i = 0; i < int(s.labels.size()); ++i)
            if (s.labels[i] == c) rows.push_back(i);
        clouds[c] = s.points(rows, Eigen::all);
    }
    return clouds;
}

} // namespace

class TestSymmetry : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void expressionMatchesBuiltin()
    {
        const Potential builtin = Potential::radial(3, 2.3);
        const Potential typed = Potential::expression(3, "(x^2+y^2+z^2)^2 - 2.3*r^2");
        RngStream rng(1, 0);
        for (int k = 0; k < 20; ++k) {
            double p[3] = {rng.normal(), rng.normal(), rng.normal()}, g1[3], g2[3];
            QVERIFY(std::abs(builtin.value(p) - typed.value(p)) < 1e-12);
            builtin.gradient(p, g1);
            typed.gradient(p, g2);
            for (int i = 0; i < 3; ++i)
                QVERIFY2(std::abs(g1[i] - g2[i]) < 1e-6 * (1 + std::abs(g1[i])), "finite-difference gradient");
        }
        const Potential copy = typed; // copies re-parse and stay independent
        double p[3] = {0.3, -0.2, 0.5};
        QCOMPARE(copy.value(p), typed.value(p));
    }

    void badExpressionsNameThePosition_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("dim");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown variable") << "x^2+q" << 2 << "at position 5 (near 'q')";
        QTest::newRow("missing operand") << "x^2+*y" << 2 << "at position 5";
        QTest::newRow("unclosed") << "r^4-2.3*(r^2" << 2 << "at position 13 (end of expression)";
        QTest::newRow("stray parenthesis") << "2*x)" << 2 << "at position 4";
        QTest::newRow("coordinate beyond dim") << "x^2+z^2" << 2 << "uses z but the dimension is 2";
        QTest::newRow("empty") << "  " << 3 << "empty";
    }
    void badExpressionsNameThePosition()
    {
        QFETCH(QString, expression);
        QFETCH(int, dim);
        QFETCH(QString, expected);
        SymmetryParams p;
        p.dim = dim;
        p.kind = PotentialKind::Expression;
        p.expression = expression.toStdString();
        try {
            SymmetryExperiment e(p);
            QFAIL("expected ParameterError");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("potential"));
            QVERIFY2(QString(e.what()).contains(expected),
                     qPrintable(QString("message '%1' should contain '%2'").arg(e.what(), expected)));
        }
    }

    void samplesLieInTheirClassWindow()
    {
        // V = r² has no negative level sets: those classes must stay empty.
        const Potential v = Potential::expression(3, "r^2");
        const LevelSetSample s = sampleLevelSets(v, 200, 2.0, 5);
        for (int label = 0; label < kClassCount; ++label)
            QCOMPARE(s.perClass[label], classValue(label) < 0 ? 0 : 200);
        for (int i = 0; i < int(s.labels.size()); ++i) {
            const Eigen::RowVectorXd point = s.points.row(i); // contiguous copy
            const double value = v.value(point.data()) - classValue(s.labels[i]);
            QVERIFY2(std::abs(value) <= kClassHalfWidth, "sample outside its class window");
        }
        // Different seed, different points; same seed, same points.
        QVERIFY(sampleLevelSets(v, 200, 2.0, 5).points == s.points);
        QVERIFY(sampleLevelSets(v, 200, 2.0, 6).points != s.points);
    }

    void findsSO2InTwoDimensions()
    {
        SymmetryParams p;
        p.dim = 2;
        p.seed = 3;
        p.tsne = false;
        SymmetryExperiment e(p);
        const auto s = runToEnd(e);
        qInfo("d = 2: accuracy %.3f after %d epochs, explained variance %.4f, generator %s", s->accuracy, s->epoch,
              s->explainedVariance[0], qPrintable(matrixText(s->generators[0])));
        QVERIFY2(s->accuracy > 0.9, "the classifier should learn the level sets");
        QVERIFY2(s->explainedVariance[0] >= 0.9, "one generator should dominate");
        Eigen::Matrix2d j;
        j << 0, -1, 1, 0;
        const double err = distanceUpToSign(s->generators[0], j);
        QVERIFY2(err <= 0.05, qPrintable("generator " + matrixText(s->generators[0]) + " is not ±[[0,-1],[1,0]]"));
    }

    void findsThreeGeneratorsOfSO3()
    {
        SymmetryParams p;
        p.dim = 3;
        p.seed = 4;
        p.pointsPerClass = 500;
        p.maxEpochs = 30; // the generators use correctly classified points only
        p.generators.planes = 300;
        p.tsne = false;
        SymmetryExperiment e(p);
        const auto s = runToEnd(e);
        const Eigen::VectorXd& ev = s->explainedVariance;
        qInfo("d = 3: accuracy %.3f, explained variance %.3f %.3f %.3f %.4f, %d of %d planes kept", s->accuracy, ev[0],
              ev[1], ev[2], ev[3], int(s->planeGenerators.size()), s->planesTried);
        QCOMPARE(int(s->generators.size()), 3);
        QVERIFY2(ev[2] > 0.15 && ev.head(3).sum() > 0.95, "expected three significant components");
        // Each is a rotation generator: antisymmetric.
        for (const auto& g : s->generators)
            QVERIFY2((g + g.transpose()).cwiseAbs().maxCoeff() < 0.1,
                     qPrintable("not antisymmetric: " + matrixText(g)));
    }

    void findsSO2InsideSO3FromExactSamples()
    {
        // Generator finder alone, on exact samples of rho^4 − 2.3 rho^2 + z²:
        // pooling the classes keeps only planes where every level set is a
        // circle, i.e. the xy-plane.
        const auto clouds = cloudsByClass(sampleLevelSets(Potential::cylinder(2.3), 500, 2.0, 9));
        GeneratorOptions o;
        o.planes = 800;
        GeneratorFinder finder(clouds, o, 9);
        finder.run(o.planes);
        const GeneratorResult r = finder.result();
        qInfo("SO(2) in SO(3): %d of %d planes kept, explained variance %.3f, generator %s", int(r.fits.size()),
              r.planesTried, r.explainedVariance[0], qPrintable(matrixText(r.generators[0])));
        QVERIFY2(r.fits.size() >= 3, "some planes near the xy-plane should fit");
        QVERIFY(r.explainedVariance[0] >= 0.9);
        QVERIFY2(distanceUpToSign(r.generators[0], rotationGenerator(3, 0, 1)) < 0.1,
                 qPrintable("expected rotation about z, got " + matrixText(r.generators[0])));
    }

    void noGeneratorWithoutContinuousSymmetry()
    {
        // x⁴ − 1.5 x² + y²: only reflections, so no plane fit should survive.
        const auto clouds =
            cloudsByClass(sampleLevelSets(Potential::expression(2, "x^4 + y^2 - 1.5*x^2"), 400, 2.0, 10));
        GeneratorOptions o;
        o.planes = 60;
        GeneratorFinder finder(clouds, o, 10);
        finder.run(o.planes);
        const GeneratorResult r = finder.result();
        QVERIFY2(r.fits.empty(),
                 qPrintable(QString("%1 planes fitted a generator that does not exist").arg(r.fits.size())));
        QVERIFY(r.generators.empty());
    }

    void snapshotHasWhatThePageNeeds()
    {
        SymmetryParams p;
        p.seed = 5;
        p.pointsPerClass = 150;
        p.maxEpochs = 3;
        p.tsnePoints = 400;
        p.tsneIterations = 60;
        SymmetryExperiment e(p);
        QVERIFY(e.current()->points == nullptr); // nothing sampled yet
        const auto s = runToEnd(e);
        QCOMPARE(int(s->points->rows()), 11 * 150);
        QCOMPARE(s->labels->size(), std::size_t(11 * 150));
        QCOMPARE(int(s->loss.size()), s->epoch);
        QCOMPARE(int(s->testAccuracy.size()), s->epoch);
        QCOMPARE(int(s->tsne.rows()), 400);
        QCOMPARE(s->tsneIndex.size(), std::size_t(400));
        QCOMPARE(s->tsneIteration, 60);
        QCOMPARE(int(s->expectedGenerators.size()), 1);
        QCOMPARE(int(s->explainedVariance.size()), 4);
        QVERIFY(!s->generators.empty());
        QCOMPARE(int(s->components.size()), 4);
        QCOMPARE(s->planeGenerators.size(), s->planeResiduals.size());
        QVERIFY(s->phase == SymmetrySnapshot::Phase::Done);
    }

    void badParametersNameTheField()
    {
        SymmetryParams p;
        p.dim = 5;
        QVERIFY_THROWS_EXCEPTION(ParameterError, SymmetryExperiment{p});
        p.dim = 2;
        p.kind = PotentialKind::Cylinder;
        try {
            SymmetryExperiment e(p);
            QFAIL("cylinder needs dim 3");
        } catch (const ParameterError& e) {
            QCOMPARE(QString::fromStdString(e.field()), QString("dim"));
        }
    }

    void degeneratePotentialsAreRejected()
    {
        // A constant potential is one level set filling the box: nothing to
        // classify. It is refused up front, naming the field and the reason.
        SymmetryParams p;
        p.kind = PotentialKind::Expression;
        for (const char* constant : {"1", "0*x + 0*y - 0.6", "2^3"}) {
            p.expression = constant;
            try {
                SymmetryExperiment e(p);
                QFAIL(qPrintable(QString("V = %1 must be rejected").arg(constant)));
            } catch (const ParameterError& e) {
                QCOMPARE(QString::fromStdString(e.field()), QString("potential"));
                QVERIFY2(QString(e.what()).contains("constant"), e.what());
            }
        }
        // Not constant, but only the class V = 1 is inside the box: refused
        // when sampling (the first step), again naming the potential.
        p.expression = "1 + 0.0001*x";
        p.maxEpochs = 2;
        SymmetryExperiment e(p);
        Feedback feedback;
        try {
            e.step(feedback);
            QFAIL("a single populated class must be rejected");
        } catch (const ParameterError& err) {
            QCOMPARE(QString::fromStdString(err.field()), QString("potential"));
            QVERIFY2(QString(err.what()).contains("at least 2"), err.what());
        }
        // A potential that varies is accepted.
        p.expression = "x^2 + y^2";
        SymmetryExperiment ok(p);
    }
};

QTEST_GUILESS_MAIN(TestSymmetry)
#include "tst_symmetry.moc"
