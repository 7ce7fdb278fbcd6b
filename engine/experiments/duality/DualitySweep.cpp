#include "engine/experiments/duality/DualitySweep.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/io/AtomicFile.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <tbb/parallel_for.h>

namespace dlab {

void DualitySweepParams::validate() const
{
    if (betas.empty()) throw ParameterError("betas", "at least one β (allowed: 0.001 to 5)");
    requireInRange("seeds", seeds, 1, 10'000);
    if (betas.size() * kappaList().size() * std::size_t(seeds) > 1'000'000)
        throw ParameterError("seeds", "at most 10⁶ runs (β values × κ values × seeds)");
    for (double k : kappaList())
        for (double b : betas) {
            DualityLearnerParams q = base;
            q.beta = b;
            q.kappa = k;
            try {
                q.validate();
            } catch (const ParameterError& e) {
                // A bad value came from a list: name the list the user typed.
                if (e.field() == "beta")
                    throw ParameterError("betas", std::string("an entry of the list is invalid, ") + e.what());
                if (e.field() == "kappa")
                    throw ParameterError("kappas", std::string("an entry of the list is invalid, ") + e.what());
                throw;
            }
        }
}

DualityLearnerParams DualitySweepParams::pointParams(int index) const
{
    const std::vector<double> ks = kappaList();
    const int perKappa = int(betas.size()) * seeds;
    DualityLearnerParams q = base;
    q.kappa = ks[std::size_t(index / perKappa)];
    q.beta = betas[std::size_t((index % perKappa) / seeds)];
    q.seed = firstSeed + std::uint64_t(index % seeds);
    return q;
}

double DualitySweepParams::expectedCost(int index) const
{
    // Learner steps to convergence at L = 8, fitted to a sweep over β = 0.1…0.35:
    // ≈ 1050 + 17.5/β² (the dual side is ordered and slow at small β), and
    // runs near β_c that do not converge use every step they are allowed.
    // The constant factor L² × chains is the same for all points of a sweep.
    const double beta = pointParams(index).beta;
    const double distance = std::abs(beta - exact::criticalBeta());
    const double steps = 1050.0 + 17.5 / (beta * beta) + 5.3e-5 / std::max(std::pow(distance, 6), 1e-30);
    return std::min(steps, double(std::max(1, base.maxSteps)));
}

DualitySweepRow runDualitySweepPoint(const DualitySweepParams& p, int index, Feedback* feedback,
                                     const std::function<void()>& betweenSteps)
{
    const DualityLearnerParams q = p.pointParams(index);
    DualitySweepRow row;
    row.beta = q.beta;
    row.kappa = q.kappa;
    row.seed = q.seed;
    row.betaDual = exact::kramersWannierDual(q.beta);
    row.interrupted = true;
    if (feedback && feedback->isCancelled()) return row;
    DualityLearner learner(q, feedback);
    while (!learner.finished() && !(feedback && feedback->isCancelled())) {
        learner.step();
        if (betweenSteps) betweenSteps();
    }
    row.result = learner.result();
    row.interrupted = !learner.finished();
    return row;
}

std::vector<DualitySweepRow> runDualitySweep(const DualitySweepParams& p, Feedback* feedback,
                                             const std::function<void(const DualitySweepRow&)>& onRunDone)
{
    p.validate();
    const int runs = p.points();
    std::vector<DualitySweepRow> rows(runs);
    std::atomic<int> done{0};
    // One task per run; each run's chains are parallel inside (nested TBB).
    tbb::parallel_for(0, runs, [&](int i) {
        rows[i] = runDualitySweepPoint(p, i, feedback);
        if (feedback && feedback->isCancelled() && rows[i].result.steps == 0) return;
        if (feedback) feedback->setProgress(double(++done) / runs);
        if (onRunDone) onRunDone(rows[i]);
    });
    return rows;
}

std::string sweepCsvHeader()
{
    return "beta,kappa,beta_dual,seed,frame,t0,t1,t2,theta2,theta3,selected_link,w0,w1,w2,w3,w4,w5,w6,entropy,loss,"
           "steps,seconds,converged,dist_original,dist_antiferro,dist_dual,dist_dual_antiferro\n";
}

std::string sweepCsvLine(const DualitySweepRow& row, int digits)
{
    std::ostringstream out;
    out.precision(digits);
    const DualityResult& r = row.result;
    out << row.beta << ',' << row.kappa << ',' << row.betaDual << ',' << row.seed << ','
        << frameName(r.classification.frame) << ',' << r.t.t0 << ',' << r.t.t1 << ',' << r.t.t2 << ',' << r.theta2
        << ',' << r.theta3 << ',' << r.classification.selectedSlot;
    for (double w : r.attention)
        out << ',' << w;
    out << ',' << r.entropy << ',' << r.loss << ',' << r.steps << ',' << r.seconds << ',' << (r.converged ? 1 : 0);
    for (const DualityFrame f : kExpectedFrames) {
        out << ',';
        for (const auto& d : r.classification.distances)
            if (d.frame == f) out << d.distance;
    }
    out << '\n';
    return out.str();
}

DualitySweepRow parseSweepCsvLine(const std::string& line)
{
    // Split by hand: getline drops a trailing empty cell (an absent distance).
    std::vector<std::string> cells(1);
    for (char ch : line) {
        if (ch == '\n' || ch == '\r') break;
        if (ch == ',')
            cells.emplace_back();
        else
            cells.back() += ch;
    }
    if (cells.size() != 27)
        throw std::invalid_argument("sweep CSV line has " + std::to_string(cells.size()) + " columns, not 27");
    std::size_t c = 0;
    auto real = [&](const char* name) {
        const std::string& s = cells[c++];
        double v = 0;
        if (!wholeNumber(s, v))
            throw std::invalid_argument(std::string("sweep CSV column ") + name + ": '" + s + "' is not a number");
        return v;
    };
    DualitySweepRow row;
    DualityResult& r = row.result;
    row.beta = real("beta");
    row.kappa = real("kappa");
    row.betaDual = real("beta_dual");
    {
        const std::string& s = cells[c++];
        char* end = nullptr;
        row.seed = std::uint64_t(std::strtoull(s.c_str(), &end, 10));
        if (s.empty() || end != s.c_str() + s.size())
            throw std::invalid_argument("sweep CSV column seed: '" + s + "' is not a whole number");
    }
    const std::optional<DualityFrame> frame = frameFromName(cells[c++]);
    if (!frame) throw std::invalid_argument(std::string("frame must be ") + frameNameList());
    r.classification.frame = *frame;
    r.t.t0 = real("t0");
    r.t.t1 = real("t1");
    r.t.t2 = real("t2");
    r.theta2 = real("theta2");
    r.theta3 = real("theta3");
    // Range-checked before the casts: the lines also come from session files.
    const double slot = real("selected_link");
    if (!(slot >= -1 && slot < kNeighbourhoodSlots))
        throw std::invalid_argument("sweep CSV column selected_link: must be from -1 to " +
                                    std::to_string(kNeighbourhoodSlots - 1));
    r.classification.selectedSlot = int(slot);
    for (double& w : r.attention)
        w = real("w");
    r.entropy = real("entropy");
    r.loss = real("loss");
    const double steps = real("steps");
    if (!(steps >= 0 && steps <= 1e15)) throw std::invalid_argument("sweep CSV column steps: must be from 0 to 10^15");
    r.steps = (long long)steps;
    r.seconds = real("seconds");
    r.converged = real("converged") != 0;
    for (const DualityFrame f : kExpectedFrames) {
        if (cells[c].empty()) {
            ++c;
            continue;
        }
        FrameDistance d;
        d.frame = f;
        d.distance = real(frameName(f));
        r.classification.distances.push_back(d);
    }
    return row;
}

namespace {

std::string headerNumber(double x)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.12g", x);
    return buffer;
}

// Space-separated: a comma would look like a column to a naive reader.
std::string headerList(const std::vector<double>& values)
{
    std::string out;
    for (double x : values) {
        if (!out.empty()) out += ' ';
        out += headerNumber(x);
    }
    return out;
}

} // namespace

SweepCsvHeaderLines sweepCsvHeaderLines(const DualitySweepParams& p)
{
    const auto& b = p.base;
    std::string learn;
    for (int k = 0; k < 3; ++k) {
        if (!b.learn[std::size_t(k)]) continue;
        if (!learn.empty()) learn += ',';
        learn += 't';
        learn += std::to_string(k);
    }
    SweepCsvHeaderLines h{{"experiment", "Kramers-Wannier duality sweep (learned H_t per run)"}};
    if (b.dataPath.empty())
        h.emplace_back("L", std::to_string(b.L));
    else
        h.emplace_back("data", b.dataPath);
    h.emplace_back("max_steps", std::to_string(b.maxSteps));
    h.emplace_back("learn", learn);
    h.emplace_back("init", b.init == DualityInit::Neutral ? "neutral" : "default");
    if (b.gumbel != GumbelNoise::Off) // absent when off: the header of older sweeps stays as it was
        h.emplace_back("gumbel", std::string(gumbelNoiseName(b.gumbel)) + ", tau " + headerNumber(b.tau) + " to " +
                                     headerNumber(b.tauFinal) + " over " + std::to_string(b.tauAnnealSteps) + " steps");
    h.emplace_back("betas", headerList(p.betas));
    h.emplace_back("kappas", headerList(p.kappaList()));
    h.emplace_back("seeds", std::to_string(p.seeds));
    h.emplace_back("first_seed", std::to_string(p.firstSeed));
    return h;
}

void writeSweepCsv(const std::string& path, const std::vector<DualitySweepRow>& rows, const SweepCsvHeaderLines& header)
{
    AtomicFile file(path);
    for (const auto& [key, value] : header)
        file.stream() << "# " << key << ": " << value << "\n";
    file.stream() << sweepCsvHeader();
    for (const auto& row : rows)
        file.stream() << sweepCsvLine(row);
    file.commit();
}

} // namespace dlab
