#pragma once
// Pieces the dual-frames commands (classify-temperature, spin-chain,
// fourier-separation) and their bench section share.

#include "Arguments.hpp"
#include "Interrupt.hpp"
#include "RunExperiment.hpp"

#include <chrono>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tbb/global_control.h>
#include <vector>

namespace dlab::cli {

// A comma-separated list of whole numbers in [lo, hi] (e.g. --train 600,3000,9500).
std::vector<int> integerList(const Arguments& a, const std::string& name, const std::vector<int>& fallback, int lo,
                             int hi);
// A comma-separated (or start:stop:step) list of reals in [lo, hi].
std::vector<double> realList(const Arguments& a, const std::string& name, const std::vector<double>& fallback,
                             double lo, double hi);

template <class Snapshot> struct Finished {
    std::shared_ptr<const Snapshot> snapshot;
    double seconds = 0;
};

// Runs the experiment on at most `threads` threads through ExperimentRunner
// until its snapshot says done, or Ctrl-C asks to stop (the snapshot then
// holds what was finished).
template <class Snapshot, class E> Finished<Snapshot> runDualFrames(std::unique_ptr<E> experiment, int threads)
{
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    const auto t0 = std::chrono::steady_clock::now();
    ExperimentRun<Snapshot, E> run(std::move(experiment));
    auto s = run.runUntil([](const Snapshot& snap) { return snap.done || interruptFeedback().isCancelled(); });
    return {s, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

// The keys every dual-frames command ends its JSON with.
template <class Snapshot> void addRunKeys(nlohmann::json& j, const Finished<Snapshot>& f, int threads)
{
    j["seconds"] = f.seconds;
    j["threads"] = threads;
    j["complete"] = f.snapshot->done;
}

// NaN (not measured, e.g. after an interrupt) as JSON null.
inline nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

} // namespace dlab::cli
