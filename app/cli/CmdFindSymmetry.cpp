// dualitylab-cli find-symmetry: sample level sets of a potential, train the
// classifier, extract symmetry generators (docs/experiments/symmetries.md).
#include "CommandTable.hpp"
#include "Interrupt.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/symmetry/SymmetryExperiment.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <tbb/info.h>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

nlohmann::json matrixJson(const Eigen::MatrixXd& m)
{
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
        nlohmann::json r = nlohmann::json::array();
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            r.push_back(m(i, j));
        rows.push_back(r);
    }
    return rows;
}

int runFindSymmetry(const Arguments& a, std::ostream& out)
{
    using namespace dlab::symmetry;
    SymmetryParams p;
    p.dim = int(a.integer("dim", 2, 2, 4));
    const std::string potential = a.text("potential", "radial");
    p.a = a.real("a", 2.3, -100, 100);
    if (potential == "radial")
        p.kind = PotentialKind::Radial;
    else if (potential == "cylinder")
        p.kind = PotentialKind::Cylinder;
    else {
        p.kind = PotentialKind::Expression;
        p.expression = potential;
    }
    p.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    p.pointsPerClass = int(a.integer("points", 0, 0, 100000));
    p.maxEpochs = int(a.integer("epochs", p.maxEpochs, 1, 100000));
    p.generators.planes = int(a.integer("planes", 0, 0, 100000));
    p.generators.maxResidual = a.real("max-residual", p.generators.maxResidual, 0, 1);
    if (a.flag("per-class") && a.flag("pooled"))
        throw std::invalid_argument("--per-class and --pooled contradict each other; give at most one");
    if (a.flag("per-class")) p.generators.pooling = GeneratorOptions::Pooling::PerClass;
    if (a.flag("pooled")) p.generators.pooling = GeneratorOptions::Pooling::Pooled;
    p.tsne = a.flag("tsne");
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    a.endOfOptions();

    Feedback& stop = interruptFeedback();
    const auto t0 = std::chrono::steady_clock::now();
    SymmetryExperiment e(p);
    tbb::task_arena arena(threads);
    arena.execute([&] {
        while (!e.done() && !stop.isCancelled())
            e.step(stop);
    });
    if (!e.done()) { // generators are only meaningful from a finished fit
        std::cerr << "find-symmetry: interrupted before the generators were found; nothing to report\n";
        return interruptExitCode();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto s = e.current();

    nlohmann::json j;
    j["dim"] = s->dim;
    j["potential"] = s->potential;
    j["seed"] = p.seed;
    j["points"] = s->points->rows();
    j["points_per_class"] = s->pointsPerClass;
    j["epochs"] = s->epoch;
    j["accuracy"] = s->accuracy;
    j["train_accuracy"] = s->trainAccuracy.empty() ? 0.0 : s->trainAccuracy.back();
    j["generators"] = nlohmann::json::array();
    for (const auto& g : s->generators)
        j["generators"].push_back(matrixJson(g));
    j["explained_variance"] =
        std::vector<double>(s->explainedVariance.data(), s->explainedVariance.data() + s->explainedVariance.size());
    j["planes_used"] = s->planeGenerators.size();
    j["planes_tried"] = s->planesTried;
    j["plane_residuals"] = nlohmann::json::array();
    for (double r : s->planeResiduals)
        j["plane_residuals"].push_back(r);
    j["expected_generators"] = nlohmann::json::array();
    for (const auto& g : s->expectedGenerators)
        j["expected_generators"].push_back(matrixJson(g));
    j["seconds"] = seconds;
    j["seconds_sampling"] = s->secondsSampling;
    j["seconds_training"] = s->secondsTraining;
    j["seconds_generators"] = s->secondsGenerators;
    if (p.tsne) j["seconds_tsne"] = s->secondsTsne;

    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << s->potential << ": held-out accuracy " << s->accuracy << " after " << s->epoch << " epochs\n";
        out << "explained variance:";
        for (Eigen::Index k = 0; k < s->explainedVariance.size(); ++k)
            out << " " << std::setprecision(3) << s->explainedVariance[k];
        out << "\n";
        for (std::size_t k = 0; k < s->generators.size(); ++k)
            out << "generator " << k + 1 << ":\n" << std::setprecision(3) << s->generators[k] << "\n";
        out << "seconds: " << seconds << "\n";
    }
    return 0;
}

const CommandRegistration reg{
    {"find-symmetry",
     "symmetry generators of a potential's level sets via a classifier (--dim 2..4 --potential "
     "radial|cylinder|EXPR in x,y,z,w,r --a --seed --points --epochs --planes --max-residual --per-class|--pooled "
     "--tsne "
     "--threads)",
     {"dim", "potential", "a", "seed", "points", "epochs", "planes", "threads", "max-residual"},
     {"json", "tsne", "per-class", "pooled"},
     runFindSymmetry,
     true}};

} // namespace
} // namespace dlab::cli
