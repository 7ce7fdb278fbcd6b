#include "TemperatureExperiment.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>

namespace dlab::dualframes {

namespace {
using Clock = StagePlan::Clock;
constexpr double kStepSeconds = 0.015;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Rows i with i mod 20 in [0, 14) train, [14, 17) validate, [17, 20) test.
constexpr int kTrainEnd = 14, kValidationEnd = 17, kSplit = 20;

std::string temperatureText(double t)
{
    std::ostringstream s;
    s.precision(4);
    s << t;
    return s.str();
}
} // namespace

const char* frameName(TemperatureFrame f) { return f == TemperatureFrame::Original ? "original" : "dual"; }

void TemperatureParams::validate() const
{
    requireInRange("L", L, kMinL, kMaxL);
    requireInRange("t0", t0, kMinT0, kMaxT0);
    if (dts.empty() || int(dts.size()) > kMaxDts)
        throw ParameterError("dts", "give 1 to " + std::to_string(kMaxDts) + " temperature differences");
    for (double dt : dts)
        requireInRange("dts", dt, kMinDt, kMaxDt);
    requireInRange("samples", samples, kMinSamples, kMaxSamples);
    requireInRange("energy_samples", energySamples, kMinEnergySamples, kMaxEnergySamples);
    requireInRange("chains", chains, kMinChains, kMaxChains);
    requireInRange("thermalization", thermalization, 0, 1'000'000);
    if (hidden.empty()) throw ParameterError("hidden", "need at least one hidden layer");
    for (int h : hidden)
        requireInRange("hidden", h, kMinHidden, kMaxHidden);
    requireInRange("epochs", epochs, kMinEpochs, kMaxEpochs);
    requireInRange("patience", patience, 0, kMaxEpochs);
    requireInRange("learning_rate", learningRate, kMinLearningRate, kMaxLearningRate);
    requireInRange("l2", l2, 0.0, 1.0);
    requireInRange("batch_size", batchSize, 1, 4096);
}

std::vector<double> TemperatureExperiment::frameTemperatures(const TemperatureParams& p, TemperatureFrame frame)
{
    std::vector<double> t{p.t0};
    for (double dt : p.dts)
        t.push_back(p.t0 + dt);
    if (frame == TemperatureFrame::Dual)
        for (double& x : t)
            x = 1 / exact::kramersWannierDual(1 / x);
    return t;
}

TemperatureExperiment::TemperatureExperiment(TemperatureParams params) : m_params((params.validate(), std::move(params)))
{
    m_state.L = m_params.L;
    m_state.t0 = m_params.t0;
    m_state.dualT0 = 1 / exact::kramersWannierDual(1 / m_params.t0);
    for (TemperatureFrame f : {TemperatureFrame::Original, TemperatureFrame::Dual}) {
        TemperatureFrameData& d = m_state.frames[int(f)];
        d.temperatures = frameTemperatures(m_params, f);
        for (double t : d.temperatures)
            d.betas.push_back(1 / t);
        const std::size_t n = d.temperatures.size();
        d.histograms.resize(n);
        d.examples.resize(n);
        d.tau.assign(n, kNaN);
        d.spacing.assign(n, 0);
    }
    for (double dt : m_params.dts) {
        TemperatureResult r;
        r.dt = dt;
        for (double* v : {r.best, r.bestError, r.overlap, r.accuracy, r.accuracyError})
            v[0] = v[1] = kNaN;
        m_state.results.push_back(r);
    }

    SamplerPlan plan;
    plan.chains = m_params.chains;
    plan.algorithm = m_params.algorithm;
    plan.thermalization = m_params.thermalization;
    plan.configurations = m_params.samples;
    plan.energies = m_params.energySamples;
    for (TemperatureFrame f : {TemperatureFrame::Original, TemperatureFrame::Dual}) {
        const auto& d = m_state.frames[int(f)];
        for (std::size_t k = 0; k < d.betas.size(); ++k) {
            m_samplers[int(f)].push_back(std::make_unique<TemperatureSampler>(
                m_params.L, d.betas[k], plan, m_params.seed, 0xc100 + 64 * std::uint64_t(f) + k));
            m_plan.add("sampling the " + std::string(frameName(f)) + " frame at T = " + temperatureText(d.temperatures[k]),
                       [this, f, k](Feedback& fb, Clock::time_point deadline) { return sample(f, k, fb, deadline); });
        }
    }
    m_plan.add("best-possible accuracies", [this](Feedback&, Clock::time_point) {
        discriminate();
        return true;
    });
    for (std::size_t k = 0; k < m_params.dts.size(); ++k)
        for (TemperatureFrame f : {TemperatureFrame::Original, TemperatureFrame::Dual})
            m_plan.add("training on the " + std::string(frameName(f)) + " frame, ΔT = " + temperatureText(m_params.dts[k]),
                       StagePlan::startThen([this, k, f] { startClassifier(k, f); },
                                            [this](Feedback& fb, Clock::time_point deadline) {
                                                return trainClassifier(fb, deadline);
                                            }));
    publish();
}

void TemperatureExperiment::step(Feedback& feedback)
{
    const auto t0 = Clock::now();
    m_plan.advance(feedback, t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(kStepSeconds)));
    m_seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    ++m_steps;
    publish();
}

void TemperatureExperiment::publish()
{
    m_state.step = m_steps;
    m_state.stage = m_plan.currentName();
    m_state.progress = double(m_plan.completed()) / double(m_plan.size());
    m_state.seconds = m_seconds;
    m_state.done = m_plan.done();
    if (m_training) {
        m_state.trainingLoss.clear();
        m_state.trainingScore.clear();
        m_state.validationScore.clear();
        for (const auto& e : m_training->history()) {
            m_state.trainingLoss.push_back(e.loss);
            m_state.trainingScore.push_back(e.trainScore);
            m_state.validationScore.push_back(e.validationScore);
        }
    }
    m_snapshot = std::make_shared<const TemperatureSnapshot>(m_state);
}

