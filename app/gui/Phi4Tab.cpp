#include "Phi4Tab.hpp"

#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

#include "SessionResults.hpp"
#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"

#include <QDir>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QMetaObject>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <sstream>

namespace dlab::gui {

namespace {

// The same κ scan but for its seed: restored points stand for it until it has its own.
bool sameScan(const fieldtheory::Phi4ScanParams& a, const fieldtheory::Phi4ScanParams& b)
{
    return a.kappas == b.kappas && a.updatesPerChain == b.updatesPerChain && a.base.L == b.base.L &&
           a.base.lambda == b.base.lambda && a.base.algorithm == b.base.algorithm && a.base.chains == b.base.chains &&
           a.base.thermalize == b.base.thermalize;
}

} // namespace

using fieldtheory::Phi4Params;
using fieldtheory::Phi4ScanSnapshot;
using fieldtheory::Phi4Snapshot;

std::vector<double> parseKappaList(const std::string& text)
{
    auto number = [&](const std::string& s) {
        std::size_t used = 0;
        double v = 0;
        try {
            v = std::stod(s, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != s.size() || !std::isfinite(v))
            throw ParameterError("kappas", "'" + s + "' is not a number (give start:stop:step or a comma list)");
        return v;
    };
    std::vector<double> out;
    if (text.find(':') != std::string::npos) {
        std::vector<std::string> parts;
        std::stringstream ss(text);
        for (std::string p; std::getline(ss, p, ':');)
            parts.push_back(p);
        if (parts.size() != 3) throw ParameterError("kappas", "a range is start:stop:step");
        const double a = number(parts[0]), b = number(parts[1]), step = number(parts[2]);
        if (!(step > 0) || b < a) throw ParameterError("kappas", "a range needs start ≤ stop and step > 0");
        for (int k = 0; a + k * step <= b + 1e-9 * step; ++k) {
            out.push_back(a + k * step);
            if (out.size() > 64) throw ParameterError("kappas", "at most 64 values");
        }
    } else {
        std::stringstream ss(text);
        for (std::string p; std::getline(ss, p, ',');)
            out.push_back(number(p));
    }
    if (out.empty()) throw ParameterError("kappas", "no values");
    return out;
}

Phi4Tab::Phi4Tab(TabHost* host, QObject* parent) : QObject(parent), m_host(host)
{
    buildPanel();
    buildView();
    Phi4Params defaults;
    m_form->show(defaults);
    m_runForm->show(Phi4RunSettings{});
    m_updatesPerStep = defaults.updatesPerStep;
    updateVisibility();
}

void Phi4Tab::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* modelBox = new QGroupBox(tr("Model"));
    auto* modelForm = new QFormLayout(modelBox);
    auto* action =
        new QLabel(tr("S = Σ<sub>x</sub> [−2κ Σ<sub>μ</sub> φ<sub>x</sub>φ<sub>x+μ</sub> + (1−2λ)φ<sub>x</sub>² + "
                      "λφ<sub>x</sub>⁴]"));
    action->setWordWrap(true);
    modelForm->addRow(action);
    auto* samplerBox = new QGroupBox(tr("Sampler"));
    auto* samplerForm = new QFormLayout(samplerBox);
    auto* runBox = new QGroupBox(tr("Run"));
    auto* runForm = new QFormLayout(runBox);
    outer->addWidget(modelBox);
    outer->addWidget(samplerBox);
    outer->addWidget(runBox);

    auto changed = [this](ApplyChange a) { onChanged(a); };
    m_form = std::make_unique<ParameterForm<Phi4Params>>(modelForm, changed);
    auto& f = *m_form;
    f.integer("L", tr("L"), tr("Linear size of the L×L torus"), &Phi4Params::L, Phi4Params::kMinL, Phi4Params::kMaxL);
    f.real("kappa", tr("κ (hopping)"), tr("κ_c ≈ 0.2708 at λ = 0.022; changes keep the chains' fields"),
           &Phi4Params::kappa, -Phi4Params::kMaxAbsKappa, Phi4Params::kMaxAbsKappa, 4, 0.005, ApplyChange::Live);
    f.real("lambda", tr("λ (quartic)"), tr("λ = 0 is the free field, exact values shown"), &Phi4Params::lambda, 0.0,
           Phi4Params::kMaxLambda, 4, 0.001, ApplyChange::Live);
    f.useLayout(samplerForm);
    f.choice(
        "algo", tr("Algorithm"),
        tr("HMC; Langevin φ ← φ + εF + √(2ε)η (biased at O(ε)); MALA (Langevin with a Metropolis test); "
           "Metropolis sweeps + Wolff clusters of the embedded Ising signs"),
        {{"hmc", tr("HMC")}, {"langevin", tr("Langevin")}, {"mala", tr("MALA")}, {"cluster", tr("Metropolis + Wolff")}},
        [](const Phi4Params& p) { return QString::fromStdString(fields::toString(p.algorithm)); },
        [](Phi4Params& p, const QString& s) { p.algorithm = fields::parseFieldAlgorithm(s.toStdString()); });
    f.choice(
        "integrator", tr("Integrator"), tr("HMC molecular dynamics: Omelyan's 2nd-order minimum-norm or leapfrog"),
        {{"omelyan", tr("Omelyan")}, {"leapfrog", tr("leapfrog")}},
        [](const Phi4Params& p) { return QString::fromStdString(fields::toString(p.integrator)); },
        [](Phi4Params& p, const QString& s) { p.integrator = fields::parseIntegrator(s.toStdString()); });
    f.real("trajectoryLength", tr("Trajectory τ"), tr("HMC trajectory length n ε"), &Phi4Params::trajectoryLength, 0.01,
           20.0, 3, 0.1);
    f.real(
        "stepSize", tr("Step ε"),
        tr("Start value (adapted while thermalising) or, for Langevin, the fixed step; auto: the algorithm's default"),
        &Phi4Params::stepSize, 0.0, 20.0, 4, 0.005);
    f.setSpecialValueText("stepSize", tr("auto"));
    f.flag("adapt", tr("adapt ε while thermalising"), tr("Then frozen: the measured chain is exact"),
           &Phi4Params::adaptStepSize);
    f.real("targetAcceptance", tr("Target acceptance"), tr("auto: 0.8 (HMC), 0.574 (MALA), 0.5 (Metropolis)"),
           &Phi4Params::targetAcceptance, 0.0, 0.99, 3, 0.05);
    f.setSpecialValueText("targetAcceptance", tr("auto"));
    f.useLayout(runForm);
    f.integer("chains", tr("Chains"), tr("Independent chains, run in parallel"), &Phi4Params::chains, 1,
              Phi4Params::kMaxChains);
    f.integer("thermalize", tr("Thermalise"), tr("Updates per chain before measuring (ε adapts meanwhile)"),
              &Phi4Params::thermalize, 0, 100000000);
    m_runForm = std::make_unique<ParameterForm<Phi4RunSettings>>(runForm, changed);
    m_runForm->flag("scan", tr("κ scan instead of one run"), tr("One ensemble per κ, all advanced together"),
                    &Phi4RunSettings::scan);
    m_runForm->text("kappas", tr("κ values"), tr("start:stop:step or a comma-separated list"),
                    &Phi4RunSettings::kappas);
    m_runForm->integer("scanUpdates", tr("Per κ"), tr("Measured updates per chain at each κ"),
                       &Phi4RunSettings::scanUpdates, 100, 100000000);
}

void Phi4Tab::onChanged(ApplyChange apply)
{
    updateVisibility();
    const Phi4Params p = currentParams();
    const Phi4RunSettings run = m_runForm->read(Phi4RunSettings{});
    if (apply == ApplyChange::Live && !run.scan) {
        try {
            p.validate();
        } catch (const std::exception& e) {
            m_host->reportError(QString::fromUtf8(e.what()));
            return;
        }
        m_host->reportError(QString());
        m_host->requestEdit([k = p.kappa, l = p.lambda](Experiment& e) {
            if (auto* x = dynamic_cast<fieldtheory::Phi4Experiment*>(&e)) x->setCouplings(k, l);
        });
        return;
    }
    m_host->requestReset();
}

void Phi4Tab::updateVisibility()
{
    const Phi4Params p = m_form->read(Phi4Params{});
    const bool hmc = p.algorithm == fields::FieldAlgorithm::Hmc;
    const bool langevin = p.algorithm == fields::FieldAlgorithm::Langevin;
    m_form->setVisible("integrator", hmc);
    m_form->setVisible("trajectoryLength", hmc);
    m_form->setVisible("adapt", !langevin);
    m_form->setVisible("targetAcceptance", !langevin);
    const bool scan = m_runForm->read(Phi4RunSettings{}).scan;
    m_runForm->setVisible("kappas", scan);
    m_runForm->setVisible("scanUpdates", scan);
    if (m_views) m_views->setCurrentIndex(scan ? 1 : 0);
}

void Phi4Tab::buildView()
{
    m_view = new QWidget;
    m_view->setAutoFillBackground(true);
    auto* outer = new QVBoxLayout(m_view);
    outer->setContentsMargins(0, 0, 0, 0);
    m_views = new QStackedWidget;
    outer->addWidget(m_views);

    auto* run = new QWidget;
    auto* grid = new QGridLayout(run);
    m_lattice = new widgets::LatticeView;
    m_lattice->setColorMap(widgets::ColorMap::Diverging);
    m_lattice->setMinimumSize(220, 220);
    grid->addWidget(m_lattice, 0, 0);
    m_traces = new widgets::ChartPanel;
    m_traces->setTitle(tr("Magnetisation of chain 0"));
    m_traces->setAxisTitles(tr("Monte Carlo time [updates]"), tr("M = Σφ / V"));
    m_mLine = m_traces->addLine(tr("M"), widgets::categoricalColor(0), 1.0);
    m_absLine = m_traces->addLine(tr("|M|"), widgets::categoricalColor(1), 1.0);
    m_absAverage = m_traces->addReferenceLine(tr("⟨|M|⟩, all chains"), QColor(0, 0, 0), Qt::DashLine);
    m_exactAbs = m_traces->addReferenceLine(tr("exact ⟨|M|⟩ (free field)"), QColor(120, 120, 120), Qt::DotLine);
    grid->addWidget(m_traces, 0, 1);
    m_histogram = new widgets::ChartPanel;
    m_histogram->setTitle(tr("Histogram of M, all chains"));
    m_histogram->setAxisTitles(tr("M = Σφ / V"), tr("density p(M)"));
    m_histLine = m_histogram->addLine(tr("p(M)"), widgets::categoricalColor(2), 2.0);
    // One curve, named by the y title: a legend would only take the height
    // its tick labels need (at 1280×720 in presentation mode they became "…").
    m_histogram->setLegendVisible(false);
    grid->addWidget(m_histogram, 1, 0);
    m_readout = new QLabel;
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setFrameShape(QFrame::StyledPanel);
    m_readout->setMargin(4);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    grid->addWidget(m_readout, 1, 1);
    grid->setColumnStretch(0, 4);
    grid->setColumnStretch(1, 5);
    grid->setRowStretch(0, 3);
    grid->setRowStretch(1, 2);
    m_views->addWidget(run);

    auto* scan = new QWidget;
    auto* sg = new QGridLayout(scan);
    auto makeChart = [](const QString& title, const QString& y) {
        auto* c = new widgets::ChartPanel;
        c->setTitle(title);
        c->setAxisTitles(QObject::tr("hopping parameter κ"), y);
        return c;
    };
    m_scanAbsM = makeChart(tr("Order parameter"), tr("⟨|M|⟩"));
    m_scanAbsId = m_scanAbsM->addErrorBars(tr("⟨|M|⟩"), widgets::categoricalColor(1));
    m_scanChi2 = makeChart(tr("Susceptibility"), tr("χ2"));
    m_scanChi2Id = m_scanChi2->addErrorBars(tr("χ2 = V(⟨M²⟩ − ⟨M⟩²)"), widgets::categoricalColor(0));
    m_scanChi2AbsId = m_scanChi2->addErrorBars(tr("V(⟨M²⟩ − ⟨|M|⟩²)"), widgets::categoricalColor(2));
    m_scanBinder = makeChart(tr("Binder cumulant"), tr("U_L = 1 − ⟨M⁴⟩/(3⟨M²⟩²)"));
    m_scanBinderId = m_scanBinder->addErrorBars(tr("U_L"), widgets::categoricalColor(4));
    m_scanInfo = new QLabel;
    m_scanInfo->setWordWrap(true);
    m_scanInfo->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    sg->addWidget(m_scanAbsM, 0, 0);
    sg->addWidget(m_scanChi2, 0, 1);
    sg->addWidget(m_scanBinder, 1, 0);
    sg->addWidget(m_scanInfo, 1, 1);
    m_views->addWidget(scan);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_lattice, m_traces, m_histogram, m_scanAbsM, m_scanChi2, m_scanBinder})
        widgets::FigureExporter::installContextMenu(w);
}

