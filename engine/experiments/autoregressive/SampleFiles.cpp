#include "SampleFiles.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/io/Npy.hpp"

#include <cstdint>
#include <vector>

namespace dlab::autoregressive {

void writeSamples(const std::string& path, const Eigen::MatrixXd& values, int side, SampleKind kind)
{
    if (values.cols() != Eigen::Index(side) * side) throw ParameterError("side", "samples do not hold side² values");
    const std::vector<std::size_t> shape{std::size_t(values.rows()), std::size_t(side), std::size_t(side)};
    if (kind == SampleKind::Angles) {
        std::vector<double> data;
        data.reserve(std::size_t(values.size()));
        for (Eigen::Index r = 0; r < values.rows(); ++r)
            for (Eigen::Index i = 0; i < values.cols(); ++i)
                data.push_back(values(r, i));
        writeNpyFloat64(path, shape, data);
        return;
    }
    std::vector<std::int8_t> data;
    data.reserve(std::size_t(values.size()));
    for (Eigen::Index r = 0; r < values.rows(); ++r)
        for (Eigen::Index i = 0; i < values.cols(); ++i) {
            const double v = values(r, i);
            data.push_back(std::int8_t(kind == SampleKind::BlockCategories ? 2 * v - 4 : (v > 0 ? 1 : -1)));
        }
    writeNpyInt8(path, shape, data);
}

} // namespace dlab::autoregressive
