#include "SessionResults.hpp"

#include "engine/experiments/montecarlo/MonteCarloExperiment.hpp"
#include "engine/fields/FieldChain.hpp"
#include "engine/mc/MarkovChain.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/models/IsingCouplings.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>

namespace dlab::gui {
namespace {

[[noreturn]] void bad(const QString& message) { throw std::runtime_error(message.toStdString()); }

const char* const kScanColumns[] = {"L",
                                    "beta",
                                    "energy_per_site",
                                    "energy_per_site_err",
                                    "specific_heat",
                                    "specific_heat_err",
                                    "abs_m",
                                    "abs_m_err",
                                    "susceptibility",
                                    "susceptibility_err",
                                    "binder",
                                    "binder_err",
                                    "tau_int_energy",
                                    "tau_int_abs_m",
                                    "samples",
                                    "sweeps_per_chain"};

// JSON has no NaN: a value that was not measured is written as null.
QJsonValue number(double v) { return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null); }

double readNumber(const QJsonValue& v, const QString& where)
{
    if (v.isNull()) return std::numeric_limits<double>::quiet_NaN();
    if (!v.isDouble()) bad(QString("%1: must be a number").arg(where));
    return v.toDouble();
}

double readInteger(const QJsonObject& o, const char* key, double lo, double hi, const QString& where)
{
    const QJsonValue v = o.value(key);
    const double x = v.toDouble(-1e300);
    if (!v.isDouble() || x != std::floor(x) || x < lo || x > hi)
        bad(QString("%1.%2: must be an integer from %3 to %4").arg(where, key).arg(lo, 0, 'g', 17).arg(hi, 0, 'g', 17));
    return x;
}

// The sweep CSV line of a run, every double exact (17 digits), no newline.
QString sweepLine(const DualitySweepRow& row)
{
    std::string line = sweepCsvLine(row, 17);
    while (!line.empty() && line.back() == '\n')
        line.pop_back();
    return QString::fromStdString(line);
}

QJsonArray numbers(const std::vector<double>& v)
{
    QJsonArray a;
    for (double x : v)
        a.append(x);
    return a;
}

std::vector<double> readNumbers(const QJsonObject& o, const char* key, std::size_t most, const QString& where)
{
    if (!o.value(key).isArray()) bad(QString("%1.%2: must be an array of numbers").arg(where, key));
    const QJsonArray a = o.value(key).toArray();
    if (std::size_t(a.size()) > most) bad(QString("%1.%2: at most %3 values").arg(where, key).arg(most));
    std::vector<double> v;
    for (const QJsonValue& x : a) {
        if (!x.isDouble()) bad(QString("%1.%2: must be an array of numbers").arg(where, key));
        v.push_back(x.toDouble());
    }
    return v;
}

// A scan's table: "columns" names each of `names` (in any order), "rows" are
// arrays of a number (or null) per column. `checkRows` judges the number of
// rows before any is read; `onRow` gets each row's values in the order of
// `names`, with the row's place for its messages, one row after the other.
void readScanTable(const QJsonObject& o, std::span<const char* const> names,
                   const std::function<void(qsizetype)>& checkRows,
                   const std::function<void(const QString& at, const std::vector<double>& v)>& onRow)
{
    if (!o.value("columns").isArray()) bad("scan.columns: must be an array of column names");
    const QJsonArray columns = o.value("columns").toArray();
    std::vector<int> index(names.size(), -1);
    for (std::size_t k = 0; k < names.size(); ++k) {
        for (int c = 0; c < columns.size(); ++c)
            if (columns[c].toString() == names[k]) index[k] = c;
        if (index[k] < 0) bad(QString("scan.columns: the column \"%1\" is missing").arg(names[k]));
    }
    if (!o.value("rows").isArray()) bad("scan.rows: must be an array of rows");
    const QJsonArray rows = o.value("rows").toArray();
    checkRows(rows.size());
    for (int i = 0; i < rows.size(); ++i) {
        const QString at = QString("scan.rows[%1]").arg(i);
        if (!rows[i].isArray() || rows[i].toArray().size() != columns.size())
            bad(QString("%1: must be an array of %2 numbers").arg(at).arg(columns.size()));
        const QJsonArray cells = rows[i].toArray();
        std::vector<double> v(names.size());
        for (std::size_t k = 0; k < names.size(); ++k)
            v[k] = readNumber(cells[index[k]], at + "." + names[k]);
        onRow(at, v);
    }
}

} // namespace

