#pragma once
// Options the autoregressive commands share: the network (--hidden 64,64
// --activation tanh|relu --no-direct), the thread count, and the temperature
// list of a sweep.

#include "Arguments.hpp"

#include "engine/experiments/autoregressive/NetworkSettings.hpp"

#include <memory>
#include <tbb/global_control.h>
#include <vector>

namespace dlab::cli {

inline const char* kNetworkOptionsHelp = "[--hidden W1,W2] [--activation tanh|relu] [--no-direct]";

autoregressive::NetworkSettings networkOptions(const Arguments& a, autoregressive::NetworkSettings defaults);
// --threads N (default: all cores) for the rest of the command.
std::unique_ptr<tbb::global_control> threadLimit(const Arguments& a, int* threads = nullptr);
// --temperatures "0.5:1.5:0.25" or "0.8,0.9,1.0"; empty when not given.
std::vector<double> temperatureList(const Arguments& a);

} // namespace dlab::cli
