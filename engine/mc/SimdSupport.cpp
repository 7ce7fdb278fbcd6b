#include "engine/mc/SimdSupport.hpp"

#include <atomic>

namespace dlab {
namespace {

bool cpuHasAvx512()
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
#else
    return false;
#endif
}

bool cpuHasVbmi()
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vbmi");
#else
    return false;
#endif
}

std::atomic<bool> g_vectorEnabled{true};

} // namespace

bool useAvx512Kernels()
{
    static const bool has = cpuHasAvx512();
    return has && g_vectorEnabled.load(std::memory_order_relaxed);
}

bool useAvx512VbmiKernels()
{
    static const bool has = cpuHasAvx512() && cpuHasVbmi();
    return has && g_vectorEnabled.load(std::memory_order_relaxed);
}

void setVectorKernelsEnabled(bool enabled) { g_vectorEnabled.store(enabled, std::memory_order_relaxed); }

} // namespace dlab