Phi4Params Phi4Tab::currentParams() const
{
    Phi4Params p = m_form->read(Phi4Params{});
    p.updatesPerStep = m_updatesPerStep;
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> Phi4Tab::create(std::uint64_t seed)
{
    m_seed = seed;
    const Phi4RunSettings run = m_runForm->read(Phi4RunSettings{});
    m_shown.reset();
    m_shownScan.reset();
    m_fieldRange = 1.0;
    if (run.scan) {
        fieldtheory::Phi4ScanParams s;
        s.base = currentParams();
        s.kappas = parseKappaList(run.kappas);
        s.updatesPerChain = run.scanUpdates;
        return std::make_unique<fieldtheory::Phi4ScanExperiment>(s);
    }
    return std::make_unique<fieldtheory::Phi4Experiment>(currentParams());
}

void Phi4Tab::setWorkPerStep(int n)
{
    m_updatesPerStep = std::clamp(n, 1, 1000000);
    m_host->requestEdit([n = m_updatesPerStep](Experiment& e) {
        if (auto* x = dynamic_cast<fieldtheory::Phi4Experiment*>(&e)) x->setUpdatesPerStep(n);
    });
}

void Phi4Tab::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    if (auto s = std::dynamic_pointer_cast<const Phi4Snapshot>(snapshot)) {
        m_shown = s;
        m_views->setCurrentIndex(0);
        showRun(*s);
    } else if (auto scan = std::dynamic_pointer_cast<const Phi4ScanSnapshot>(snapshot)) {
        // A scan has a point per κ from the start; it has data of its own
        // once any of them has measured samples.
        const bool measured = std::any_of(scan->points.begin(), scan->points.end(),
                                          [](const auto& q) { return q.estimates.samples > 0; });
        if (m_restoredScan && !measured && sameScan(m_restoredScan->params, scan->params))
            scan = m_restoredScan; // yesterday's points until this run has its own
        else if (measured)
            m_restoredScan.reset();
        m_shownScan = scan;
        m_views->setCurrentIndex(1);
        showScan(*scan);
    }
}

