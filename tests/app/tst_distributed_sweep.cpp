// The CLI's sweep helper (app/cli/DistributedSweep): every point's record
// reaches rank 0 exactly once, a point that throws is reported with its index,
// description, rank and reason while the others are delivered, and a stop
// keeps the finished points; a free worker takes the points a busy one would
// otherwise have queued; rank 0's rewrites are spaced but never lost.
// Runs as a plain test (one process); tst_cli_mpi
// also starts it under `mpirun -n 2`, where rank 0 checks and the others help.
#include "DistributedSweep.hpp"
#include "SweepComm.hpp"

#include <QRegularExpression>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <tbb/info.h>
#include <thread>

using namespace dlab;
using namespace dlab::cli;

namespace {

std::string recordOf(int i) { return "record of point " + std::to_string(i) + "\nwith a second line"; }

} // namespace

class TestDistributedSweep : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void failingPointReportedOthersDelivered()
    {
        constexpr int points = 12, failing = 5;
        std::map<int, std::string> records;
        SweepJob job;
        job.points = points;
        job.expectedCost = [](int i) { return 1.0 + double(i % 3); };
        job.describe = [](int i) { return "p=" + std::to_string(i); };
        job.run = [&](int i, Feedback&, const std::function<void()>& poll) -> std::optional<std::string> {
            for (int k = 0; k < 5; ++k) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                poll();
            }
            if (i == failing) throw std::runtime_error("deliberate failure");
            return recordOf(i);
        };
        job.onRecord = [&](int i, const std::string& record) {
            QVERIFY2(!records.count(i), qPrintable(QString("point %1 delivered twice").arg(i)));
            records[i] = record;
        };
        Feedback stop;
        const SweepSummary s = runDistributedSweep(job, stop, 2);
        if (!s.root) return; // rank 0 checks for everybody
        QCOMPARE(s.ranks, SweepComm::world().size());
        QCOMPARE(s.finished, points - 1);
        QCOMPARE(int(records.size()), points - 1);
        for (int i = 0; i < points; ++i)
            if (i != failing) QCOMPARE(records[i], recordOf(i));
        QCOMPARE(int(s.failures.size()), 1);
        const QString why = QString::fromStdString(s.failures[0]);
        QVERIFY2(why.startsWith("point 5 (p=5) failed") && why.endsWith(": deliberate failure"), qPrintable(why));
        // Which rank ran it depends on who was free; the message names it.
        if (s.ranks > 1) QVERIFY2(why.contains(QRegularExpression(" on rank [0-9]+: ")), qPrintable(why));
        QCOMPARE(s.unfinished, 0);
    }

    // Point 0 (the most expensive, first on rank 0) raises the stop; the
    // points still running return nothing, the ones not started are skipped.
    void stopKeepsFinishedPoints()
    {
        constexpr int points = 40;
        std::map<int, std::string> records;
        SweepJob job;
        job.points = points;
        job.expectedCost = [](int i) { return i == 0 ? 100.0 : 1.0; };
        job.describe = [](int i) { return "p=" + std::to_string(i); };
        job.run = [&](int i, Feedback& stop, const std::function<void()>& poll) -> std::optional<std::string> {
            if (i == 0) {
                stop.cancel();
                return recordOf(i);
            }
            for (int k = 0; k < 20; ++k) {
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
                poll();
                if (stop.isCancelled()) return std::nullopt;
            }
            return recordOf(i);
        };
        job.onRecord = [&](int i, const std::string& record) { records[i] = record; };
        Feedback stop;
        const SweepSummary s = runDistributedSweep(job, stop, 1);
        if (!s.root) {
            QVERIFY2(stop.isCancelled(), "rank 0's stop did not reach this rank");
            return;
        }
        QVERIFY(stop.isCancelled());
        QVERIFY2(records.count(0), "the point finished before the stop was lost");
        QCOMPARE(s.finished, int(records.size()));
        QVERIFY2(
            s.finished + s.unfinished == points,
            qPrintable(QString("%1 finished + %2 unfinished != %3").arg(s.finished).arg(s.unfinished).arg(points)));
        QVERIFY2(s.unfinished >= points / 2, qPrintable(QString("only %1 points stopped").arg(s.unfinished)));
        for (const auto& [i, record] : records)
            QCOMPARE(record, recordOf(i));
        QVERIFY(s.failures.empty());
    }

    // One point is much slower than the others: meanwhile the free loops
    // (the other rank's, or this process's other thread) take all the rest.
    // Checked by which worker ran what, never by a wall time. The slow point
    // is rank 0's first (it answers the other ranks' requests while computing)
    // or the last rank's first (it must not sit on points rank 0 could run).
    void freeWorkersTakeTheRemainingPoints_data()
    {
        QTest::addColumn<int>("slowRank");
        QTest::newRow("slow point on rank 0") << 0;
        QTest::newRow("slow point on the last rank") << SweepComm::world().size() - 1;
    }
    void freeWorkersTakeTheRemainingPoints()
    {
        QFETCH(int, slowRank);
        constexpr int points = 10;
        const bool severalRanks = SweepComm::world().size() > 1;
        if (!severalRanks && tbb::info::default_concurrency() < 2)
            QSKIP("one process with one thread: nobody else to take points");
        std::map<int, std::string> ranBy;
        std::atomic<bool> slowStarted{false};
        SweepJob job;
        job.points = points;
        // Point 0 is handed out first; a static split by these costs would give each rank about half.
        job.expectedCost = [](int i) { return i == 0 ? 1.5 : 1.0; };
        job.describe = [](int i) { return "p=" + std::to_string(i); };
        job.run = [&](int, Feedback&, const std::function<void()>& poll) -> std::optional<std::string> {
            const bool slow = SweepComm::world().rank() == slowRank && !slowStarted.exchange(true);
            const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(slow ? 2000 : 10);
            while (std::chrono::steady_clock::now() < until) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
                poll();
            }
            std::ostringstream worker;
            worker << "rank " << SweepComm::world().rank() << " thread " << std::this_thread::get_id();
            return worker.str() + (slow ? " slow" : "");
        };
        job.onRecord = [&](int i, const std::string& record) { ranBy[i] = record; };
        Feedback stop;
        const SweepSummary s = runDistributedSweep(job, stop, severalRanks ? 1 : 2);
        if (!s.root) return;
        QCOMPARE(int(ranBy.size()), points);
        const auto slow =
            std::find_if(ranBy.begin(), ranBy.end(), [](const auto& r) { return r.second.ends_with(" slow"); });
        QVERIFY2(slow != ranBy.end(), "no point ran slow");
        const std::string slowWorker = slow->second.substr(0, slow->second.size() - 5);
        for (const auto& [i, worker] : ranBy)
            if (i != slow->first)
                QVERIFY2(
                    worker != slowWorker,
                    qPrintable(
                        QString("point %1 waited for %2, busy with slow point %3, instead of going to a free worker")
                            .arg(i)
                            .arg(QString::fromStdString(worker))
                            .arg(slow->first)));
    }

    // A write that takes ≥ 100 ms is not repeated within the next ten times
    // as long; the first change and the pending last one are always written.
    void rewritesAreSpacedButNothingIsLeftPending()
    {
        int writes = 0;
        std::chrono::steady_clock::duration took{};
        ThrottledRewrite rewrite([&] {
            const auto start = std::chrono::steady_clock::now();
            ++writes;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            took = std::chrono::steady_clock::now() - start;
        });
        rewrite.finish(); // nothing changed yet: the (empty) output is still written once
        QCOMPARE(writes, 1);
        std::this_thread::sleep_for(11 * took);
        rewrite.changed();
        QCOMPARE(writes, 2);
        for (int i = 0; i < 10; ++i)
            rewrite.changed(); // microseconds after a write that took ≥ 100 ms
        QCOMPARE(writes, 2);
        rewrite.finish();
        QCOMPARE(writes, 3);
        rewrite.finish(); // nothing pending
        QCOMPARE(writes, 3);
    }
};

QTEST_GUILESS_MAIN(TestDistributedSweep)
#include "tst_distributed_sweep.moc"
