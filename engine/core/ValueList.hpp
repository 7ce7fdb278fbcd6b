#pragma once
// Lists of values typed by a user (CLI options, GUI fields): one syntax for
// every grid of β, κ or L the program scans.

#include <string>
#include <vector>

namespace dlab {

// "0.1:0.4:0.025" (start:stop:step, stop included within step/1000, at most
// 10000 values) or "0.1,0.2,0.3"; throws ParameterError(field, …).
std::vector<double> parseValueList(const std::string& text, const std::string& field);

// All of `s` as a double (strtod: also inf, nan and subnormals such as 1e-300,
// which std::stod refuses); false if it is not one.
bool wholeNumber(const std::string& s, double& v);

} // namespace dlab
