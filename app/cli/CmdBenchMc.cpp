// Bench section "ising": Monte Carlo throughput of the Ising kernels at β_c.
// Figures only, never pass/fail; the whole section takes ≈ 20 s.
#include "CommandTable.hpp"

#include "engine/mc/MarkovChain.hpp"
#include "engine/mc/MultiSpinIsing.hpp"
#include "engine/mc/SimdSupport.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <chrono>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Runs `work(n)` with growing n until `seconds` have passed; returns (units done, seconds).
template <class Work> std::pair<double, double> timeFor(double seconds, Work work)
{
    work(1); // warm up caches and allocations
    double done = 0, elapsed = 0;
    long long batch = 1;
    while (elapsed < seconds) {
        const auto start = Clock::now();
        done += work(batch);
        elapsed += std::chrono::duration<double>(Clock::now() - start).count();
        if (elapsed < seconds / 4) batch *= 2;
    }
    return {done, elapsed};
}

// Metropolis flips per ns on an L×L lattice with `threads` threads.
double metropolisFlipsPerNs(int L, IsingCouplings t, int threads, double seconds)
{
    tbb::task_arena arena(threads);
    double result = 0;
    arena.execute([&] {
        RngStream rng(1, 0);
        MarkovChain chain(SpinConfiguration::random(L, rng), t, McAlgorithm::Metropolis, rng);
        const auto [flips, s] = timeFor(seconds, [&](long long n) {
            chain.sweeps(int(n));
            return double(n) * L * L;
        });
        result = flips / (s * 1e9);
    });
    return result;
}

// Cluster algorithms: ns per flipped spin (Wolff) or per site update (SW).
double clusterNsPerSpin(McAlgorithm algo, int L, double beta, double seconds)
{
    RngStream rng(2, 0);
    MarkovChain chain(SpinConfiguration::random(L, rng), IsingCouplings::standard(beta), algo, rng);
    chain.sweeps(20); // equilibrate: cluster sizes depend on the state
    const auto [spins, s] = timeFor(seconds, [&](long long n) {
        const long long before = chain.flipsAttempted();
        chain.sweeps(int(n));
        return double(chain.flipsAttempted() - before);
    });
    return s * 1e9 / spins;
}

double multiSpinFlipsPerNs(int L, double beta, int threads, double seconds)
{
    tbb::task_arena arena(threads);
    double result = 0;
    arena.execute([&] {
        MultiSpinIsing ms(L, beta, RngStream(3, 0));
        const auto [flips, s] = timeFor(seconds, [&](long long n) {
            ms.sweeps(int(n));
            return double(n) * ms.spinsPerSweep();
        });
        result = flips / (s * 1e9);
    });
    return result;
}

nlohmann::json runIsingBench(int threads)
{
    const double bc = exact::criticalBeta();
    const auto tc = IsingCouplings::standard(bc);
    nlohmann::json j;
    j["beta"] = bc;
    j["threads"] = threads;
    j["avx512"] = useAvx512Kernels();
    j["metropolis_L256_flips_per_ns_1thread"] = metropolisFlipsPerNs(256, tc, 1, 1.5);
    j["metropolis_L256_flips_per_ns_all_threads"] = metropolisFlipsPerNs(256, tc, threads, 1.5);
    j["metropolis_L1024_flips_per_ns_1thread"] = metropolisFlipsPerNs(1024, tc, 1, 2.0);
    j["metropolis_L1024_flips_per_ns_all_threads"] = metropolisFlipsPerNs(1024, tc, threads, 2.0);
    j["metropolis_L1024_speedup_all_threads"] = j["metropolis_L1024_flips_per_ns_all_threads"].get<double>() /
                                                j["metropolis_L1024_flips_per_ns_1thread"].get<double>();
    j["metropolis_four_colour_L256_flips_per_ns_all_threads"] =
        metropolisFlipsPerNs(256, IsingCouplings{bc, 0.05, 0.05}, threads, 1.0);
    j["multispin_L256_flips_per_ns_1thread"] = multiSpinFlipsPerNs(256, bc, 1, 1.5);
    j["multispin_L256_flips_per_ns_all_threads"] = multiSpinFlipsPerNs(256, bc, threads, 1.5);
    j["multispin_spins_per_word"] = 64;
    j["wolff_L256_ns_per_flipped_spin"] = clusterNsPerSpin(McAlgorithm::Wolff, 256, bc, 1.5);
    j["sw_L256_ns_per_spin"] = clusterNsPerSpin(McAlgorithm::SwendsenWang, 256, bc, 1.5);
    return j;
}

const BenchRegistration reg{{"ising", runIsingBench}};

} // namespace
} // namespace dlab::cli
