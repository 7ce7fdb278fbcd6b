#pragma once
// Clocks the benchmark commands share: wall time since a point, this
// process's and this thread's CPU time (a figure measured on a busy machine
// is quoted in CPU seconds), and the load average printed beside it.

#include <chrono>
#include <ctime>
#include <fstream>
#include <vector>

namespace dlab::cli {

using BenchClock = std::chrono::steady_clock;

inline double secondsSince(BenchClock::time_point t)
{
    return std::chrono::duration<double>(BenchClock::now() - t).count();
}

inline double processCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

inline double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

// The 1, 5 and 15 minute load averages (zeros where /proc is missing).
inline std::vector<double> loadAverage()
{
    std::ifstream f("/proc/loadavg");
    double a = 0, b = 0, c = 0;
    f >> a >> b >> c;
    return {a, b, c};
}

} // namespace dlab::cli
