#include "ChunkedSum.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <vector>

namespace dlab::nn {

double chunkedSum(Eigen::Index rows, Eigen::Index chunkRows, Eigen::Index gradientSize, const ChunkTerm& chunk,
                  Eigen::VectorXd& gradient)
{
    if (rows < 1 || chunkRows < 1) throw ParameterError("batch", "need at least one row");
    const Eigen::Index chunks = (rows + chunkRows - 1) / chunkRows;
    const auto count = static_cast<std::size_t>(chunks);
    std::vector<Eigen::VectorXd> parts(count, Eigen::VectorXd(gradientSize));
    std::vector<double> values(count);
    // Isolated: a waiting thread must not pick up an outer task that reenters here.
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(Eigen::Index(0), chunks, [&](Eigen::Index c) {
            const Eigen::Index r0 = c * chunkRows;
            values[std::size_t(c)] = chunk(r0, std::min(chunkRows, rows - r0), parts[std::size_t(c)]);
        });
    });
    gradient = std::move(parts[0]);
    double value = values[0];
    for (Eigen::Index c = 1; c < chunks; ++c) {
        gradient += parts[std::size_t(c)];
        value += values[std::size_t(c)];
    }
    return value;
}

} // namespace dlab::nn
