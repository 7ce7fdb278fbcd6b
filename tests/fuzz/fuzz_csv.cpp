// CSV reader of `tsne --in`: a matrix whose size matches the rows read, or a
// runtime_error naming line and column.
#include "FuzzTarget.hpp"

#include "engine/embed/DataFile.hpp"

#include <sstream>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        const Eigen::MatrixXd m = dlab::embed::loadCsvMatrix(in, "fuzz.csv");
        if (m.rows() < 1 || m.cols() < 1) __builtin_trap(); // empty data is an error, not a 0×0 matrix
    } catch (const std::runtime_error&) {
    }
    return 0;
}