QJsonObject betaScanResultsJson(const BetaScanParams& p, const std::vector<BetaScanRow>& rows)
{
    std::vector<double> sizes(p.sizes.begin(), p.sizes.end());
    QJsonArray columns;
    for (const char* c : kScanColumns)
        columns.append(c);
    QJsonArray table;
    for (const auto& r : rows) {
        const auto& e = r.estimates;
        table.append(QJsonArray{r.L, number(r.beta), number(e.energyPerSite.mean), number(e.energyPerSite.error),
                                number(e.specificHeat.mean), number(e.specificHeat.error),
                                number(e.absMagnetization.mean), number(e.absMagnetization.error),
                                number(e.susceptibility.mean), number(e.susceptibility.error), number(e.binder.mean),
                                number(e.binder.error), number(e.tauIntEnergy), number(e.tauIntAbsMagnetization),
                                double(e.samples), double(e.sweepsPerChain)});
    }
    return {{"sizes", numbers(sizes)},
            {"betas", numbers(p.betas)},
            {"sweeps", p.sweeps},
            {"thermalize", p.thermalize},
            {"algo", QString::fromStdString(toString(p.algo))},
            {"chains", p.chains},
            {"seed", double(p.seed)},
            {"columns", columns},
            {"rows", table}};
}

BetaScanResults readBetaScanResults(const QJsonObject& o)
{
    const QString where = "scan";
    BetaScanResults r;
    BetaScanParams& p = r.params;
    p.sizes.clear();
    for (double L : readNumbers(o, "sizes", BetaScanParams::kMaxSizes, where)) {
        if (L != std::floor(L) || L < 2 || L > BetaScanParams::kMaxL)
            bad(QString("scan.sizes: each L must be an integer from 2 to %1").arg(BetaScanParams::kMaxL));
        p.sizes.push_back(int(L));
    }
    p.betas = readNumbers(o, "betas", BetaScanParams::kMaxBetas, where);
    p.sweeps = int(readInteger(o, "sweeps", BetaScanParams::kMinSweeps, BetaScanParams::kMaxSweeps, where));
    p.thermalize = int(readInteger(o, "thermalize", 0, MonteCarloParams::kMaxThermalize, where));
    p.chains = int(readInteger(o, "chains", 1, 64, where));
    p.seed = std::uint64_t(readInteger(o, "seed", 0, 9007199254740992.0, where));
    try {
        p.algo = parseMcAlgorithm(o.value("algo").toString().toStdString());
        p.validate();
    } catch (const std::exception& e) {
        bad(QString("scan: %1").arg(QString::fromUtf8(e.what())));
    }

    const auto checkRows = [&](qsizetype rows) {
        if (std::size_t(rows) > p.points())
            bad(QString("scan.rows: %1 rows, but the scan has %2 points").arg(rows).arg(p.points()));
    };
    readScanTable(o, kScanColumns, checkRows, [&](const QString& at, const std::vector<double>& v) {
        BetaScanRow row;
        if (std::find(p.sizes.begin(), p.sizes.end(), v[0]) == p.sizes.end())
            bad(QString("%1.L: %2 is not one of the scan's sizes").arg(at).arg(v[0]));
        if (std::find(p.betas.begin(), p.betas.end(), v[1]) == p.betas.end())
            bad(QString("%1.beta: %2 is not one of the scan's β values").arg(at).arg(v[1], 0, 'g', 17));
        for (int k : {14, 15})
            if (!(v[k] >= 0 && v[k] <= 1e15)) bad(QString("%1.%2: must be from 0 to 10^15").arg(at, kScanColumns[k]));
        row.L = int(v[0]);
        row.beta = v[1];
        auto& e = row.estimates;
        e.energyPerSite = {v[2], v[3]};
        e.specificHeat = {v[4], v[5]};
        e.absMagnetization = {v[6], v[7]};
        e.susceptibility = {v[8], v[9]};
        e.binder = {v[10], v[11]};
        e.tauIntEnergy = v[12];
        e.tauIntAbsMagnetization = v[13];
        e.samples = (long long)v[14];
        e.sweepsPerChain = (long long)v[15];
        row.exact = MonteCarloExperiment::exactReference(row.L, IsingCouplings::standard(row.beta));
        r.rows.push_back(row);
    });
    return r;
}

