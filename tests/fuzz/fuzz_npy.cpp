// .npy reader: any bytes give an array or an NpyError, never a crash, an
// overflow or an allocation the file size does not back.
#include "FuzzTarget.hpp"

#include "engine/io/Npy.hpp"

#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const dlab::NpyArray a = dlab::readNpy(in, "fuzz.npy");
        std::size_t n = 1;
        for (auto s : a.shape)
            n *= s;
        if (n != a.values.size()) __builtin_trap(); // shape and data must agree
    } catch (const dlab::NpyError&) {
    }
    return 0;
}
