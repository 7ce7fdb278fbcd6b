#include "Metrics.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>
#include <utility>

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

// Per class present in the labels: (count, recall).
static std::vector<std::pair<double, double>> recalls(const std::vector<int>& predicted, const std::vector<int>& labels,
                                                      int classes)
{
    requireSameLength(predicted, labels);
    std::vector<long long> total(std::size_t(classes), 0), right(std::size_t(classes), 0);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        if (labels[i] < 0 || labels[i] >= classes) throw ParameterError("labels", "label outside [0, classes)");
        ++total[std::size_t(labels[i])];
        right[std::size_t(labels[i])] += predicted[i] == labels[i];
    }
    std::vector<std::pair<double, double>> out;
    for (int c = 0; c < classes; ++c)
        if (total[std::size_t(c)] > 0)
            out.emplace_back(double(total[std::size_t(c)]),
                             double(right[std::size_t(c)]) / double(total[std::size_t(c)]));
    return out;
}

double balancedAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels, int classes)
{
    double sum = 0;
    const auto r = recalls(predicted, labels, classes);
    for (const auto& [n, recall] : r)
        sum += recall;
    return sum / double(r.size());
}

double balancedAccuracyError(const std::vector<int>& predicted, const std::vector<int>& labels, int classes)
{
    double variance = 0;
    const auto r = recalls(predicted, labels, classes);
    for (const auto& [n, recall] : r)
        variance += recall * (1 - recall) / n;
    return std::sqrt(variance) / double(r.size());
}

} // namespace dlab::nn
