#include "Blobs.hpp"

#include "engine/core/Rng.hpp"

namespace dlab::embed {

LabelledData gaussianBlobs(int n, int dims, int clusters, std::uint64_t seed, double box, double sigma)
{
    RngStream rng(seed, 0xb10b);
    Eigen::MatrixXd centres(clusters, dims);
    for (int c = 0; c < clusters; ++c)
        for (int d = 0; d < dims; ++d)
            centres(c, d) = box * (2.0 * rng.uniform() - 1.0);
    LabelledData out{Eigen::MatrixXd(n, dims), std::vector<int>(n), {}, false};
    for (int i = 0; i < n; ++i) {
        const int c = i % clusters;
        out.labels[i] = c;
        for (int d = 0; d < dims; ++d)
            out.points(i, d) = centres(c, d) + sigma * rng.normal();
    }
    return out;
}

} // namespace dlab::embed
