#pragma once
// One way for the Monte Carlo kernels to compile a region of a file for a
// wider instruction set than the build's baseline (run-time dispatch picks
// it only where the CPU has it):
//
//   DLAB_SIMD_REGION_BEGIN(DLAB_AVX512_VBMI)
//   … functions using AVX-512 intrinsics …
//   DLAB_SIMD_REGION_END
//
// GCC 12 flags its own _mm512_undefined_* helpers as uninitialised and notes
// the vector ABI of inlined templates; both are silenced inside regions only.

// GCC only: clang (the fuzz build) ignores `#pragma GCC target` and would
// refuse the intrinsics, so it compiles the scalar kernels, which give
// identical results (tst_mc_multispin).
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define DLAB_HAVE_AVX512_PATH 1
#endif

#define DLAB_AVX2 "avx2,bmi2"
#define DLAB_AVX512 "avx512f,avx512bw,avx512vl,avx512dq,avx2,bmi2"
#define DLAB_AVX512_VBMI "avx512f,avx512bw,avx512vl,avx512dq,avx512vbmi,avx2,bmi2"

#define DLAB_PRAGMA(x) _Pragma(#x)
#define DLAB_SIMD_REGION_BEGIN(features)                                                                               \
    DLAB_PRAGMA(GCC push_options)                                                                                      \
    DLAB_PRAGMA(GCC target(features))                                                                                  \
    DLAB_PRAGMA(GCC diagnostic push)                                                                                   \
    DLAB_PRAGMA(GCC diagnostic ignored "-Wuninitialized")                                                              \
    DLAB_PRAGMA(GCC diagnostic ignored "-Wmaybe-uninitialized")                                                        \
    DLAB_PRAGMA(GCC diagnostic ignored "-Wpsabi")
#define DLAB_SIMD_REGION_END                                                                                           \
    DLAB_PRAGMA(GCC diagnostic pop)                                                                                    \
    DLAB_PRAGMA(GCC pop_options)
