#include "engine/experiments/duality/DualitySweep.hpp"

#include "engine/core/Feedback.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/measure/exact/KramersWannier.hpp"

#include <atomic>
#include <cmath>
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

std::vector<DualitySweepRow> runDualitySweep(const DualitySweepParams& p, Feedback* feedback,
                                             const std::function<void(const DualitySweepRow&)>& onRunDone)
{
    p.validate();
    const std::vector<double> kappas = p.kappaList();
    const int perKappa = int(p.betas.size()) * p.seeds;
    const int runs = int(kappas.size()) * perKappa;
    std::vector<DualitySweepRow> rows(runs);
    std::atomic<int> done{0};
    // One task per run; each run's chains are parallel inside (nested TBB).
    tbb::parallel_for(0, runs, [&](int i) {
        DualityLearnerParams q = p.base;
        q.kappa = kappas[i / perKappa];
        q.beta = p.betas[(i % perKappa) / p.seeds];
        q.seed = p.firstSeed + std::uint64_t(i % p.seeds);
        DualitySweepRow& row = rows[i];
        row.beta = q.beta;
        row.kappa = q.kappa;
        row.seed = q.seed;
        row.betaDual = exact::kramersWannierDual(q.beta);
        if (feedback && feedback->isCancelled()) return;
        DualityLearner learner(q, feedback);
        while (!learner.finished() && !(feedback && feedback->isCancelled()))
            learner.step();
        row.result = learner.result();
        if (feedback) feedback->setProgress(double(++done) / runs);
        if (onRunDone) onRunDone(row);
    });
    return rows;
}

void writeSweepCsv(const std::string& path, const std::vector<DualitySweepRow>& rows)
{
    std::ofstream out(path);
    if (!out) throw std::runtime_error("cannot write '" + path + "'");
    out << "beta,kappa,beta_dual,seed,frame,t0,t1,t2,theta2,theta3,selected_link,w0,w1,w2,w3,w4,w5,w6,entropy,loss,"
           "steps,"
           "seconds,converged,dist_original,dist_antiferro,dist_dual,dist_dual_antiferro\n";
    out.precision(10);
    for (const auto& row : rows) {
        const DualityResult& r = row.result;
        out << row.beta << ',' << row.kappa << ',' << row.betaDual << ',' << row.seed << ',' << r.classification.frame
            << ',' << r.t.t0 << ',' << r.t.t1 << ',' << r.t.t2 << ',' << r.theta2 << ',' << r.theta3 << ','
            << r.classification.selectedSlot;
        for (double w : r.attention)
            out << ',' << w;
        out << ',' << r.entropy << ',' << r.loss << ',' << r.steps << ',' << r.seconds << ',' << (r.converged ? 1 : 0);
        for (const char* f : {"original", "antiferro", "dual", "dual-antiferro"}) {
            out << ',';
            for (const auto& d : r.classification.distances)
                if (d.frame == f) out << d.distance;
        }
        out << '\n';
    }
    if (!out) throw std::runtime_error("error while writing '" + path + "'");
}

} // namespace dlab
