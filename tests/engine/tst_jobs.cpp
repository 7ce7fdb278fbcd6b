// The long jobs the GUI runs in the background, as Experiments: the t-SNE of
// loaded data (phases, progress, same result as the plain call, a loader's
// error reported), the duality sweep (only finished runs are rows; κ ≠ 0
// learns t1; dual frames counted in one place), and the one CSV writer.
#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/embed/Blobs.hpp"
#include "engine/embed/TsneExperiment.hpp"
#include "engine/experiments/duality/DualitySweepExperiment.hpp"
#include "engine/io/CsvTable.hpp"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <sstream>

using namespace dlab;

class TestJobs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tsneExperimentMatchesRunTsne()
    {
        const auto blobs = embed::gaussianBlobs(150, 5, 3, 4);
        embed::TsneOptions o;
        o.perplexity = 10;
        o.iterations = 120;
        o.exaggerationIterations = 50;
        const embed::Embedding direct = embed::runTsne(blobs.points, o);
        embed::TsneExperiment e(
            [&] {
                embed::LabelledData d;
                d.points = blobs.points;
                d.labels = blobs.labels;
                d.classNames = {"a", "b", "c"};
                return d;
            },
            o);
        Feedback f;
        auto snap = [&] { return std::static_pointer_cast<const embed::TsneSnapshot>(e.snapshot()); };
        QCOMPARE(snap()->phase, embed::TsneSnapshot::Phase::Loading);
        e.step(f); // loads
        QCOMPARE(snap()->phase, embed::TsneSnapshot::Phase::Affinities);
        QCOMPARE(snap()->points, 150);
        double progress = 0;
        for (int i = 0; i < 10000 && !snap()->finished; ++i) {
            e.step(f);
            QVERIFY2(snap()->progress() >= progress, "progress never goes back");
            progress = snap()->progress();
        }
        const auto s = snap();
        QVERIFY(s->finished);
        QCOMPARE(s->phase, embed::TsneSnapshot::Phase::Done);
        QCOMPARE(s->iteration, 120);
        QCOMPARE(s->progress(), 1.0);
        QCOMPARE(s->data->classNames.size(), std::size_t(3));
        QVERIFY2((*s->embedding - direct).cwiseAbs().maxCoeff() == 0.0,
                 "stepping must give exactly the embedding of the plain call");
    }

    void tsneLoaderErrorsAreReported()
    {
        embed::TsneExperiment e([]() -> embed::LabelledData { throw std::runtime_error("x.npy: not a NumPy file"); },
                                embed::TsneOptions{});
        Feedback f;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, e.step(f));
        embed::TsneExperiment tooFew(
            [] {
                embed::LabelledData d;
                d.points = Eigen::MatrixXd::Zero(3, 2);
                return d;
            },
            embed::TsneOptions{});
        QVERIFY_THROWS_EXCEPTION(ParameterError, tooFew.step(f));
    }

    void sweepKeepsOnlyFinishedRuns()
    {
        DualitySweepParams p;
        p.base.L = 4;
        p.base.maxSteps = 30;
        p.betas = {0.2, 0.3};
        p.kappas = {0.0, 0.1};
        p.seeds = 2;
        const DualitySweepParams implied = withImpliedLearning(p);
        QVERIFY2(implied.base.learn[1], "κ ≠ 0 in the sweep must learn t1");
        QVERIFY(!withImpliedLearning(DualitySweepParams{}).base.learn[1]);

        DualitySweepExperiment e(p);
        Feedback f;
        e.step(f); // one (κ, β) cell: 2 runs
        auto s = std::static_pointer_cast<const DualitySweepSnapshot>(e.snapshot());
        QCOMPARE(s->rows.size(), std::size_t(2));
        QCOMPARE(s->runs, std::size_t(8));
        QVERIFY(!s->finished);
        QVERIFY(s->secondsLeft() > 0);
        f.cancel();
        e.step(f); // a cancelled cell adds nothing
        s = std::static_pointer_cast<const DualitySweepSnapshot>(e.snapshot());
        QCOMPARE(s->rows.size(), std::size_t(2));
        for (const auto& r : s->rows)
            QVERIFY2(r.result.steps > 0, "rows are finished runs");
        Feedback go;
        while (!e.finished())
            e.step(go);
        s = std::static_pointer_cast<const DualitySweepSnapshot>(e.snapshot());
        QVERIFY(s->finished);
        QCOMPARE(s->rows.size(), std::size_t(8));
        QCOMPARE(s->rows[4].kappa, 0.1); // ordered by κ, then β, then seed
        QCOMPARE(s->rows[5].seed, s->rows[4].seed + 1);
        QCOMPARE(s->dualFrames, dualFrameRuns(s->rows));
    }

    void dualFramesAreCounted()
    {
        std::vector<DualitySweepRow> rows(4);
        rows[0].result.classification.frame = DualityFrame::Dual;
        rows[1].result.classification.frame = DualityFrame::DualAntiferro;
        rows[2].result.classification.frame = DualityFrame::Original;
        rows[3].result.classification.frame = DualityFrame::Undecided;
        QCOMPARE(dualFrameRuns(rows), 2);
    }

    void csvTableSaysWhereItCameFrom()
    {
        CsvTable t({"beta", "energy"});
        t.addHeader("L", 16.0);
        t.addHeader("algorithm", "wolff");
        t.addRow({0.3, -0.5});
        t.addRow({0.44068679350977, std::nan("")});
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.addRow({1.0}));
        QCOMPARE(QString::fromStdString(t.text()),
                 QString("# L: 16\n# algorithm: wolff\nbeta,energy\n0.3,-0.5\n0.44068679351,nan\n"));
        QTemporaryDir dir;
        const std::string path = dir.filePath("t.csv").toStdString();
        t.write(path);
        std::ifstream in(path);
        std::stringstream back;
        back << in.rdbuf();
        QCOMPARE(back.str(), t.text());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, t.write(dir.filePath("no/such/dir/t.csv").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
