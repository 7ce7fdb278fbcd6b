#pragma once
// Which vector kernels this CPU runs. Every kernel has a portable scalar twin
// (and some an AVX2 one) making exactly the same decisions, so results never
// depend on the CPU; tests cap the level to check that.

namespace dlab {

enum class SimdLevel { Scalar = 0, Avx2 = 1, Avx512 = 2 };

// AVX2 available and allowed.
bool useAvx2Kernels();
// AVX-512 F/BW/VL/DQ available and allowed.
bool useAvx512Kernels();
// AVX-512 plus VBMI (byte permutes over 128-entry tables) available and allowed.
bool useAvx512VbmiKernels();

// Highest level kernels may use (tests, speed comparisons); thread-safe,
// takes effect for kernels started afterwards.
void setSimdLimit(SimdLevel limit);
// true: no limit; false: scalar twins only.
void setVectorKernelsEnabled(bool enabled);

} // namespace dlab
