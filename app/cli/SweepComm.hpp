#pragma once
// The processes a sweep runs on: the MPI world when dualitylab-cli was started
// by an MPI launcher (mpirun, srun) and built with MPI (CMake DLAB_MPI), else
// this process alone. MPI is initialised on first use, so commands that never
// sweep never touch it, and finalised at exit.
//
// Messages are (tag, bytes) pairs. Callers serialise the calls (one thread at a
// time; MPI_THREAD_SERIALIZED), and nothing here blocks except send(),
// broadcastFromRoot() and waitForAll(): receiving is a poll, so a waiting rank
// uses no CPU time.

#include <optional>
#include <string>

namespace dlab::cli {

class SweepComm {
public:
    // Throws std::runtime_error if started by an MPI launcher with several
    // processes but built without MPI (every process would run the whole sweep).
    static SweepComm& world();

    int rank() const { return m_rank; }
    int size() const { return m_size; }
    bool isRoot() const { return m_rank == 0; }
    // Processes of this sweep on this machine (their share of its cores).
    int ranksOnThisNode() const { return m_localSize; }

    struct Message {
        int from = 0, tag = 0;
        std::string bytes;
    };
    void send(int to, int tag, const std::string& bytes);
    // A message that has arrived, if any; never waits.
    std::optional<Message> poll();
    // Every rank returns rank 0's `text` (what rank 0 found, e.g. an error).
    std::string broadcastFromRoot(const std::string& text);
    // Returns once every rank has called it, sleeping while it waits (an MPI
    // barrier would spin on a core the other ranks may need).
    void waitForAll();

    ~SweepComm();
    SweepComm(const SweepComm&) = delete;
    SweepComm& operator=(const SweepComm&) = delete;

private:
    SweepComm();
    int m_rank = 0, m_size = 1, m_localSize = 1;
    bool m_initialised = false;
};

// True when an MPI launcher started this process as one of several.
bool launchedAsSeveralMpiProcesses();

} // namespace dlab::cli
