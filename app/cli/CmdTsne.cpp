// dualitylab-cli tsne: Barnes–Hut t-SNE of any data file (.npy or CSV).
#include "CommandTable.hpp"
#include "Interrupt.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/embed/DataFile.hpp"
#include "engine/embed/Quality.hpp"
#include "engine/embed/Tsne.hpp"
#include "engine/io/AtomicFile.hpp"

#include <chrono>
#include <ctime>
#include <iostream>
#include <tbb/info.h>
#include <tbb/task_arena.h>

namespace dlab::cli {
namespace {

int runTsne(const Arguments& a, std::ostream& out)
{
    const std::string in = a.text("in", "");
    embed::TsneOptions o;
    o.perplexity = a.real("perplexity", 30, 1, 1000);
    o.iterations = int(a.integer("iterations", 1000, 0, 1'000'000));
    o.theta = a.real("theta", 0.5, 0, 1.5);
    o.learningRate = a.real("learning-rate", 0, 0, 1e7);
    o.seed = std::uint64_t(a.integer("seed", 1, 0, (1LL << 62)));
    o.pcaInit = a.choice("init", "pca", {"pca", "random"}) == "pca";
    const int threads = int(a.integer("threads", tbb::info::default_concurrency(), 1, 1024));
    const int trustK = int(a.integer("trust-k", 5, 1, 1000));
    const std::string outPath = a.text("out", "");
    const std::string labelsPath = a.text("labels", "");
    a.endOfOptions();
    if (in.empty()) throw std::invalid_argument("--in: a data file (.npy or .csv) is required");

    // The loaders' messages say what is wrong with the file; prefix the
    // option so the one-line error also names which input it was.
    auto naming = [](const char* option, auto load) {
        try {
            return load();
        } catch (const std::runtime_error& e) {
            throw std::invalid_argument(std::string(option) + ": " + e.what());
        }
    };
    const Eigen::MatrixXd x = naming("--in", [&] { return embed::loadMatrix(in); });
    std::vector<int> labels;
    if (!labelsPath.empty()) {
        labels = naming("--labels", [&] { return embed::loadLabels(labelsPath); });
        if (labels.size() != std::size_t(x.rows()))
            throw ParameterError("labels",
                                 std::to_string(labels.size()) + " labels for " + std::to_string(x.rows()) + " points");
    }
    // Fail before the embedding, not after it: an unreachable --k or an
    // unwritable --out would otherwise waste the whole run.
    if (2 * x.rows() - 3 * Eigen::Index(trustK) - 1 <= 0)
        throw ParameterError("trust-k", std::to_string(trustK) + " is too large for " + std::to_string(x.rows()) +
                                            " points (allowed: k < (2n − 1)/3)");
    if (!outPath.empty()) naming("--out", [&] { return (checkOutputFile(outPath), 0); });
    Feedback& stop = interruptFeedback(); // Ctrl-C: keep the embedding as far as it got
    nlohmann::json j;
    tbb::task_arena arena(threads);
    arena.execute([&] {
        const auto t0 = std::chrono::steady_clock::now();
        const std::clock_t c0 = std::clock(); // CPU time of all threads: less sensitive to a busy machine
        embed::Tsne t(x, o);
        while (!t.prepare(4096) && !stop.isCancelled()) {
        }
        if (!t.prepared()) return; // interrupted before there was an embedding
        j["seconds_affinities"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        j["cpu_seconds_affinities"] = double(std::clock() - c0) / CLOCKS_PER_SEC;
        t.iterate(o.iterations, &stop);
        j["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        j["n"] = x.rows();
        j["dims"] = x.cols();
        j["perplexity"] = o.perplexity;
        j["iterations"] = t.iteration();
        j["theta"] = o.theta;
        j["learning_rate"] = t.learningRate();
        j["kl_divergence"] = embed::klDivergence(t.affinities(), t.embedding());
        j["kl_note"] =
            o.theta > 0 ? "sparse kNN P (3*perplexity neighbours), exact normalisation Z" : "dense P, exact Q";
        if (o.theta > 0 && x.rows() <= 10000)
            j["kl_divergence_dense_p"] = embed::klDivergenceDense(x, t.embedding(), o.perplexity);
        j["trustworthiness"] = embed::trustworthiness(x, t.embedding(), trustK);
        j["trustworthiness_k"] = trustK;
        if (x.rows() > 5000) j["trustworthiness_note"] = "estimated from 5000 evenly spaced query points";
        if (!labels.empty()) j["label_agreement_10nn"] = embed::neighbourLabelAgreement(t.embedding(), labels, 10);
        if (!outPath.empty()) {
            CsvTable table = embed::embeddingTable(t.embedding(), labels);
            table.addHeader("data", in + " (" + std::to_string(x.rows()) + " points x " + std::to_string(x.cols()) +
                                        " values)");
            if (!labelsPath.empty()) table.addHeader("labels", labelsPath);
            embed::describeTsne(table, o, t.iteration());
            table.write(outPath);
        }
        if (t.iteration() < o.iterations) j["interrupted"] = true;
    });
    if (stop.isCancelled() && !j.contains("iterations")) {
        std::cerr << "interrupted while computing the affinities: no embedding to write\n";
        return interruptExitCode();
    }
    if (a.flag("json"))
        out << j.dump(2) << "\n";
    else
        out << "n=" << j["n"] << " KL=" << j["kl_divergence"] << " trustworthiness=" << j["trustworthiness"]
            << " seconds=" << j["seconds"] << "\n";
    return stop.isCancelled() ? interruptExitCode() : 0;
}

const CommandRegistration reg{
    {"tsne",
     "t-SNE of a data file (--in X.npy|X.csv --labels Y.csv --perplexity --iterations --theta (0 = exact) "
     "--learning-rate --init pca|random --seed --out Y.csv --trust-k --threads)",
     {"in", "labels", "perplexity", "iterations", "theta", "learning-rate", "init", "seed", "out", "trust-k",
      "threads"},
     {"json"},
     runTsne,
     true}};

} // namespace
} // namespace dlab::cli