bool TemperatureExperiment::sample(TemperatureFrame frame, std::size_t index, Feedback& feedback,
                                   Clock::time_point deadline)
{
    TemperatureSampler& s = *m_samplers[int(frame)][index];
    const bool finished = s.advance(feedback, deadline);
    TemperatureFrameData& d = m_state.frames[int(frame)];
    const std::size_t sites = std::size_t(m_params.L) * m_params.L;
    if (s.configurationCount() > 0) {
        const auto& c = s.configurations();
        d.examples[index].assign(c.end() - std::ptrdiff_t(sites), c.end());
    }
    if (finished) {
        d.histograms[index] = histogramOf(s.allEnergies());
        d.tau[index] = s.productionTau();
        d.spacing[index] = s.spacing();
    }
    return finished;
}

void TemperatureExperiment::discriminate()
{
    for (TemperatureFrame f : {TemperatureFrame::Original, TemperatureFrame::Dual}) {
        const TemperatureFrameData& d = m_state.frames[int(f)];
        for (std::size_t k = 0; k < m_params.dts.size(); ++k) {
            // τ per energy sample: the chains' series are concatenated, so
            // τ in sweeps is τ in samples of each chain's series.
            const Discrimination r = discriminateSamples(d.histograms[0], d.tau[0], d.histograms[k + 1], d.tau[k + 1]);
            TemperatureResult& out = m_state.results[k];
            out.best[int(f)] = r.accuracy;
            out.bestError[int(f)] = r.error;
            out.overlap[int(f)] = r.overlap;
        }
    }
}

nn::LabelledSet TemperatureExperiment::slice(TemperatureFrame frame, std::size_t dtIndex, int from, int to) const
{
    const std::size_t sites = std::size_t(m_params.L) * m_params.L;
    const TemperatureSampler* pair[2] = {m_samplers[int(frame)][0].get(), m_samplers[int(frame)][dtIndex + 1].get()};
    std::vector<std::pair<int, int>> rows; // (class, configuration index)
    for (int c = 0; c < 2; ++c)
        for (int i = 0; i < pair[c]->configurationCount(); ++i)
            if (i % kSplit >= from && i % kSplit < to) rows.emplace_back(c, i);
    nn::LabelledSet set;
    set.x.resize(Eigen::Index(rows.size()), Eigen::Index(sites));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        const std::int8_t* spins = pair[rows[r].first]->configurations().data() + std::size_t(rows[r].second) * sites;
        for (std::size_t j = 0; j < sites; ++j)
            set.x(Eigen::Index(r), Eigen::Index(j)) = spins[j];
        set.labels.push_back(rows[r].first);
    }
    return set;
}

void TemperatureExperiment::startClassifier(std::size_t dtIndex, TemperatureFrame frame)
{
    std::vector<nn::LayerSpec> layers;
    for (int h : m_params.hidden)
        layers.push_back({h, nn::Activation::ReLU});
    layers.push_back({2, nn::Activation::Softmax});
    // The same initial weights in both frames: only the data differ.
    RngStream init(m_params.seed, 0xc1a5 + dtIndex);
    nn::ClassifierTrainingOptions o;
    o.epochs = m_params.epochs;
    o.patience = m_params.patience;
    o.learningRate = m_params.learningRate;
    o.l2 = m_params.l2;
    o.batchSize = m_params.batchSize;
    if (m_params.augment) {
        const int L = m_params.L;
        o.augment = [L](Eigen::MatrixXd& batch, RngStream& rng) {
            Eigen::RowVectorXd row(batch.cols());
            for (Eigen::Index r = 0; r < batch.rows(); ++r) {
                const int dx = int(rng.below(std::uint32_t(L))), dy = int(rng.below(std::uint32_t(L)));
                const double sign = rng.below(2) ? -1.0 : 1.0;
                for (int y = 0; y < L; ++y)
                    for (int x = 0; x < L; ++x)
                        row[(x + dx) % L + L * ((y + dy) % L)] = sign * batch(r, x + L * y);
                batch.row(r) = row;
            }
        };
    }
    m_training = std::make_unique<nn::ClassifierTraining>(
        nn::Network(m_params.L * m_params.L, layers, init), slice(frame, dtIndex, 0, kTrainEnd),
        slice(frame, dtIndex, kTrainEnd, kValidationEnd), o, RngStream(m_params.seed, 0xc10d + 2 * dtIndex + int(frame)));
    m_trainingDt = dtIndex;
    m_trainingFrame = frame;
    const auto& t = m_state.frames[int(frame)].temperatures;
    m_state.training = std::string(frameName(frame)) + " frame: T = " + temperatureText(t[0]) + " vs " +
                       temperatureText(t[dtIndex + 1]);
}

bool TemperatureExperiment::trainClassifier(Feedback& feedback, Clock::time_point deadline)
{
    m_training->advance(feedback, deadline);
    if (!m_training->finished()) return false;
    const nn::LabelledSet test = slice(m_trainingFrame, m_trainingDt, kValidationEnd, kSplit);
    const double a = m_training->score(test);
    TemperatureResult& r = m_state.results[m_trainingDt];
    r.accuracy[int(m_trainingFrame)] = a;
    r.accuracyError[int(m_trainingFrame)] = std::sqrt(a * (1 - a) / double(test.size()));
    r.testSize[int(m_trainingFrame)] = int(test.size());
    return true;
}

} // namespace dlab::dualframes
