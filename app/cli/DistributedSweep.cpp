#include "DistributedSweep.hpp"

#include "SweepComm.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/sweep/SweepPlan.hpp"
#include "engine/io/AtomicFile.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
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
    RequestKind = 5, // "count": the sender has a free loop and asks rank 0 for points
    HandOutKind = 6, // "i j k": points for the asker; empty: none are left
};

// Every rank runs the same sweeps in the same order; the tag carries the
// sweep's number, so a stop rank 0 sent to a rank that had just finished
// cannot stop that rank's next sweep. (MPI guarantees tags up to 32767.)
int tagOf(Kind kind, int sweepNumber) { return kind + 8 * (sweepNumber % 4000); }
Kind kindOf(int tag) { return Kind(tag % 8); }
int sweepOf(int tag) { return tag / 8; }

std::atomic<int> g_sweepsStarted{0};

// How often a running point looks at its messages (between two of its steps);
// a poll costs microseconds. Rank 0 answers requests for points when
// it polls, so a rank asking waits about this long (or one step, if longer):
// 5 ms, not 20, since every such wait leaves a core idle.
constexpr auto kPollInterval = std::chrono::milliseconds(5);
// Points quicker than this go out in chunks of about this much work, and a
// rank keeps one chunk in reserve, so the round trip to rank 0 is hidden.
// Slower points are asked for one at a time when a loop is free: the wait
// (≤ one poll interval) is then a few per cent at most, and no rank holds a
// point at the end that an idle one could have run.
constexpr double kChunkSeconds = 0.25;
// A rank waiting for points sleeps this long between looks.
constexpr auto kWaitSleep = std::chrono::milliseconds(1);

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

namespace {

// One sweep on this rank. Rank 0 holds the dispenser and also computes: its
// loops take points straight from it, and it answers the other ranks'
// requests whenever it polls. The other ranks ask when a loop is free.
class SweepRun {
public:
    SweepRun(const SweepJob& job, Feedback& stop, int threads);
    SweepSummary run();

private:
    std::optional<int> nextPoint();
    void runPoint(int index);
    bool exchange(bool now);
    void answerRequest(int from, int wanted);
    void receiveHandOut(const std::string& bytes);
    void requestIfNeeded();
    void report(int index, bool finished, const std::string& payload);
    void deliver(int index, const std::string& record);
    std::string failure(int index, int rank, const std::string& why) const;
    std::vector<double> costs() const;

    const SweepJob& m_job;
    Feedback& m_stop;
    SweepComm& m_comm;
    const int m_sweepNumber;
    const int m_threads;
    SweepSummary m_summary;

    std::mutex m_commMutex; // one MPI call at a time (MPI_THREAD_SERIALIZED); before m_stateMutex
    Clock::time_point m_lastPoll = Clock::now() - kPollInterval;
    bool m_stopSent = false;
    std::vector<bool> m_rankDone;

    std::mutex m_stateMutex;           // the points: who has which
    sweep::PointDispenser m_dispenser; // rank 0
    std::deque<int> m_handed;          // other ranks: points rank 0 gave this rank, not started
    bool m_requestInFlight = false, m_noMorePoints = false;
    int m_waitingLoops = 0;
    double m_secondsRun = 0; // this rank's points so far, to size its requests
    int m_pointsRun = 0;

