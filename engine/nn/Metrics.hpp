#pragma once
// Classification scores from predicted and true integer labels.

#include <vector>

namespace dlab::nn {

// Fraction of rows with predicted == label.
double accuracy(const std::vector<int>& predicted, const std::vector<int>& labels);

// Mean over the classes present in `labels` of the fraction of that class
// predicted correctly (recall). Unlike accuracy it is not fooled by
// imbalance: always answering the majority class of a 95 : 5 split scores
// 0.5, not 0.95.
double balancedAccuracy(const std::vector<int>& predicted, const std::vector<int>& labels, int classes);

} // namespace dlab::nn