void Phi4Tab::showRun(const Phi4Snapshot& s)
{
    const int L = s.params.L;
    double top = 0;
    for (double v : s.field)
        top = std::max(top, std::abs(v));
    // A symmetric range that follows the field without flickering.
    m_fieldRange = std::max({0.98 * m_fieldRange, top, 1e-6});
    m_lattice->setValues(s.field, L, L, -m_fieldRange, m_fieldRange);
    m_lattice->setTitle(tr("φ of chain 0 (blue < 0 < red, ±%1), %2×%2 torus").arg(m_fieldRange, 0, 'g', 3).arg(L));
    m_traces->setLineData(m_mLine, s.traceUpdate, s.traceM);
    m_traces->setLineData(m_absLine, s.traceUpdate, s.traceAbsM);
    m_traces->setReferenceValue(m_absAverage, s.estimates.samples > 0 ? s.estimates.absM.mean : NAN);
    m_traces->setReferenceValue(m_exactAbs, s.exact ? s.exact->absM : NAN);
    m_histogram->setLineData(m_histLine, s.histogram.centres, s.histogram.density);
    m_readout->setText(readoutText());
}

QString Phi4Tab::readoutText() const
{
    if (!m_shown) return {};
    const auto& s = *m_shown;
    const auto& e = s.estimates;
    QString t = "<table cellspacing='0' cellpadding='1'>";
    const bool exact = s.exact.has_value();
    t += tr("<tr><th align='left'>%1 chains, %2 updates each</th><th>estimate</th>%3</tr>")
             .arg(s.params.chains)
             .arg(s.updatesPerChain)
             .arg(exact ? tr("<th>exact (λ = 0)</th>") : QString());
    auto row = [&](const QString& name, const Estimate& v, double ex = NAN) {
        t += QString("<tr><td>%1</td><td>%2</td>%3</tr>")
                 .arg(name, withError(v.mean, v.error),
                      exact ? QString("<td>%1</td>").arg(std::isfinite(ex) ? QString::number(ex, 'f', 4) : "—")
                            : QString());
    };
    if (s.thermalising || e.samples < 16) {
        t +=
            tr("<tr><td colspan='3'>thermalising (%1 updates per chain; ε adapts)…</td></tr>").arg(s.params.thermalize);
    } else {
        row(tr("⟨M⟩"), e.m, exact ? 0.0 : NAN);
        row(tr("⟨|M|⟩"), e.absM, exact ? s.exact->absM : NAN);
        row(tr("χ2 = V(⟨M²⟩ − ⟨M⟩²)"), e.chi2, exact ? s.exact->chi2 : NAN);
        row(tr("V(⟨M²⟩ − ⟨|M|⟩²)"), e.chi2Abs);
        row(tr("U_L = 1 − ⟨M⁴⟩/3⟨M²⟩²"), e.binder, exact ? 0.0 : NAN);
        row(tr("⟨φ²⟩"), e.phiSquared, exact ? s.exact->phiSquared : NAN);
        t += tr("<tr><td>τ_int [updates]</td><td colspan='2'>|M|: %1, M²: %2, M: %3</td></tr>")
                 .arg(e.tauIntAbsM, 0, 'g', 3)
                 .arg(e.tauIntM2, 0, 'g', 3)
                 .arg(e.tauIntM, 0, 'g', 3);
        if (!e.reliable)
            t += tr("<tr><td colspan='3' style='color:#b2182b'>fewer than 8 jackknife bins of ≥ 20 τ_int: errors not "
                    "yet reliable</td></tr>");
    }
    QString sampler = tr("acceptance %1 %, ε = %2").arg(100 * s.acceptance, 0, 'f', 1).arg(s.stepSize, 0, 'g', 4);
    if (s.params.algorithm == fields::FieldAlgorithm::Hmc)
        sampler += tr(", %1 step(s) per trajectory (τ = %2), ⟨e^−ΔH⟩ = %3")
                       .arg(s.mdSteps)
                       .arg(s.trajectoryLength, 0, 'g', 3)
                       .arg(s.meanExpMinusDeltaH, 0, 'f', 4);
    if (s.params.algorithm == fields::FieldAlgorithm::Cluster)
        sampler +=
            tr(", %1 clusters/update of mean size %2").arg(s.clustersPerUpdate).arg(s.meanClusterSize, 0, 'f', 1);
    if (s.params.algorithm == fields::FieldAlgorithm::Langevin)
        sampler = tr("ε = %1 (fixed; the O(ε) bias is real)").arg(s.stepSize, 0, 'g', 4);
    t += QString("<tr><td colspan='3'>%1</td></tr>").arg(sampler);
    t += "</table>";
    return t;
}