    std::mutex m_summaryMutex; // onRecord and the summary
    std::atomic<int> m_unfinished{0}, m_ranksStillWorking{0};
};

SweepRun::SweepRun(const SweepJob& job, Feedback& stop, int threads)
    : m_job(job), m_stop(stop), m_comm(SweepComm::world()), m_sweepNumber(g_sweepsStarted++ % 4000), m_threads(threads),
      m_rankDone(std::size_t(m_comm.size()), false), m_dispenser(costs(), m_comm.size()),
      m_ranksStillWorking(m_comm.size() - 1)
{
    m_summary.root = m_comm.isRoot();
    m_summary.ranks = m_comm.size();
    m_summary.threadsPerRank = threads;
}

std::vector<double> SweepRun::costs() const
{
    std::vector<double> cost(std::size_t(m_job.points));
    for (int i = 0; i < m_job.points; ++i)
        cost[std::size_t(i)] = m_job.expectedCost ? m_job.expectedCost(i) : 1.0;
    return cost;
}

std::string SweepRun::failure(int index, int rank, const std::string& why) const
{
    std::ostringstream s;
    s << "point " << index << " (" << (m_job.describe ? m_job.describe(index) : std::string("?")) << ") failed";
    if (m_comm.size() > 1) s << " on rank " << rank;
    s << ": " << why;
    return s.str();
}

void SweepRun::deliver(int index, const std::string& record)
{
    std::lock_guard lock(m_summaryMutex);
    ++m_summary.finished;
    if (m_job.onRecord) m_job.onRecord(index, record);
}

void SweepRun::report(int index, bool finished, const std::string& payload)
{
    if (m_comm.isRoot()) {
        if (finished) {
            deliver(index, payload);
        } else {
            std::lock_guard lock(m_summaryMutex);
            m_summary.failures.push_back(failure(index, 0, payload));
        }
        return;
    }
    std::lock_guard lock(m_commMutex);
    m_comm.send(0, tagOf(finished ? RecordKind : FailureKind, m_sweepNumber), withIndex(index, payload));
}

// Rank 0, m_commMutex held. A stopped sweep hands out nothing more.
void SweepRun::answerRequest(int from, int wanted)
{
    std::vector<int> points;
    if (!m_stop.isCancelled()) {
        std::lock_guard lock(m_stateMutex);
        points = m_dispenser.take(wanted);
    }
    std::string bytes;
    for (int i : points) {
        if (!bytes.empty()) bytes += ' ';
        bytes += std::to_string(i);
    }
    m_comm.send(from, tagOf(HandOutKind, m_sweepNumber), bytes);
}

// Other ranks, m_commMutex held.
void SweepRun::receiveHandOut(const std::string& bytes)
{
    std::lock_guard lock(m_stateMutex);
    m_requestInFlight = false;
    std::istringstream in(bytes);
    int received = 0;
    for (int i; in >> i; ++received)
        m_handed.push_back(i);
    if (received == 0) m_noMorePoints = true;
}

// Other ranks, m_commMutex held: one request in flight at a time, for the
// loops waiting now (and a chunk in reserve when points are quick).
void SweepRun::requestIfNeeded()
{
    std::lock_guard lock(m_stateMutex);
    if (m_requestInFlight || m_noMorePoints || m_stop.isCancelled()) return;
    const double mean = m_pointsRun > 0 ? m_secondsRun / m_pointsRun : -1;
    const bool quick = mean >= 0 && mean < kChunkSeconds;
    // At most 200 points a chunk: the answer stays ~1 kB, below Open MPI's
    // eager limit for shared memory (4 kB), so rank 0's send never waits for
    // this rank to post a receive while this rank is sending a record.
    const int chunk = quick ? int(std::min(200.0, std::ceil(kChunkSeconds / std::max(mean, 1e-6)))) : 1;
    const std::size_t wanted = std::size_t(m_waitingLoops * chunk + (quick ? chunk : 0));
    if (m_handed.size() >= wanted) return;
    m_comm.send(0, tagOf(RequestKind, m_sweepNumber), std::to_string(wanted - m_handed.size()));
    m_requestInFlight = true;
}

// Messages in and out; `now`: poll whatever the interval (a rank waiting).
bool SweepRun::exchange(bool now)
{
    if (m_comm.size() == 1) return false;
    std::vector<SweepComm::Message> results; // records and failures, handled after the lock (onRecord writes files)
    bool anything = false;
    {
        std::unique_lock lock(m_commMutex, std::try_to_lock);
        if (!lock) return false; // another thread is polling
        const auto t = Clock::now();
        if (!now && t - m_lastPoll < kPollInterval) return false;
        m_lastPoll = t;
        std::vector<std::pair<int, int>> requests;
        while (auto m = m_comm.poll()) {
            anything = true;
            if (sweepOf(m->tag) != m_sweepNumber) continue; // a late stop of an earlier sweep
            switch (kindOf(m->tag)) {
            case StopKind:
                m_stop.cancel();
                break;
            case RequestKind:
                requests.emplace_back(m->from, std::stoi(m->bytes));
                break;
            case HandOutKind:
                receiveHandOut(m->bytes);
                break;
            case DoneKind:
                m_unfinished += std::stoi(m->bytes);
                m_rankDone[std::size_t(m->from)] = true;
                --m_ranksStillWorking;
                break;
            default:
                results.push_back(std::move(*m));
            }
        }
        // The stop goes out before any answer, so a stopped rank hears it first.
        if (m_comm.isRoot() && m_stop.isCancelled() && !m_stopSent) {
            for (int r = 1; r < m_comm.size(); ++r)
                if (!m_rankDone[std::size_t(r)]) m_comm.send(r, tagOf(StopKind, m_sweepNumber), "");
            m_stopSent = true;
        }
        for (const auto& [from, wanted] : requests)
            answerRequest(from, wanted);
        if (!m_comm.isRoot()) requestIfNeeded();
    }
    for (const auto& m : results) {
        const auto [index, payload] = splitIndex(m.bytes);
        if (kindOf(m.tag) == RecordKind) {
            deliver(index, payload);
        } else {
            std::lock_guard lock(m_summaryMutex);
            m_summary.failures.push_back(failure(index, m.from, payload));
        }
    }
    return anything;
}

// The next point for a free loop, or none when the sweep is over or stopped.
// On the other ranks this waits (sleeping) for rank 0's answer.
std::optional<int> SweepRun::nextPoint()
{
    std::unique_lock lock(m_stateMutex);
    if (m_comm.isRoot()) {
        const std::vector<int> next = m_stop.isCancelled() ? std::vector<int>{} : m_dispenser.take(1);
        return next.empty() ? std::nullopt : std::optional(next.front());
    }
    ++m_waitingLoops;
    for (;;) {
        if (m_stop.isCancelled() || (m_handed.empty() && m_noMorePoints)) {
            --m_waitingLoops;
            return std::nullopt;
        }
        if (!m_handed.empty()) {
            const int index = m_handed.front();
            m_handed.pop_front();
            --m_waitingLoops;
            return index;
        }
        lock.unlock();
        if (!exchange(true)) std::this_thread::sleep_for(kWaitSleep);
        lock.lock();
    }
}

void SweepRun::runPoint(int index)
{
    // Only the point's own failure is caught here: one in onRecord (rank 0
    // cannot write) ends the sweep.
    const std::function<void()> poll = [this] { exchange(false); };
    const auto start = Clock::now();
    std::optional<std::string> record;
    std::string failed;
    try {
        record = m_job.run(index, m_stop, poll);
    } catch (const std::exception& e) {
        failed = *e.what() ? e.what() : "an exception without a message";
    } catch (...) {
        failed = "an exception that is not a std::exception";
    }
    {
        std::lock_guard lock(m_stateMutex);
        m_secondsRun += std::chrono::duration<double>(Clock::now() - start).count();
        ++m_pointsRun;
    }
    if (!failed.empty())
        report(index, false, failed);
    else if (record)
        report(index, true, *record);
    else
        ++m_unfinished;
    exchange(false);
}

SweepSummary SweepRun::run()
{
    const int loops = std::max(1, std::min(m_threads, m_job.points));
    tbb::parallel_for(
        tbb::blocked_range<int>(0, loops, 1),
        [&](const tbb::blocked_range<int>& range) {
            for (int loop = range.begin(); loop < range.end(); ++loop)
                while (const auto index = nextPoint())
                    runPoint(*index);
        },
        tbb::simple_partitioner());

    if (!m_comm.isRoot()) {
        // A request still unanswered (the sweep was stopped) may bring points:
        // they, and any not started, are unfinished.
        for (;;) {
            {
                std::lock_guard lock(m_stateMutex);
                if (!m_requestInFlight) break;
            }
            if (!exchange(true)) std::this_thread::sleep_for(kWaitSleep);
        }
        m_unfinished += int(m_handed.size());
        std::lock_guard lock(m_commMutex);
        m_comm.send(0, tagOf(DoneKind, m_sweepNumber), std::to_string(m_unfinished.load()));
    } else {
        // The other ranks' last records and requests; polling with short
        // sleeps keeps this rank's core free.
        while (m_ranksStillWorking > 0)
            if (!exchange(true)) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        m_summary.unfinished = m_unfinished + m_dispenser.remaining(); // never handed out (stopped)
    }
    // Nobody starts another sweep's messages before rank 0 has read all of this one's.
    m_comm.waitForAll();
    return m_summary;
}

} // namespace

void checkOutputOnRoot(const std::string& folder, const std::string& file)
{
    checkOnRoot([&] {
        try {
            checkOutputFolder(folder, CreateFolder::LastComponent);
            checkOutputFile((std::filesystem::path(folder) / file).string());
        } catch (const OutputError& e) {
            throw ParameterError("out", e.what());
        }
    });
}

SweepSummary runDistributedSweep(const SweepJob& job, Feedback& stop, int threadsPerRank)
{
    return SweepRun(job, stop, threadsPerRank).run();
}

} // namespace dlab::cli