namespace {

const char* const kPhi4Columns[] = {
    "kappa",    "updates_per_chain", "samples",      "m",      "m_err",      "abs_m", "abs_m_err", "chi2",
    "chi2_err", "chi2_abs",          "chi2_abs_err", "binder", "binder_err", "phi2",  "phi2_err"};

} // namespace

QJsonObject phi4ScanResultsJson(const fieldtheory::Phi4ScanParams& p,
                                const std::vector<fieldtheory::Phi4ScanPoint>& points)
{
    QJsonArray columns;
    for (const char* c : kPhi4Columns)
        columns.append(c);
    QJsonArray table;
    for (const auto& q : points) {
        const auto& e = q.estimates;
        QJsonArray row{number(q.kappa), double(q.updatesPerChain), double(e.samples)};
        for (const Estimate* x : {&e.m, &e.absM, &e.chi2, &e.chi2Abs, &e.binder, &e.phiSquared}) {
            row.append(number(x->mean));
            row.append(number(x->error));
        }
        table.append(row);
    }
    return {{"L", p.base.L},
            {"lambda", p.base.lambda},
            {"algo", QString::fromStdString(fields::toString(p.base.algorithm))},
            {"chains", p.base.chains},
            {"thermalize", p.base.thermalize},
            {"seed", double(p.base.seed)},
            {"kappas", numbers(p.kappas)},
            {"updatesPerChain", double(p.updatesPerChain)},
            {"columns", columns},
            {"rows", table}};
}

Phi4ScanResults readPhi4ScanResults(const QJsonObject& o)
{
    const QString where = "scan";
    Phi4ScanResults r;
    auto& p = r.params;
    p.base.L = int(readInteger(o, "L", 2, 4096, where));
    if (!o.value("lambda").isDouble()) bad("scan.lambda: must be a number");
    p.base.lambda = o.value("lambda").toDouble();
    p.base.chains = int(readInteger(o, "chains", 1, 1024, where));
    p.base.thermalize = int(readInteger(o, "thermalize", 0, 1e9, where));
    p.base.seed = std::uint64_t(readInteger(o, "seed", 0, 9007199254740992.0, where));
    p.kappas = readNumbers(o, "kappas", 64, where);
    p.updatesPerChain = (long long)readInteger(o, "updatesPerChain", 1, 1e9, where);
    try {
        p.base.algorithm = fields::parseFieldAlgorithm(o.value("algo").toString().toStdString());
        p.validate();
    } catch (const std::exception& e) {
        bad(QString("scan: %1").arg(QString::fromUtf8(e.what())));
    }
    const auto checkRows = [&](qsizetype rows) {
        if (std::size_t(rows) != p.kappas.size())
            bad(QString("scan.rows: %1 rows, but the scan has %2 values of kappa (a finished scan has one row each)")
                    .arg(rows)
                    .arg(p.kappas.size()));
    };
    readScanTable(o, kPhi4Columns, checkRows, [&](const QString& at, const std::vector<double>& v) {
        if (std::find(p.kappas.begin(), p.kappas.end(), v[0]) == p.kappas.end())
            bad(QString("%1.kappa: %2 is not one of the scan's kappa values").arg(at).arg(v[0], 0, 'g', 17));
        for (int k : {1, 2})
            if (!(v[k] >= 0 && v[k] <= 1e15)) bad(QString("%1.%2: must be from 0 to 10^15").arg(at, kPhi4Columns[k]));
        fieldtheory::Phi4ScanPoint q;
        q.kappa = v[0];
        q.updatesPerChain = (long long)v[1];
        auto& e = q.estimates;
        e.samples = (long long)v[2];
        e.m = {v[3], v[4]};
        e.absM = {v[5], v[6]};
        e.chi2 = {v[7], v[8]};
        e.chi2Abs = {v[9], v[10]};
        e.binder = {v[11], v[12]};
        e.phiSquared = {v[13], v[14]};
        r.points.push_back(q);
    });
    return r;
}

QJsonArray dualitySweepResultsJson(const std::vector<DualitySweepRow>& rows)
{
    QJsonArray a;
    for (const auto& row : rows)
        a.append(sweepLine(row));
    return a;
}