void Phi4Tab::showScan(const Phi4ScanSnapshot& s)
{
    std::vector<double> k, a, ae, c, ce, ca, cae, u, ue;
    long long least = -1;
    for (const auto& p : s.points) {
        least = least < 0 ? p.updatesPerChain : std::min(least, p.updatesPerChain);
        if (p.estimates.samples < 16) continue;
        k.push_back(p.kappa);
        a.push_back(p.estimates.absM.mean);
        ae.push_back(p.estimates.absM.error);
        c.push_back(p.estimates.chi2.mean);
        ce.push_back(p.estimates.chi2.error);
        ca.push_back(p.estimates.chi2Abs.mean);
        cae.push_back(p.estimates.chi2Abs.error);
        u.push_back(p.estimates.binder.mean);
        ue.push_back(p.estimates.binder.error);
    }
    m_scanAbsM->setErrorBarData(m_scanAbsId, k, a, ae);
    m_scanChi2->setErrorBarData(m_scanChi2Id, k, c, ce);
    m_scanChi2->setErrorBarData(m_scanChi2AbsId, k, ca, cae);
    m_scanBinder->setErrorBarData(m_scanBinderId, k, u, ue);
    m_scanInfo->setText(tr("<b>κ scan</b>, L = %1, λ = %2, %3, %4 chains per κ<br>%5 of %6 measured updates per "
                           "chain at the slowest κ%7<br><br>Below κ_c the field fluctuates around 0 (U_L → 0); above "
                           "it, ⟨|M|⟩ grows and U_L → 2/3. χ2 peaks at the transition (κ_c ≈ 0.2708 at λ = 0.022, "
                           "L → ∞).")
                            .arg(s.params.base.L)
                            .arg(s.params.base.lambda)
                            .arg(QString::fromStdString(fields::toString(s.params.base.algorithm)))
                            .arg(s.params.base.chains)
                            .arg(std::max(0LL, least))
                            .arg(s.params.updatesPerChain)
                            .arg(s.done ? tr(" — done") : QString()));
}

