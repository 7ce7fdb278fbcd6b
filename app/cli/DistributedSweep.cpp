#include "DistributedSweep.hpp"

#include "SweepComm.hpp"

#include "engine/experiments/sweep/SweepPlan.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <tbb/info.h>
#include <tbb/parallel_for.h>
#include <thread>

namespace dlab::cli {
namespace {

using Clock = std::chrono::steady_clock;

enum Kind : int {
    RecordKind = 1,  // "index\nrecord": a finished point
    FailureKind = 2, // "index\nwhy": a point that threw
    DoneKind = 3,    // "unfinished": the sender has no more points
    StopKind = 4,    // rank 0 was interrupted: stop
};

// Every rank runs the same sweeps in the same order; the tag carries the
// sweep's number, so a stop rank 0 sent to a rank that had just finished
// cannot stop that rank's next sweep. (MPI guarantees tags up to 32767.)
int tagOf(Kind kind, int sweepNumber) { return kind + 8 * (sweepNumber % 4000); }
Kind kindOf(int tag) { return Kind(tag % 8); }
int sweepOf(int tag) { return tag / 8; }

std::atomic<int> g_sweepsStarted{0};

// How often a running point looks at its messages; a poll costs microseconds.
constexpr auto kPollInterval = std::chrono::milliseconds(20);

std::string withIndex(int index, const std::string& payload) { return std::to_string(index) + "\n" + payload; }

std::pair<int, std::string> splitIndex(const std::string& bytes)
{
    const auto newline = bytes.find('\n');
    if (newline == std::string::npos) throw std::runtime_error("malformed sweep message");
    return {std::stoi(bytes.substr(0, newline)), bytes.substr(newline + 1)};
}

} // namespace

int defaultSweepThreads()
{
    const int usable = std::max(1, tbb::info::default_concurrency()); // honours the affinity mpirun sets
    const int ranksHere = SweepComm::world().ranksOnThisNode();
    if (ranksHere <= 1) return usable;
    const int machine = std::max(1, int(std::thread::hardware_concurrency()));
    return std::max(1, std::min(usable, machine / ranksHere));
}

void ThrottledRewrite::changed()
{
    if (Clock::now() - m_lastWrite >= 10 * m_lastWriteTook)
        writeNow();
    else
        m_pending = true;
}

void ThrottledRewrite::finish()
{
    if (m_pending || !m_written) writeNow();
}

void ThrottledRewrite::writeNow()
{
    const auto start = Clock::now();
    m_write();
    m_lastWrite = Clock::now();
    m_lastWriteTook = m_lastWrite - start;
    m_pending = false;
    m_written = true;
}

void checkOnRoot(const std::function<void()>& check)
{
    SweepComm& comm = SweepComm::world();
    std::string error;
    if (comm.isRoot()) try {
            check();
        } catch (const std::exception& e) {
            error = e.what();
            if (error.empty()) error = "failed";
        }
    error = comm.broadcastFromRoot(error);
    if (!error.empty()) throw std::runtime_error(error);
}

SweepSummary runDistributedSweep(const SweepJob& job, Feedback& stop, int threadsPerRank)
{
    SweepComm& comm = SweepComm::world();
    const int sweepNumber = g_sweepsStarted++ % 4000;
    SweepSummary summary;
    summary.root = comm.isRoot();
    summary.ranks = comm.size();
    summary.threadsPerRank = threadsPerRank;

    std::vector<double> cost(std::size_t(job.points));
    for (int i = 0; i < job.points; ++i)
        cost[std::size_t(i)] = job.expectedCost ? job.expectedCost(i) : 1.0;
    const std::vector<int> mine = sweep::pointsOf(sweep::assignByCost(cost, comm.size()), cost, comm.rank());

    std::mutex commMutex;    // one MPI call at a time (MPI_THREAD_SERIALIZED)
    std::mutex summaryMutex; // onRecord and the summary
    auto lastPoll = Clock::now() - kPollInterval;
    int ranksStillWorking = comm.size() - 1; // rank 0 waits for their "done"
    std::vector<bool> rankDone(std::size_t(comm.size()), false);
    bool stopSent = false;
    std::atomic<int> unfinished{0};

    auto failure = [&](int index, int rank, const std::string& why) {
        std::ostringstream s;
        s << "point " << index << " (" << (job.describe ? job.describe(index) : std::string("?")) << ") failed";
        if (comm.size() > 1) s << " on rank " << rank;
        s << ": " << why;
        return s.str();
    };
    auto deliver = [&](int index, const std::string& record) {
        std::lock_guard lock(summaryMutex);
        ++summary.finished;
        if (job.onRecord) job.onRecord(index, record);
    };

    // Messages in and out; `wait` = rank 0's final loop (poll now, whatever the interval).
    auto exchange = [&](bool wait) {
        if (comm.size() == 1) return false;
        std::vector<SweepComm::Message> arrived;
        {
            std::unique_lock lock(commMutex, std::try_to_lock);
            if (!lock) return false; // another thread is polling
            const auto now = Clock::now();
            if (!wait && now - lastPoll < kPollInterval) return false;
            lastPoll = now;
            while (auto m = comm.poll())
                arrived.push_back(std::move(*m));
            if (comm.isRoot() && stop.isCancelled() && !stopSent) {
                for (int r = 1; r < comm.size(); ++r)
                    if (!rankDone[std::size_t(r)]) comm.send(r, tagOf(StopKind, sweepNumber), "");
                stopSent = true;
            }
        }
        for (const auto& m : arrived) {
            const Kind kind = kindOf(m.tag);
            if (sweepOf(m.tag) != sweepNumber) continue; // a late stop of an earlier sweep
            if (kind == StopKind) {
                stop.cancel();
            } else if (kind == RecordKind) {
                const auto [index, record] = splitIndex(m.bytes);
                deliver(index, record);
            } else if (kind == FailureKind) {
                const auto [index, why] = splitIndex(m.bytes);
                std::lock_guard lock(summaryMutex);
                summary.failures.push_back(failure(index, m.from, why));
            } else if (kind == DoneKind) {
                std::lock_guard lock(summaryMutex);
                summary.unfinished += std::stoi(m.bytes);
                --ranksStillWorking;
                std::lock_guard commLock(commMutex);
                rankDone[std::size_t(m.from)] = true;
            }
        }
        return !arrived.empty();
    };
    auto report = [&](int index, bool finished, const std::string& payload) {
        if (comm.isRoot()) {
            if (finished) {
                deliver(index, payload);
            } else {
                std::lock_guard lock(summaryMutex);
                summary.failures.push_back(failure(index, 0, payload));
            }
            return;
        }
        std::lock_guard lock(commMutex);
        comm.send(0, tagOf(finished ? RecordKind : FailureKind, sweepNumber), withIndex(index, payload));
    };

    // This rank's points, most expensive first, pulled by as many loops as it has threads.
    const std::function<void()> poll = [&] { exchange(false); };
    std::atomic<std::size_t> next{0};
    const int loops = std::max(1, std::min<int>(threadsPerRank, int(mine.size())));
    tbb::parallel_for(
        tbb::blocked_range<int>(0, loops, 1),
        [&](const tbb::blocked_range<int>& range) {
            for (int loop = range.begin(); loop < range.end(); ++loop)
                for (std::size_t k; (k = next++) < mine.size();) {
                    const int index = mine[k];
                    if (stop.isCancelled()) {
                        ++unfinished;
                        continue;
                    }
                    try {
                        const std::optional<std::string> record = job.run(index, stop, poll);
                        if (record)
                            report(index, true, *record);
                        else
                            ++unfinished;
                    } catch (const std::exception& e) {
                        report(index, false, e.what());
                    }
                    exchange(false);
                }
        },
        tbb::simple_partitioner());

    if (!comm.isRoot()) {
        comm.send(0, tagOf(DoneKind, sweepNumber), std::to_string(unfinished.load()));
    } else {
        summary.unfinished += unfinished.load();
        // The other ranks' last records; polling with short sleeps keeps this rank's core free.
        while (ranksStillWorking > 0)
            if (!exchange(true)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    // Nobody starts another sweep's messages before rank 0 has read all of this one's.
    comm.waitForAll();
    return summary;
}

} // namespace dlab::cli
