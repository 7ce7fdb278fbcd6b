#include "SweepComm.hpp"

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#ifdef DLAB_HAVE_MPI
#include <mpi.h>
#endif

namespace dlab::cli {
namespace {

// How many processes a launcher started as one job: Open MPI's mpirun,
// PMI (MPICH's hydra, srun --mpi=pmi2) and Slurm's srun (also without an MPI
// plugin, where MPI would see each process alone). 1 when none did.
int launcherProcessCount()
{
    auto count = [](const char* name) {
        const char* v = std::getenv(name);
        return v ? std::atoi(v) : 0;
    };
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"})
        if (count(name) > 0) return count(name);
    if (std::getenv("SLURM_PROCID") && count("SLURM_STEP_NUM_TASKS") > 0) return count("SLURM_STEP_NUM_TASKS");
    return 1;
}

#ifdef DLAB_HAVE_MPI
// Open MPI with every rank of the job on this machine: shared memory is the
// only transport needed, so the ranks take ob1 over shared memory (btl
// self,vader) instead of letting MPI_Init try the other PMLs and BTLs the
// installation enables (cm with its PSM MTLs, TCP, …). On the 2-core machine
// MPI_Init took 0.26–0.54 s by default and 0.06–0.25 s so, with the ranks
// idle meanwhile (docs/cli/sweeps.md). A choice the user made (`mpirun --mca
// pml …`, OMPI_MCA_pml, likewise btl) is kept: setenv does not overwrite.
void preferSharedMemoryOnOneMachine()
{
    const char* size = std::getenv("OMPI_COMM_WORLD_SIZE");
    const char* local = std::getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    if (!size || !local || std::atoi(size) != std::atoi(local)) return;
    setenv("OMPI_MCA_pml", "ob1", 0);
    setenv("OMPI_MCA_btl", "self,vader", 0);
}
#endif

} // namespace

bool launchedAsSeveralMpiProcesses() { return launcherProcessCount() > 1; }

SweepComm& SweepComm::world()
{
    static SweepComm comm;
    return comm;
}

#ifdef DLAB_HAVE_MPI

SweepComm::SweepComm()
{
    // A plain start stays a plain process: MPI_Init without a launcher works
    // ("singleton") but costs time and may warn about networks.
    const int launched = launcherProcessCount();
    if (launched <= 1) return;
    preferSharedMemoryOnOneMachine();
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_SERIALIZED, &provided);
    m_initialised = true;
    if (provided < MPI_THREAD_SERIALIZED)
        throw std::runtime_error("the MPI library offers no MPI_THREAD_SERIALIZED support, which sweeps need");
    MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m_size);
    if (m_size != launched)
        throw std::runtime_error("started as one of " + std::to_string(launched) + " processes, but MPI sees " +
                                 std::to_string(m_size) +
                                 " (with srun, pass --mpi=pmix or the plugin your MPI was built for)");
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, m_rank, MPI_INFO_NULL, &node);
    MPI_Comm_size(node, &m_localSize);
    MPI_Comm_free(&node);
}

SweepComm::~SweepComm()
{
    if (!m_initialised) return;
    int finalised = 0;
    MPI_Finalized(&finalised);
    if (!finalised) MPI_Finalize();
}

void SweepComm::send(int to, int tag, const std::string& bytes)
{
    MPI_Send(bytes.data(), int(bytes.size()), MPI_CHAR, to, tag, MPI_COMM_WORLD);
}

std::optional<SweepComm::Message> SweepComm::poll()
{
    if (m_size == 1) return std::nullopt;
    int arrived = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
    if (!arrived) return std::nullopt;
    int count = 0;
    MPI_Get_count(&status, MPI_CHAR, &count);
    Message m;
    m.from = status.MPI_SOURCE;
    m.tag = status.MPI_TAG;
    m.bytes.resize(std::size_t(count));
    MPI_Recv(m.bytes.data(), count, MPI_CHAR, m.from, m.tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return m;
}

std::string SweepComm::broadcastFromRoot(const std::string& text)
{
    if (m_size == 1) return text;
    int length = int(text.size());
    MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
    std::string out = m_rank == 0 ? text : std::string(std::size_t(length), '\0');
    MPI_Bcast(out.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
    return out;
}

void SweepComm::waitForAll()
{
    if (m_size == 1) return;
    MPI_Request request;
    MPI_Ibarrier(MPI_COMM_WORLD, &request);
    for (int done = 0;;) {
        MPI_Test(&request, &done, MPI_STATUS_IGNORE);
        if (done) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
}

#else

SweepComm::SweepComm()
{
    if (launcherProcessCount() > 1)
        throw std::runtime_error("this dualitylab-cli was built without MPI (CMake DLAB_MPI=OFF or no MPI found), so "
                                 "every process started by mpirun would run the whole sweep: run it without mpirun, "
                                 "or rebuild with -DDLAB_MPI=ON");
}

SweepComm::~SweepComm() = default;

void SweepComm::send(int, int, const std::string&)
{
    throw std::logic_error("SweepComm::send without MPI: there is no other process");
}

std::optional<SweepComm::Message> SweepComm::poll() { return std::nullopt; }

std::string SweepComm::broadcastFromRoot(const std::string& text) { return text; }

void SweepComm::waitForAll() {}

#endif

} // namespace dlab::cli