QString Phi4Tab::status() const
{
    if (m_shownScan && m_views->currentIndex() == 1)
        return tr("κ scan: %1 updates/s").arg(m_shownScan->updatesPerSecond, 0, 'f', 0);
    if (!m_shown) return {};
    return tr("%1 updates/s (all chains)  ·  t = %2 per chain")
        .arg(m_shown->updatesPerSecond, 0, 'f', 0)
        .arg(m_shown->updatesPerChain);
}

QJsonObject Phi4Tab::save() const
{
    QJsonObject o = m_form->save(currentParams());
    const QJsonObject run = m_runForm->save(m_runForm->read(Phi4RunSettings{}));
    for (auto it = run.begin(); it != run.end(); ++it)
        o[it.key()] = it.value();
    o["updatesPerStep"] = m_updatesPerStep;
    return o;
}

void Phi4Tab::load(const QJsonObject& o)
{
    Phi4Params p = m_form->load(o, currentParams());
    p.validate();
    const Phi4RunSettings run = m_runForm->load(o, m_runForm->read(Phi4RunSettings{}));
    if (run.scan) parseKappaList(run.kappas);
    m_form->show(p);
    m_runForm->show(run);
    if (o.contains("updatesPerStep")) m_updatesPerStep = std::clamp(o["updatesPerStep"].toInt(200), 1, 1000000);
    updateVisibility();
}

