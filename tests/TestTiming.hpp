#pragma once
// Wall-clock limits in tests scale with DLAB_TEST_TIME_SCALE (default 1):
// the ASan+UBSan suite sets it (tests/CMakeLists.txt), since instrumented code
// runs several times slower. Only limits scale, never expectations.

#include <cstdlib>

namespace dlab::test {

inline double timeScale()
{
    const char* s = std::getenv("DLAB_TEST_TIME_SCALE");
    const double v = s ? std::atof(s) : 1.0;
    return v >= 1.0 ? v : 1.0;
}

// `ms` milliseconds, scaled.
inline int scaledMs(int ms) { return int(ms * timeScale()); }

} // namespace dlab::test
