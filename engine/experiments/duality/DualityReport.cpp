#include "engine/experiments/duality/DualityReport.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/io/CsvTable.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace dlab {

std::array<bool, 3> parseLearnMask(const std::string& text)
{
    std::array<bool, 3> mask{false, false, false};
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item == "t0")
            mask[0] = true;
        else if (item == "t1")
            mask[1] = true;
        else if (item == "t2")
            mask[2] = true;
        else
            throw ParameterError("learn", "unknown coupling '" + item + "' (allowed: t0, t1, t2, comma-separated)");
    }
    if (!mask[0] && !mask[1] && !mask[2]) throw ParameterError("learn", "name at least one of t0, t1, t2");
    return mask;
}

std::string verdictText(const DualityLearnerParams& p, const DualityResult& r)
{
    char buf[256];
    const DualityFrame f = r.classification.frame;
    const int slot = r.classification.selectedSlot;
    if (isDualFrame(f)) {
        const bool dual = f == DualityFrame::Dual;
        std::snprintf(buf, sizeof buf, "found the KW %s: t0 = %.3f, expected %sβ̃ = %.3f (attention on slot %d)",
                      dual ? "dual" : "dual's antiferromagnetic image", r.t.t0, dual ? "" : "−", r.betaDualExact, slot);
    } else if (f == DualityFrame::Original || f == DualityFrame::Antiferro) {
        const bool original = f == DualityFrame::Original;
        std::snprintf(buf, sizeof buf, "found the %s: t0 = %.3f, expected %sβ = %.3f (attention on the link itself)",
                      original ? "original model (the trivial solution)" : "original's antiferromagnetic image", r.t.t0,
                      original ? "" : "−", p.beta);
    } else if (p.kappa != 0.0 && (slot == 1 || slot == 2) && r.attention[slot] >= 0.9) {
        std::snprintf(buf, sizeof buf,
                      "a dual-frame description: t0 = %.3f, t1 = %.3f, attention on slot %d (no exact dual is known "
                      "for κ ≠ 0)",
                      r.t.t0, r.t.t1, slot);
    } else {
        std::snprintf(buf, sizeof buf, "undecided: t0 = %.3f, attention %.2f on slot %d, loss %.2g", r.t.t0,
                      slot >= 0 ? r.attention[slot] : 0.0, slot, r.loss);
    }
    return buf;
}

CsvTable historyTable(const DualityLearnerParams& p, const DualityHistory& h)
{
    CsvTable t({"step", "loss", "loss_unbiased", "t0", "t1", "t2", "theta2", "theta3", "w0", "w1", "w2", "w3", "w4",
                "w5", "w6", "entropy", "lr_t", "lr_theta"});
    t.addHeader("program", "DualityLab, Kramers-Wannier duality learner");
    t.addHeader("model", p.kappa != 0 ? "2D Ising with plaquette coupling kappa" : "2D Ising, nearest neighbour");
    t.addHeader("L", p.L);
    t.addHeader("beta", p.beta);
    t.addHeader("kappa", p.kappa);
    if (!p.dataPath.empty()) t.addHeader("data", p.dataPath);
    t.addHeader("learned", std::string(p.learn[0] ? "t0 " : "") + (p.learn[1] ? "t1 " : "") + (p.learn[2] ? "t2" : ""));
    t.addHeader("start", p.init == DualityInit::Neutral ? "neutral" : "default");
    t.addHeader("seed", double(p.seed));
    for (std::size_t s = 0; s < h.loss.size(); ++s) {
        std::vector<double> row{double(s), h.loss[s], h.lossUnbiased[s], h.t[0][s],
                                h.t[1][s], h.t[2][s], h.theta2[s],       h.theta3[s]};
        for (double w : h.attention[s])
            row.push_back(w);
        for (double v : {h.entropy[s], h.lrT[s], h.lrTheta[s]})
            row.push_back(v);
        t.addRow(std::move(row));
    }
    return t;
}

} // namespace dlab