QJsonObject Phi4Tab::saveResults() const
{
    // A finished scan only: every κ advances together, so a running one has
    // no finished points to keep.
    if (!m_shownScan || !m_shownScan->done) return {};
    return {{"scan", phi4ScanResultsJson(m_shownScan->params, m_shownScan->points)}};
}

std::function<void()> Phi4Tab::readResults(const QJsonObject& results)
{
    if (!results.contains("scan")) return {};
    if (!results.value("scan").isObject()) throw std::runtime_error("scan: must be an object");
    Phi4ScanResults r = readPhi4ScanResults(results.value("scan").toObject());
    auto s = std::make_shared<Phi4ScanSnapshot>();
    s->params = r.params;
    s->points = std::move(r.points);
    s->done = true; // only finished scans are saved
    return [this, s = std::shared_ptr<const Phi4ScanSnapshot>(std::move(s))] {
        m_restoredScan = s;
        m_shownScan = s;
        showScan(*s);
    };
}

void Phi4Tab::describeRun(CsvTable& t, const fieldtheory::Phi4Params& p)
{
    t.addHeader("program", "DualityLab, lattice phi^4 (field theory page)");
    t.addHeader("model", "2D phi^4, hopping parameter kappa, coupling lambda, periodic L x L torus");
    t.addHeader("L", p.L);
    t.addHeader("kappa", p.kappa);
    t.addHeader("lambda", p.lambda);
    t.addHeader("algorithm", fields::toString(p.algorithm));
    t.addHeader("chains", p.chains);
    t.addHeader("thermalize", p.thermalize);
    t.addHeader("seed", double(p.seed));
}

