#pragma once
// Which vector kernels this CPU runs. Every kernel has a portable scalar twin
// that makes exactly the same decisions, so results never depend on the CPU;
// tests switch the vector paths off to check that.

namespace dlab {

// True when the CPU has AVX-512 F/BW/VL/DQ and vector kernels are not disabled.
bool useAvx512Kernels();

// AVX-512 plus VBMI (byte permutes over 128-entry tables).
bool useAvx512VbmiKernels();

// Force the scalar twins (tests, or to compare speed); thread-safe, takes
// effect for kernels started afterwards.
void setVectorKernelsEnabled(bool enabled);

} // namespace dlab
