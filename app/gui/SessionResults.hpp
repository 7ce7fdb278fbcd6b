#pragma once
// Results a session carries beside the parameters (docs/gui.md, "Sessions
// and files"), so a lecturer can reopen yesterday's demo with its plots: the
// β scan's points and the duality sweep's learned values. Each reader checks
// everything before it returns and throws std::runtime_error naming the key
// and what is wrong; exact values (Kaufman, β̃) are recomputed, never read.

#include "engine/experiments/duality/DualitySweep.hpp"
#include "engine/experiments/fieldtheory/Phi4ScanExperiment.hpp"
#include "engine/experiments/scan/BetaScan.hpp"

#include <QJsonArray>
#include <QJsonObject>
#include <vector>

namespace dlab::gui {

struct BetaScanResults {
    BetaScanParams params;
    std::vector<BetaScanRow> rows; // finished points, with their exact references
};

// {"sizes", "betas", "sweeps", "thermalize", "algo", "chains", "seed",
//  "columns": [...], "rows": [[L, beta, energy_per_site, ...], ...]}
QJsonObject betaScanResultsJson(const BetaScanParams& p, const std::vector<BetaScanRow>& rows);
BetaScanResults readBetaScanResults(const QJsonObject& o);

// The φ⁴ κ scan, finished (every κ advances together): {"L", "lambda", "algo", "chains", "thermalize", "seed",
//  "kappas", "updatesPerChain", "columns": [...], "rows": [[kappa, ...], ...]}
struct Phi4ScanResults {
    fieldtheory::Phi4ScanParams params;
    std::vector<fieldtheory::Phi4ScanPoint> points;
};
QJsonObject phi4ScanResultsJson(const fieldtheory::Phi4ScanParams& p,
                                const std::vector<fieldtheory::Phi4ScanPoint>& points);
Phi4ScanResults readPhi4ScanResults(const QJsonObject& o);

// One string per run: the sweep CSV's line (engine sweepCsvLine, all digits).
QJsonArray dualitySweepResultsJson(const std::vector<DualitySweepRow>& rows);
std::vector<DualitySweepRow> readDualitySweepResults(const QJsonValue& v);

} // namespace dlab::gui