void Phi4Tab::exportData(const QString& directory, ExperimentRunner& runner, ExportDone done)
{
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory)) return done({}, tr("cannot create %1").arg(directory));
    if (m_shownScan && m_views->currentIndex() == 1) {
        const QString csv = dir.filePath("phi4_scan.csv");
        CsvTable t({"kappa", "updates_per_chain", "abs_m", "abs_m_err", "chi2", "chi2_err", "chi2_abs", "chi2_abs_err",
                    "binder", "binder_err"});
        describeRun(t, m_shownScan->params.base);
        t.addHeader("scan", "over kappa, kappa per row");
        for (const auto& p : m_shownScan->points) {
            const auto& e = p.estimates;
            std::vector<double> row{p.kappa, double(p.updatesPerChain)};
            for (const Estimate* x : {&e.absM, &e.chi2, &e.chi2Abs, &e.binder}) {
                row.push_back(x->mean);
                row.push_back(x->error);
            }
            t.addRow(std::move(row));
        }
        try {
            t.write(csv.toStdString());
        } catch (const std::exception& ex) {
            return done({}, QString::fromUtf8(ex.what()));
        }
        return done({csv}, {});
    }
    // The chains' fields live on the worker: a copy arrives between two steps.
    runner.read([this, dir, done = std::move(done)](const Experiment& e) {
        auto fieldsCopy = std::make_shared<std::vector<double>>();
        int chains = 0, L = 0;
        if (auto* x = dynamic_cast<const fieldtheory::Phi4Experiment*>(&e)) {
            chains = x->ensemble().chains();
            L = x->params().L;
            for (int c = 0; c < chains; ++c)
                fieldsCopy->insert(fieldsCopy->end(), x->ensemble().chain(c).field().begin(),
                                   x->ensemble().chain(c).field().end());
        }
        QMetaObject::invokeMethod(
            this,
            [this, dir, done, fieldsCopy, chains, L] {
                if (chains == 0) return done({}, tr("the φ⁴ run is no longer current: nothing exported"));
                try {
                    const QString npy = dir.filePath("phi4_fields.npy");
                    writeNpyFloat64(npy.toStdString(), {std::size_t(chains), std::size_t(L), std::size_t(L)},
                                    *fieldsCopy);
                    const QString csv = dir.filePath("phi4_trace.csv");
                    CsvTable t({"update", "M", "abs_M"});
                    if (m_shown) {
                        describeRun(t, m_shown->params);
                        for (std::size_t i = 0; i < m_shown->traceUpdate.size(); ++i)
                            t.addRow({m_shown->traceUpdate[i], m_shown->traceM[i], m_shown->traceAbsM[i]});
                    }
                    t.write(csv.toStdString());
                    done({npy, csv}, {});
                } catch (const std::exception& ex) {
                    done({}, QString::fromUtf8(ex.what()));
                }
            },
            Qt::QueuedConnection);
    });
}

void Phi4Tab::setPresentationScale(double scale)
{
    for (auto* c : {m_traces, m_histogram, m_scanAbsM, m_scanChi2, m_scanBinder})
        c->setPresentationScale(scale);
    QFont f = m_readout->font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_readout->setFont(f);
    m_scanInfo->setFont(f);
    m_lattice->setFont(f);
}

} // namespace dlab::gui
