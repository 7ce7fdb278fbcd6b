#include "SymmetryExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/nn/Trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <sstream>

namespace dlab::symmetry {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
constexpr double kStepBudget = 0.015; // seconds of work per step, so the GUI stays live
} // namespace

namespace {

// A constant potential has a single level set filling the whole box: one
// class (or none), nothing for the classifier to tell apart and no
// generators, which used to end "successfully" with an empty answer. Probe
// it on a fixed grid and scatter of points in the sampling box.
void requireVaries(const Potential& v, double box)
{
    const int d = v.dim();
    std::vector<double> p(std::size_t(d), 0.0);
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    auto probe = [&] {
        const double x = v.value(p.data());
        if (std::isfinite(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    };
    // The 5^d grid over the box, then 200 points of a Weyl (golden-ratio) sequence.
    std::vector<int> idx(std::size_t(d), 0);
    for (;;) {
        for (int i = 0; i < d; ++i)
            p[i] = box * (idx[i] - 2) / 2.0;
        probe();
        int i = 0;
        while (i < d && ++idx[i] == 5)
            idx[i++] = 0;
        if (i == d) break;
    }
    const double alpha[4] = {0.7548776662466927, 0.5698402909980532, 0.4301597090019468, 0.2451223337533073};
    for (int n = 1; n <= 200; ++n)
        for (int i = 0; i < d; ++i) {
            const double u = std::fmod(n * alpha[i] + 0.5 * i, 1.0);
            p[i] = box * (2 * u - 1);
            if (i == d - 1) probe();
        }
    if (!(lo <= hi)) throw ParameterError("potential", "the potential is not finite anywhere on the sampling region");
    if (hi - lo <= 1e-12 * std::max(1.0, std::abs(hi))) {
        std::ostringstream s;
        s << "the potential is constant (V = " << hi << ") on the sampling region [-" << box << ", " << box << "]^" << d
          << "; its level sets give no classes to learn";
        throw ParameterError("potential", s.str());
    }
}

} // namespace

void SymmetryParams::validate() const
{
    requireInRange("dim", dim, 2, 4);
    if (kind == PotentialKind::Cylinder && dim != 3)
        throw ParameterError("dim", "the cylinder potential rho^4 - a rho^2 + z^2 needs dim = 3");
    requireInRange("points_per_class", pointsPerClass, 0, 100000);
    requireInRange("box", boxHalfWidth, 0.01, 1000.0);
    if (hidden.empty()) throw ParameterError("hidden", "need at least one hidden layer");
    for (int h : hidden)
        requireInRange("hidden", h, 1, 4096);
    requireInRange("epochs", maxEpochs, 1, 100000);
    requireInRange("target_accuracy", targetAccuracy, 0.0, 1.0);
    requireInRange("learning_rate", learningRate, 1e-6, 1.0);
    requireInRange("batch_size", batchSize, 1, 100000);
    requireInRange("l2", l2, 0.0, 1.0);
    GeneratorOptions g = generators;
    if (g.planes == 0) g.planes = 1;
    g.validate();
    requireInRange("tsne_points", tsnePoints, 10, 200000);
    requireInRange("tsne_perplexity", tsnePerplexity, 1.0, 200.0);
    requireInRange("tsne_iterations", tsneIterations, 0, 100000);
    requireVaries(makePotential(), boxHalfWidth); // parses the expression: errors name the position
}

Potential SymmetryParams::makePotential() const
{
    switch (kind) {
    case PotentialKind::Radial:
        return Potential::radial(dim, a);
    case PotentialKind::Cylinder:
        return Potential::cylinder(a);
    case PotentialKind::Expression:
        return Potential::expression(dim, expression);
    }
    return Potential::radial(dim, a);
}

SymmetryExperiment::SymmetryExperiment(SymmetryParams params)
    : m_params(std::move(params)), m_potential((m_params.validate(), m_params.makePotential())),
      m_rng(m_params.seed, 0x7a17)
{
    if (m_params.pointsPerClass == 0)
        m_params.pointsPerClass = m_params.dim == 2 ? 400 : m_params.dim == 3 ? 700 : 1200;
    if (m_params.generators.planes == 0) m_params.generators.planes = m_params.dim == 2 ? 60 : 600;
    m_state.dim = m_params.dim;
    m_state.potential = m_potential.description();
    for (int l = 0; l < kClassCount; ++l)
        m_state.classValues.push_back(classValue(l));
    m_state.expectedGenerators = m_potential.expectedGenerators();
    m_state.tsneIterations = m_params.tsne ? m_params.tsneIterations : 0;
    publish();
}

void SymmetryExperiment::publish()
{
    m_state.step = m_steps;
    m_state.phase = m_phase;
    m_state.finished = done();
    m_snapshot = std::make_shared<const SymmetrySnapshot>(m_state);
}

void SymmetryExperiment::step(Feedback& feedback)
{
    const auto t0 = Clock::now();
    switch (m_phase) {
    case SymmetrySnapshot::Phase::Sampling:
        sample();
        m_state.secondsSampling += since(t0);
        m_phase = SymmetrySnapshot::Phase::Training;
        break;
    case SymmetrySnapshot::Phase::Training:
        trainSome(feedback);
        m_state.secondsTraining += since(t0);
        break;
    case SymmetrySnapshot::Phase::Generators:
        while (!m_finder->run(1) && since(t0) < kStepBudget && !feedback.isCancelled()) {
        }
        if (m_finder->finished()) {
            const GeneratorResult r = m_finder->result();
            m_state.generators = r.generators;
            m_state.components = r.components;
            m_state.explainedVariance = r.explainedVariance;
            m_state.planeGenerators.clear();
            m_state.planeResiduals.clear();
            for (const auto& f : r.fits) {
                m_state.planeGenerators.push_back(f.generator);
                m_state.planeResiduals.push_back(f.residual);
            }
            m_state.planesTried = r.planesTried;
            m_finder.reset();
            if (m_params.tsne && m_params.tsneIterations > 0)
                startEmbedding();
            else
                m_phase = SymmetrySnapshot::Phase::Done;
        }
        m_state.secondsGenerators += since(t0);
        break;
    case SymmetrySnapshot::Phase::Embedding:
        if (!m_tsne->prepared()) {
            m_tsne->prepare(200);
        } else {
            while (!m_tsne->finished() && since(t0) < kStepBudget && !feedback.isCancelled())
                m_tsne->iterate(1, &feedback);
            m_state.tsne = m_tsne->embedding();
            m_state.tsneIteration = m_tsne->iteration();
            if (m_tsne->finished()) {
                m_phase = SymmetrySnapshot::Phase::Done;
                m_tsne.reset();
            }
        }
        m_state.secondsTsne += since(t0);
        break;
    case SymmetrySnapshot::Phase::Done:
        break;
    }
    ++m_steps;
    publish();
}

void SymmetryExperiment::sample()
{
    const LevelSetSample s =
        sampleLevelSets(m_potential, m_params.pointsPerClass, m_params.boxHalfWidth, m_params.seed);
    if (s.points.rows() == 0)
        throw ParameterError("potential", "no level set V = k/5 (k = -5…5) lies inside the sampling box");
    // One populated class gives the classifier nothing to tell apart (and
    // "100 % accuracy" after one epoch): say so instead of finding nothing.
    const auto populated = std::count_if(s.perClass.begin(), s.perClass.end(), [](int n) { return n > 0; });
    if (populated < 2) {
        const int only =
            int(std::find_if(s.perClass.begin(), s.perClass.end(), [](int n) { return n > 0; }) - s.perClass.begin());
        std::ostringstream msg;
        msg << "only the level set V = " << classValue(only)
            << " lies inside the sampling box; at least 2 of V = k/5 (k = -5…5) are needed as classes to learn";
        throw ParameterError("potential", msg.str());
    }
    m_state.points = std::make_shared<const Eigen::MatrixXd>(s.points);
    m_state.labels = std::make_shared<const std::vector<int>>(s.labels);
    m_state.pointsPerClass = s.perClass;
    // Every fifth point is held out to measure accuracy honestly.
    std::vector<int> train, test;
    for (int i = 0; i < int(s.labels.size()); ++i)
        (i % 5 == 4 ? test : train).push_back(i);
    m_trainX = s.points(train, Eigen::all);
    m_testX = s.points(test, Eigen::all);
    for (int i : train)
        m_trainLabels.push_back(s.labels[i]);
    for (int i : test)
        m_testLabels.push_back(s.labels[i]);
    m_trainT = nn::oneHot(m_trainLabels, kClassCount);

    std::vector<nn::LayerSpec> layers;
    for (int h : m_params.hidden)
        layers.push_back({h, nn::Activation::ReLU});
    layers.push_back({kClassCount, nn::Activation::Softmax});
    RngStream init(m_params.seed, 0x1a7e5);
    m_net = nn::Network(m_params.dim, layers, init);
    m_adam = std::make_unique<nn::Adam>(m_net.parameters().size(), m_params.learningRate);
    m_order.clear();
}

void SymmetryExperiment::trainSome(Feedback& feedback)
{
    const auto t0 = Clock::now();
    const int n = int(m_trainX.rows());
    if (m_epochDone) { // the end-of-epoch evaluation gets a step of its own
        m_epochDone = false;
        endEpoch();
        return;
    }
    Eigen::VectorXd grad;
    do {
        if (m_order.empty()) { // new epoch: seeded shuffle
            m_order.resize(n);
            std::iota(m_order.begin(), m_order.end(), 0);
            for (int i = n - 1; i > 0; --i)
                std::swap(m_order[i], m_order[m_rng.below(std::uint32_t(i + 1))]);
            m_batchPos = 0;
            m_epochLoss = 0;
            m_epochBatches = 0;
        }
        const int m = std::min(m_params.batchSize, n - m_batchPos);
        const std::vector<int> idx(m_order.begin() + m_batchPos, m_order.begin() + m_batchPos + m);
        const Eigen::MatrixXd xb = m_trainX(idx, Eigen::all), tb = m_trainT(idx, Eigen::all);
        m_epochLoss += m_net.lossAndGradient(xb, tb, nn::Loss::SoftmaxCrossEntropy, m_params.l2, grad);
        m_adam->step(m_net.parameters(), grad);
        ++m_epochBatches;
        m_batchPos += m;
        if (m_batchPos >= n) {
            m_epochDone = true;
            break;
        }
    } while (since(t0) < kStepBudget && !feedback.isCancelled());
}

void SymmetryExperiment::endEpoch()
{
    m_order.clear();
    auto accuracy = [&](const Eigen::MatrixXd& x, const std::vector<int>& labels) {
        if (labels.empty()) return 0.0;
        const auto pred = nn::argmaxRows(m_net.forward(x));
        int ok = 0;
        for (std::size_t i = 0; i < labels.size(); ++i)
            ok += pred[i] == labels[i];
        return double(ok) / double(labels.size());
    };
    ++m_state.epoch;
    m_state.loss.push_back(m_epochLoss / std::max(1, m_epochBatches));
    m_state.trainAccuracy.push_back(accuracy(m_trainX, m_trainLabels));
    m_state.testAccuracy.push_back(accuracy(m_testX, m_testLabels));
    m_state.accuracy = m_state.testAccuracy.back();
    if (m_state.accuracy >= m_params.targetAccuracy || m_state.epoch >= m_params.maxEpochs) startGenerators();
}

void SymmetryExperiment::startGenerators()
{
    // The invariant sets the network found: points of one class it classifies
    // correctly (as the paper does), one cloud per class.
    const Eigen::MatrixXd& x = *m_state.points;
    const auto& labels = *m_state.labels;
    const auto pred = nn::argmaxRows(m_net.forward(x));
    std::vector<std::vector<int>> members(kClassCount);
    for (int i = 0; i < int(labels.size()); ++i)
        if (pred[i] == labels[i]) members[labels[i]].push_back(i);
    std::vector<Eigen::MatrixXd> clouds(kClassCount);
    for (int c = 0; c < kClassCount; ++c)
        clouds[c] = x(members[c], Eigen::all);
    m_finder = std::make_unique<GeneratorFinder>(clouds, m_params.generators, m_params.seed);
    m_phase = SymmetrySnapshot::Phase::Generators;
}

void SymmetryExperiment::startEmbedding()
{
    const Eigen::MatrixXd& x = *m_state.points;
    const int n = int(x.rows()), m = std::min(n, m_params.tsnePoints);
    m_state.tsneIndex.clear();
    for (int r = 0; r < m; ++r)
        m_state.tsneIndex.push_back(int((long long)r * n / m));
    const Eigen::MatrixXd emb = m_net.layerOutput(x(m_state.tsneIndex, Eigen::all), m_net.layerCount() - 2);
    embed::TsneOptions o;
    o.perplexity = std::min(m_params.tsnePerplexity, (m - 1) / 3.0);
    o.iterations = m_params.tsneIterations;
    o.seed = m_params.seed;
    if (m < 4) {
        m_phase = SymmetrySnapshot::Phase::Done;
        return;
    }
    m_tsne = std::make_unique<embed::Tsne>(emb, o);
    m_phase = SymmetrySnapshot::Phase::Embedding;
}

} // namespace dlab::symmetry
