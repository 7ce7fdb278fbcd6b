#include "engine/mc/SimdSupport.hpp"

#include <atomic>
#include <string_view>

namespace dlab {
namespace {

bool cpuSupports(const char* what)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    // __builtin_cpu_supports needs a literal: spell out the few we use.
    const std::string_view w(what);
    if (w == "avx2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2");
    if (w == "avx512")
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
    if (w == "avx512vbmi") return __builtin_cpu_supports("avx512vbmi");
#else
    (void)what;
#endif
    return false;
}

std::atomic<int> g_limit{int(SimdLevel::Avx512)};

bool allowed(SimdLevel level) { return g_limit.load(std::memory_order_relaxed) >= int(level); }

} // namespace

bool useAvx2Kernels()
{
    static const bool has = cpuSupports("avx2");
    return has && allowed(SimdLevel::Avx2);
}

bool useAvx512Kernels()
{
    static const bool has = cpuSupports("avx512");
    return has && allowed(SimdLevel::Avx512);
}

bool useAvx512VbmiKernels()
{
    static const bool has = cpuSupports("avx512") && cpuSupports("avx512vbmi");
    return has && allowed(SimdLevel::Avx512);
}

void setSimdLimit(SimdLevel limit) { g_limit.store(int(limit), std::memory_order_relaxed); }

void setVectorKernelsEnabled(bool enabled) { setSimdLimit(enabled ? SimdLevel::Avx512 : SimdLevel::Scalar); }

} // namespace dlab
