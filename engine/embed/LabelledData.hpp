#pragma once
// Points to embed, one per row, with optional class labels and their names.

#include <Eigen/Core>

#include <string>
#include <vector>

namespace dlab::embed {

struct LabelledData {
    Eigen::MatrixXd points;              // one point per row
    std::vector<int> labels;             // optional, one per row
    std::vector<std::string> classNames; // optional names of the labels
    bool orderedClasses = false;         // labels are ordered (a temperature, a level): sequential colours
};

} // namespace dlab::embed
