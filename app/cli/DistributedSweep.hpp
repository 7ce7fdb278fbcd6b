#pragma once
// A sweep over independent grid points, run by the processes of
// SweepComm::world() (MPI ranks, or this process alone) and each process's
// threads (TBB). Points are handed out on demand, most expensive (expected)
// first: rank 0 holds them and also computes, and a loop that is free (on any
// rank) takes the next, so a rank that drew slow points simply runs fewer.
// Any sweep-like command can use it:
//
//   SweepJob job;
//   job.points = n;
//   job.expectedCost = [&](int i) { return …; };   // relative; only orders the hand-out
//   job.describe = [&](int i) { return "beta=0.2 seed=1"; };
//   job.run = [&](int i, Feedback& stop, const std::function<void()>& poll) -> std::optional<std::string> {
//       … compute point i, calling poll() between bounded steps …
//       return stop.isCancelled() ? std::nullopt : std::optional(record);
//   };
//   job.onRecord = [&](int i, const std::string& record) { … rank 0: keep it, rewrite the output … };
//   const SweepSummary s = runDistributedSweep(job, interruptFeedback(), threadsPerRank);
//
// Rank 0 receives every finished point's record (its own and the other
// ranks', each sent as soon as it is done), so it can write exactly what a
// one-process run writes, and keep writing it while the sweep runs. Points
// keep their own seeds: results never depend on the number of ranks.
// A point that throws is reported (which point, on which rank, why) and the
// others carry on. An interrupt on any rank stops that rank's points; rank 0
// passes its own on to every rank. A running point must call poll() between
// bounded steps (≤ ~20 ms apart): on rank 0 that is when the other ranks'
// requests for points are answered.

#include "engine/core/Feedback.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace dlab::cli {

struct SweepJob {
    int points = 0;
    std::function<double(int)> expectedCost;
    std::function<std::string(int)> describe;
    std::function<std::optional<std::string>(int, Feedback& stop, const std::function<void()>& poll)> run;
    std::function<void(int, const std::string&)> onRecord; // rank 0, one call at a time, any thread
};

struct SweepSummary {
    bool root = true; // false on the other ranks, which write nothing
    int ranks = 1;
    int threadsPerRank = 1;
    int finished = 0;                  // records delivered to rank 0
    int unfinished = 0;                // interrupted or never started
    std::vector<std::string> failures; // "point 7 (beta=0.1 seed=2) failed on rank 1: why"
};

// Threads of this process when it shares its machine with the other ranks
// there: the cores it may run on, split evenly (at least 1).
int defaultSweepThreads();

// Runs on every rank; `threadsPerRank` is the TBB concurrency to use here.
SweepSummary runDistributedSweep(const SweepJob& job, Feedback& stop, int threadsPerRank);

// Rank 0's output, rewritten as records arrive (e.g. a CSV of all finished
// points, through AtomicFile): every change is written unless the last write
// was so recent that writing again would make rewriting more than ~10 % of
// the time (a sweep of 10⁵ quick points must not spend it rewriting);
// finish() writes whatever is still pending.
class ThrottledRewrite {
public:
    explicit ThrottledRewrite(std::function<void()> write) : m_write(std::move(write)) {}
    void changed();
    void finish();

private:
    void writeNow();
    std::function<void()> m_write;
    std::chrono::steady_clock::time_point m_lastWrite{};
    std::chrono::steady_clock::duration m_lastWriteTook{};
    bool m_pending = false, m_written = false;
};

// Rank 0 runs `check` (e.g. of the output folder) before any work; every rank
// then throws std::runtime_error with rank 0's message if it failed, so all
// stop at once instead of computing for nothing.
void checkOnRoot(const std::function<void()>& check);

// checkOnRoot for a sweep's output folder (--out): rank 0 checks that it can
// be written (only its last path component is created) and can hold `file`;
// every rank throws with rank 0's message, naming the field "out", if not.
void checkOutputOnRoot(const std::string& folder, const std::string& file);

} // namespace dlab::cli
