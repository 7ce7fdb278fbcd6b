#pragma once
// One JSON style for estimates: "x" and "x_err" side by side.

#include "engine/measure/Statistics.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace dlab::cli {

inline void putEstimate(nlohmann::json& j, const std::string& name, double value, double error)
{
    j[name] = value;
    j[name + "_err"] = error;
}

inline void putEstimate(nlohmann::json& j, const std::string& name, const Estimate& e)
{
    putEstimate(j, name, e.mean, e.error);
}

} // namespace dlab::cli
