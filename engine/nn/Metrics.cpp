#include "Metrics.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::nn {

namespace {
void requireSameLength(const std::vector<int>& predicted, const std::vector<int>& labels)
{
    if (predicted.size() != labels.size() || labels.empty())
        throw ParameterError("labels", "predictions and labels must be non-empty and of the same length");
}
} // namespace

double accuracy(const std::vector<int>& predicted, const std::vector<int>& labels)
{
    requireSameLength(predicted, labels);
    std::size_t right = 0;
    for (std::size_t i = 0; i < labels.size(); ++i)
        right += predicted[i] == labels[i];
    return double(right) / double(labels.size());
}

double balancedAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels, int classes)
{
    requireSameLength(predicted, labels);
    std::vector<long long> total(std::size_t(classes), 0), right(std::size_t(classes), 0);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= classes) throw ParameterError("labels", "label outside [0, classes)");
        ++total[std::size_t(labels[i])];
        right[std::size_t(labels[i])] += predicted[i] == labels[i];
    }
    double sum = 0;
    int present = 0;
    for (int c = 0; c < classes; ++c)
        if (total[std::size_t(c)] > 0) {
            sum += double(right[std::size_t(c)]) / double(total[std::size_t(c)]);
            ++present;
        }
    return sum / present;
}

} // namespace dlab::nn