std::vector<DualitySweepRow> readDualitySweepResults(const QJsonValue& v, const QString& key)
{
    if (!v.isArray()) bad(key + ": must be an array of sweep CSV lines");
    const QJsonArray a = v.toArray();
    std::vector<DualitySweepRow> rows;
    for (int i = 0; i < a.size(); ++i) {
        if (!a[i].isString()) bad(QString("%1[%2]: must be a string (one sweep CSV line)").arg(key).arg(i));
        try {
            rows.push_back(parseSweepCsvLine(a[i].toString().toStdString()));
        } catch (const std::exception& e) {
            bad(QString("%1[%2]: %3").arg(key).arg(i).arg(QString::fromUtf8(e.what())));
        }
        DualitySweepRow& row = rows.back();
        if (!std::isfinite(row.beta) || !std::isfinite(row.kappa))
            bad(QString("%1[%2]: beta and kappa must be finite").arg(key).arg(i));
        // β̃ is exact: recomputed as the sweep computes it, never read.
        row.betaDual = exact::kramersWannierDual(row.beta);
    }
    return rows;
}

QJsonObject dualityRunResultsJson(const DualitySnapshot& s, std::uint64_t seed)
{
    DualitySweepRow row;
    row.beta = s.beta;
    row.kappa = s.kappa;
    row.betaDual = s.betaDual;
    row.seed = seed;
    row.result = s.result;
    return {{"line", sweepLine(row)},
            {"L", s.L},
            {"learned", QJsonArray{s.learned[0], s.learned[1], s.learned[2]}},
            {"neutralStart", s.neutralStart},
            {"finished", s.finished},
            {"restarts", s.result.restarts},
            {"verdict", QString::fromStdString(s.verdict)}};
}

DualityRunResults readDualityRunResults(const QJsonValue& v)
{
    if (!v.isObject()) bad("run: must be an object");
    const QJsonObject o = v.toObject();
    if (!o.value("line").isString()) bad("run.line: must be a string (one sweep CSV line)");
    DualitySweepRow row;
    try {
        row = parseSweepCsvLine(o.value("line").toString().toStdString());
    } catch (const std::exception& e) {
        bad(QString("run.line: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!std::isfinite(row.beta) || !std::isfinite(row.kappa)) bad("run.line: beta and kappa must be finite");
    if (!(row.result.steps >= 0 && row.result.steps <= 1000000000LL)) bad("run.line: steps must be from 0 to 10^9");

    auto s = std::make_shared<DualitySnapshot>();
    s->L = int(readInteger(o, "L", 3, 512, "run"));
    const QJsonArray learned = o.value("learned").toArray();
    if (!o.value("learned").isArray() || learned.size() != 3 || !learned[0].isBool() || !learned[1].isBool() ||
        !learned[2].isBool())
        bad("run.learned: must be an array of 3 booleans (t0, t1, t2)");
    for (int k = 0; k < 3; ++k)
        s->learned[std::size_t(k)] = learned[k].toBool();
    if (!o.value("neutralStart").isBool()) bad("run.neutralStart: must be true or false");
    if (!o.value("finished").isBool()) bad("run.finished: must be true or false");
    const QString verdict = o.value("verdict").toString();
    if (!o.value("verdict").isString() || verdict.size() > 2000)
        bad("run.verdict: must be a string of at most 2000 characters");
    s->neutralStart = o.value("neutralStart").toBool();
    s->finished = o.value("finished").toBool();
    s->verdict = verdict.toStdString();

    s->beta = row.beta;
    s->kappa = row.kappa;
    // Exact values are recomputed as DualityExperiment computes them, never read.
    s->betaDual = row.beta > 0 ? exact::kramersWannierDual(row.beta) : 0.0;
    s->betaCritical = exact::criticalBeta();
    s->theta2Dual = -std::sinh(2 * s->betaDual);
    s->theta3Dual = std::cosh(2 * s->betaDual);
    s->result = row.result;
    s->result.restarts = int(readInteger(o, "restarts", 0, 1e6, "run"));
    s->result.betaDualExact = s->betaDual;
    s->converged = row.result.converged;
    s->frame = row.result.classification.frame;
    s->tNow = row.result.t;
    s->theta2Now = row.result.theta2;
    s->theta3Now = row.result.theta3;
    s->attentionNow = row.result.attention;
    // One history point: the learned values at the last step.
    const double step = double(row.result.steps);
    s->historySteps = {step};
    s->loss = {row.result.loss};
    s->t = {std::vector<double>{row.result.t.t0}, {row.result.t.t1}, {row.result.t.t2}};
    s->theta2 = {row.result.theta2};
    s->theta3 = {row.result.theta3};
    s->entropy = {row.result.entropy};
    s->attention = {row.result.attention};
    return {std::move(s), row.seed};
}

} // namespace dlab::gui
