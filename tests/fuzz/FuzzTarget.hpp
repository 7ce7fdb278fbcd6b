#pragma once
// Every harness defines LLVMFuzzerTestOneInput. With clang's libFuzzer
// (-DDLAB_FUZZ=ON) it is driven by the fuzzer; in every other build
// ReplayMain.cpp feeds it the checked-in corpus (tests/fuzz/corpus/NAME), so
// the normal test suite, gcc included, re-checks every input ever found.
//
// A harness catches only the documented error type of its entry point: any
// other exception, a crash or a sanitizer report is a finding.

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
