#include "AutoregressivePage.hpp"

#include "FieldTable.hpp"
#include "HamiltonianView.hpp"
#include "PresentationFonts.hpp"
#include "VanView.hpp"
#include "XyView.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/experiments/autoregressive/SampleFiles.hpp"
#include "engine/experiments/duality/DualitySweep.hpp"
#include "engine/io/CsvTable.hpp"

#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QGroupBox>
#include <QJsonValue>
#include <QLabel>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>

namespace dlab::gui {
namespace {

using namespace dlab::autoregressive;

constexpr int kExportedSamples = 1000;
const char* const kModeKeys[] = {"hamiltonian", "variational", "xy"};

QString priorsNote(AutoregressivePage::Mode m)
{
    switch (m) {
    case AutoregressivePage::Mode::Hamiltonian:
        return QObject::tr(
            "<b>Priors given to the network:</b> the typewriter order of the sites, p(s) = Π p(s<sub>i</sub> | "
            "s<sub>&lt;i</sub>), masked dense layers (MADE) and Bernoulli conditionals (5-valued ones for block "
            "spins). "
            "It is not told about the Z2 symmetry, the locality of H or the temperature. Training stops on the "
            "held-out NLL only; Kaufman's F is shown, never used.");
    case AutoregressivePage::Mode::Variational:
        return QObject::tr(
            "<b>Priors:</b> the typewriter order and MADE, the energy function E(s) (the problem itself), β annealed "
            "from 0 and, when ticked, Z2 symmetrisation q(s) = ½[q<sub>θ</sub>(s) + q<sub>θ</sub>(−s)] — the one piece "
            "of physics built in. No data; Kaufman's F is shown, never used.");
    case AutoregressivePage::Mode::Xy:
        return QObject::tr(
            "<b>Priors:</b> the typewriter order, MADE, and conditionals on θ/2π: a von Mises mixture (periodic, "
            "as an angle is) or the seed's Beta (not periodic); angles enter as (cos θ, sin θ). The network is not "
            "told about the O(2) symmetry: the rotation test asks whether it learned it from the data.");
    }
    return {};
}

} // namespace

AutoregressivePage::AutoregressivePage(QWidget* parent) : ExperimentPage(parent)
{
    m_tabs = new QTabWidget(this);
    m_hamiltonian = new HamiltonianView;
    m_van = new VanView;
    m_xy = new XyView;
    m_tabs->addTab(m_hamiltonian, tr("D1 · learned Hamiltonian"));
    m_tabs->addTab(m_van, tr("D2 · variational free energy"));
    m_tabs->addTab(m_xy, tr("D3 · XY model"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    buildPanel();
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int i) {
        if (m_modeBox->currentIndex() != i) m_modeBox->setCurrentIndex(i); // resets through the combo
    });
}

void AutoregressivePage::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);
    m_modeBox = new QComboBox;
    m_modeBox->setObjectName("mode");
    m_modeBox->addItem(tr("D1 · learned Hamiltonian (Ising, from data)"));
    m_modeBox->addItem(tr("D2 · variational free energy (Ising, no data)"));
    m_modeBox->addItem(tr("D3 · XY model (continuous network)"));
    m_modeBox->setToolTip(tr("Which experiment runs; the tabs on the right follow"));
    // Long item texts must not widen the control column (it would clip the notes).
    m_modeBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_modeBox->setMinimumContentsLength(16);
    outer->addWidget(m_modeBox);
    m_stack = new QStackedWidget;
    const QString titles[] = {tr("D1: MADE learns H = −T ln p from data"), tr("D2: VAN minimises F_q ≥ F"),
                              tr("D3: XY model, O(2) test, vortices")};
    for (int m = 0; m < 3; ++m) {
        auto* box = new QGroupBox(titles[m]);
        auto* v = new QVBoxLayout(box);
        auto* form = new QFormLayout;
        v->addLayout(form);
        auto* table = new FieldTable(form, this);
        m_fields[std::size_t(m)] = table;
        if (m == 0) buildHamiltonianFields(table);
        if (m == 1) buildVanFields(table);
        if (m == 2) buildXyFields(table);
        auto* note = new QLabel(priorsNote(Mode(m)));
        note->setWordWrap(true);
        note->setTextFormat(Qt::RichText);
        v->addWidget(note);
        connect(table, &FieldTable::changed, this, [this] { requestReset(); });
        m_stack->addWidget(box);
    }
    outer->addWidget(m_stack);
    auto* seedNote = new QLabel(tr("Seed: the run controls' seed. Runs are reproducible from it at any thread count."));
    seedNote->setWordWrap(true);
    outer->addWidget(seedNote);
    outer->addStretch(1);
    connect(m_modeBox, &QComboBox::currentIndexChanged, this, [this](int i) {
        m_stack->setCurrentIndex(i);
        if (m_tabs->currentIndex() != i) m_tabs->setCurrentIndex(i);
        requestReset();
    });
}

void AutoregressivePage::buildHamiltonianFields(FieldTable* t)
{
    using P = LearnedHamiltonianParams;
    const P d;
    t->addInteger("L", tr("L"), P::kMinL, P::kMaxL, d.L, tr("Linear size of the L×L Ising torus"));
    t->addReal("beta", tr("β"), P::kMinBeta, P::kMaxBeta, 4, d.beta,
               tr("Inverse temperature of the data (β_c = 0.4407)"));
    t->addChoice(
        "input", tr("Network sees"),
        {{"spins", tr("spins")}, {"blocks1", tr("2×2 blocks, stride 1")}, {"blocks2", tr("2×2 blocks, stride 2")}},
        QString::fromStdString(toString(d.input)),
        tr("Raw spins, or 2×2 block spins S = s+s+s+s as in the seed (5 values)"));
    t->addChoice("data", tr("Data"), {{"mc", tr("Monte Carlo chains")}, {"exact", tr("exact samples (L ≤ 4)")}},
                 QString::fromStdString(toString(d.data)),
                 tr("Persistent Markov chains, or exact Boltzmann samples by enumerating all 2^(L²) states"));
    t->addChoice("algo", tr("Monte Carlo"),
                 {{"wolff", tr("Wolff")}, {"sw", tr("Swendsen–Wang")}, {"metropolis", tr("Metropolis")}},
                 QString::fromStdString(toString(d.algo)), tr("Update of the data chains"));
    t->addInteger("samples", tr("Training samples"), P::kMinSamples, P::kMaxSamples, d.samples,
                  tr("Configurations the network is trained on"));
    t->addInteger("heldOut", tr("Held-out samples"), 10, P::kMaxSamples, d.heldOut,
                  tr("Configurations for the H_θ–E scatter and the test NLL, never trained on"));
    t->addText("hidden", tr("Hidden widths"), QString::fromStdString(hiddenWidthsText(d.network.hidden)),
               tr("Masked hidden layers, e.g. 64 or 64,64 (at most 3 layers, widths 1 to 4096)"));
    t->addInteger("epochs", tr("Max epochs"), 1, P::kMaxEpochs, d.epochs, tr("Passes over the training data at most"));
    t->addInteger("batch", tr("Batch"), 1, 100000, d.batch, tr("Mini-batch size"));
    t->addReal("learningRate", tr("Learning rate"), 1e-6, 1.0, 5, d.learningRate, tr("Adam step size"));
    t->addInteger("patience", tr("Patience"), 0, P::kMaxEpochs, d.patience,
                  tr("Stop after this many epochs without held-out improvement (0 = never)"));
    t->addChoice("run", tr("Run"), {{"single", tr("one run at β")}, {"sweep", tr("sweep over T")}}, "single",
                 tr("One run, or one run per temperature of the list below"));
    t->addText("temperatures", tr("T list"), "1.5:3.5:0.25",
               tr("Temperatures of the sweep: start:stop:step or a comma-separated list (T_c = 2.269)"));
}

void AutoregressivePage::buildVanFields(FieldTable* t)
{
    using P = VanParams;
    const P d;
    t->addInteger("L", tr("L"), P::kMinL, P::kMaxL, d.L, tr("Linear size of the L×L Ising torus"));
    t->addReal("beta", tr("β"), P::kMinBeta, P::kMaxBeta, 4, d.beta, tr("Target inverse temperature (β_c = 0.4407)"));
    t->addInteger("steps", tr("Optimiser steps"), 1, P::kMaxSteps, d.steps,
                  tr("REINFORCE steps (the reference code uses 10⁴)"));
    t->addInteger("batch", tr("Batch"), 2, 100000, d.batch, tr("Samples per step (the reference code uses 1000)"));
    t->addReal("learningRate", tr("Learning rate"), 1e-7, 1.0, 5, d.learningRate, tr("Adam step size"));
    t->addReal("anneal", tr("Annealing a"), 0.0, 0.99999, 5, d.anneal,
               tr("β_t = β (1 − a^t); 0 switches annealing off"));
    t->addFlag("z2", tr("Z2 symmetrisation"), d.z2, tr("q(s) = ½[q_θ(s) + q_θ(−s)]"));
    t->addText("hidden", tr("Hidden widths"), QString::fromStdString(hiddenWidthsText(d.network.hidden)),
               tr("Masked hidden layers, e.g. 256 or 128,128 (at most 3 layers, widths 1 to 4096)"));
    t->addChoice("activation", tr("Activation"), {{"tanh", tr("tanh")}, {"relu", tr("ReLU")}}, "tanh",
                 tr("Activation of the hidden layers"));
    t->addInteger("evaluationSamples", tr("Evaluation samples"), 0, 100000000, d.evaluationSamples,
                  tr("Fresh samples after training for F_q, importance sampling and the ESS"));
}

void AutoregressivePage::buildXyFields(FieldTable* t)
{
    using P = XyLearningParams;
    const P d;
    t->addInteger("L", tr("L"), P::kMinL, P::kMaxL, d.L, tr("Linear size of the L×L XY torus"));
    t->addReal("T", tr("T"), P::kMinT, P::kMaxT, 3, d.T, tr("Temperature of the data (BKT near 0.89)"));
    t->addChoice("algo", tr("Monte Carlo"),
                 {{"wolff", tr("Wolff (embedded cluster)")}, {"metropolis", tr("Metropolis")}},
                 QString::fromStdString(toString(d.algo)), tr("Update of the data chains"));
    t->addInteger("samples", tr("Training samples"), 100, 1000000, d.samples,
                  tr("Configurations trained on (seed: 9000)"));
    t->addInteger("heldOut", tr("Held-out samples"), 10, 1000000, d.heldOut, tr("For the test NLL and the O(2) test"));
    t->addChoice("conditional", tr("Conditionals"),
                 {{"vonmises", tr("von Mises mixture")}, {"beta", tr("Beta (seed)")}},
                 QString::fromStdString(toString(d.conditional)), tr("Distribution of θ_i/2π given the earlier sites"));
    t->addInteger("components", tr("Mixture components"), 1, 16, d.components, tr("von Mises components per site"));
    t->addText("hidden", tr("Hidden widths"), QString::fromStdString(hiddenWidthsText(d.network.hidden)),
               tr("Masked hidden layers, e.g. 128 or 128,128 (at most 3 layers, widths 1 to 4096)"));
    t->addInteger("epochs", tr("Max epochs"), 1, P::kMaxEpochs, d.epochs, tr("Passes over the training data at most"));
    t->addReal("learningRate", tr("Learning rate"), 1e-6, 1.0, 5, d.learningRate, tr("Adam step size"));
    t->addInteger("rotations", tr("Rotation angles"), 1, 360, d.rotations, tr("O(2) test at α = 2πk/n, k = 0 … n"));
    t->addInteger("generated", tr("Generated samples"), 10, 1000000, d.generated,
                  tr("Network samples whose vortex density is compared with Monte Carlo"));
    t->addChoice("run", tr("Run"), {{"single", tr("one run at T")}, {"sweep", tr("sweep over T")}}, "single",
                 tr("One run, or one run per temperature of the list below"));
    t->addText("temperatures", tr("T list"), "0.6:1.2:0.1", tr("Temperatures of the sweep: start:stop:step or a list"));
}

AutoregressivePage::Mode AutoregressivePage::mode() const { return Mode(m_modeBox->currentIndex()); }

void AutoregressivePage::setMode(Mode m) { m_modeBox->setCurrentIndex(int(m)); }

bool AutoregressivePage::sweeping() const
{
    return mode() != Mode::Variational && m_fields[std::size_t(mode())]->text("run") == "sweep";
}

LearnedHamiltonianParams AutoregressivePage::hamiltonianParams() const
{
    const FieldTable& t = *m_fields[0];
    LearnedHamiltonianParams p;
    p.L = t.integer("L");
    p.beta = t.real("beta");
    p.input = parseHamiltonianInput(t.text("input").toStdString());
    p.data = parseIsingData(t.text("data").toStdString());
    p.algo = parseMcAlgorithm(t.text("algo").toStdString());
    p.samples = t.integer("samples");
    p.heldOut = t.integer("heldOut");
    p.network.hidden = parseHiddenWidths(t.text("hidden").toStdString());
    p.epochs = t.integer("epochs");
    p.batch = t.integer("batch");
    p.learningRate = t.real("learningRate");
    p.patience = t.integer("patience");
    p.seed = m_seed;
    return p;
}

VanParams AutoregressivePage::vanParams() const
{
    const FieldTable& t = *m_fields[1];
    VanParams p;
    p.L = t.integer("L");
    p.beta = t.real("beta");
    p.steps = t.integer("steps");
    p.batch = t.integer("batch");
    p.learningRate = t.real("learningRate");
    p.anneal = t.real("anneal");
    p.z2 = t.flag("z2");
    p.network.hidden = parseHiddenWidths(t.text("hidden").toStdString());
    p.network.activation = nn::parseActivation(t.text("activation").toStdString());
    p.evaluationSamples = t.integer("evaluationSamples");
    p.seed = m_seed;
    return p;
}

XyLearningParams AutoregressivePage::xyParams() const
{
    const FieldTable& t = *m_fields[2];
    XyLearningParams p;
    p.L = t.integer("L");
    p.T = t.real("T");
    p.algo = parseXyAlgorithm(t.text("algo").toStdString());
    p.samples = t.integer("samples");
    p.heldOut = t.integer("heldOut");
    p.conditional = parseAngleConditional(t.text("conditional").toStdString());
    p.components = t.integer("components");
    p.network.hidden = parseHiddenWidths(t.text("hidden").toStdString());
    p.epochs = t.integer("epochs");
    p.learningRate = t.real("learningRate");
    p.rotations = t.integer("rotations");
    p.generated = t.integer("generated");
    p.seed = m_seed;
    return p;
}

std::vector<double> AutoregressivePage::sweepTemperatures() const
{
    return parseValueList(m_fields[std::size_t(mode())]->text("temperatures").toStdString(), "temperatures");
}

void AutoregressivePage::requestReset()
{
    if (m_loading) return;
    Q_EMIT resetRequested();
}

std::unique_ptr<Experiment> AutoregressivePage::createExperiment(std::uint64_t seed)
{
    m_seed = seed;
    m_shown.reset();
    std::unique_ptr<Experiment> e;
    switch (mode()) {
    case Mode::Hamiltonian: {
        const auto p = hamiltonianParams();
        p.validate();
        if (sweeping())
            e = makeHamiltonianSweep(p, sweepTemperatures());
        else
            e = std::make_unique<LearnedHamiltonianExperiment>(p);
        m_hamiltonian->showSweepTab(sweeping());
        break;
    }
    case Mode::Variational:
        e = std::make_unique<VanExperiment>(vanParams());
        break;
    case Mode::Xy: {
        const auto p = xyParams();
        p.validate();
        if (sweeping())
            e = makeXySweep(p, sweepTemperatures());
        else
            e = std::make_unique<XyLearningExperiment>(p);
        m_xy->showSweepTab(sweeping());
        break;
    }
    }
    Q_EMIT errorMessage(QString());
    return e;
}

void AutoregressivePage::showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    m_shown = snapshot;
    auto percent = [](double f) { return QString::number(100 * f, 'f', 0) + " %"; };
    if (auto s = std::dynamic_pointer_cast<const LearnedHamiltonianSnapshot>(snapshot)) {
        m_hamiltonian->showRun(*s);
        m_status = tr("D1 · epoch %1 · %2").arg(s->epoch).arg(percent(s->progress));
    } else if (auto h = std::dynamic_pointer_cast<const HamiltonianSweep::SweepSnapshot>(snapshot)) {
        if (h->run) m_hamiltonian->showRun(*h->run);
        m_hamiltonian->showSweep(h->rows, h->temperatures);
        m_status = tr("D1 sweep · %1 of %2 temperatures · %3")
                       .arg(h->rows.size())
                       .arg(h->temperatures.size())
                       .arg(percent(h->progress));
    } else if (auto v = std::dynamic_pointer_cast<const VanSnapshot>(snapshot)) {
        m_van->show(*v);
        m_status =
            tr("D2 · step %1 · %2 · %3 s").arg(v->optimiserStep).arg(percent(v->progress)).arg(v->seconds, 0, 'f', 0);
    } else if (auto x = std::dynamic_pointer_cast<const XyLearningSnapshot>(snapshot)) {
        m_xy->showRun(*x);
        m_status = tr("D3 · epoch %1 · %2").arg(x->epoch).arg(percent(x->progress));
    } else if (auto y = std::dynamic_pointer_cast<const XySweep::SweepSnapshot>(snapshot)) {
        if (y->run) m_xy->showRun(*y->run);
        m_xy->showSweep(y->rows, y->temperatures);
        m_status = tr("D3 sweep · %1 of %2 temperatures · %3")
                       .arg(y->rows.size())
                       .arg(y->temperatures.size())
                       .arg(percent(y->progress));
    }
}

QJsonObject AutoregressivePage::saveParameters() const
{
    QJsonObject o{{"mode", kModeKeys[int(mode())]}};
    for (int m = 0; m < 3; ++m)
        o[kModeKeys[m]] = m_fields[std::size_t(m)]->save();
    return o;
}

void AutoregressivePage::loadParameters(const QJsonObject& o)
{
    int m = int(mode());
    if (o.contains("mode")) {
        const QString key = o["mode"].toString();
        m = -1;
        for (int k = 0; k < 3; ++k)
            if (key == kModeKeys[k]) m = k;
        if (m < 0) throw ParameterError("mode", "must be one of hamiltonian, variational, xy");
    }
    // Check everything before changing anything.
    for (int k = 0; k < 3; ++k)
        if (o.contains(kModeKeys[k]) && !o[kModeKeys[k]].isObject())
            throw ParameterError(kModeKeys[k], "must be an object of fields");
    const std::array<QJsonObject, 3> previous{m_fields[0]->save(), m_fields[1]->save(), m_fields[2]->save()};
    m_loading = true;
    try {
        for (int k = 0; k < 3; ++k)
            if (o.contains(kModeKeys[k])) m_fields[std::size_t(k)]->load(o[kModeKeys[k]].toObject());
        // The loaded values must make valid parameters for the engine too.
        hamiltonianParams().validate();
        vanParams().validate();
        xyParams().validate();
    } catch (...) {
        for (int k = 0; k < 3; ++k)
            m_fields[std::size_t(k)]->load(previous[std::size_t(k)]);
        m_loading = false;
        throw;
    }
    setMode(Mode(m));
    m_loading = false;
}

QWidget* AutoregressivePage::figureWidget()
{
    switch (mode()) {
    case Mode::Hamiltonian:
        return m_hamiltonian->currentFigure();
    case Mode::Variational:
        return m_van;
    case Mode::Xy:
        return m_xy->currentFigure();
    }
    return m_tabs->currentWidget();
}

QStringList AutoregressivePage::writeShownData(const QString& directory) const
{
    QStringList files;
    const QDir dir(directory);
    auto write = [&](const QString& name, const CsvTable& table) {
        const QString path = dir.filePath(name);
        table.write(path.toStdString());
        files << path;
    };
    // What defines the run, as `# key: value` lines above every table.
    auto hamiltonianHeader = [](CsvTable& t, const LearnedHamiltonianParams& p) {
        t.addHeader("program", "DualityLab, learned Hamiltonian (autoregressive network)");
        t.addHeader("model", "2D Ising, nearest neighbour, periodic L x L torus");
        t.addHeader("L", p.L);
        t.addHeader("beta", p.beta);
        t.addHeader("input", toString(p.input));
        t.addHeader("data", toString(p.data));
        t.addHeader("algorithm", dlab::toString(p.algo));
        t.addHeader("chains", p.chains);
        t.addHeader("seed", double(p.seed));
    };
    auto xyHeader = [](CsvTable& t, const XyLearningParams& p) {
        t.addHeader("program", "DualityLab, XY model network");
        t.addHeader("model", "2D XY, periodic L x L torus");
        t.addHeader("L", p.L);
        t.addHeader("T", p.T);
        t.addHeader("conditional", toString(p.conditional));
        t.addHeader("chains", p.chains);
        t.addHeader("seed", double(p.seed));
    };
    // A sweep over T: its run's header (once a run exists), what it varies, a row per T.
    auto writeSweep = [&](const QString& name, std::vector<std::string> columns, auto header, const auto& run,
                          const char* over, const auto& rows, auto cells) {
        CsvTable t(std::move(columns));
        if (run) header(t, run->params);
        t.addHeader("sweep", over);
        for (const auto& r : rows)
            t.addRow(cells(r));
        write(name, t);
    };
    if (auto s = std::dynamic_pointer_cast<const LearnedHamiltonianSnapshot>(m_shown)) {
        if (s->energy && s->hamiltonian && s->hamiltonianFlipped) {
            CsvTable t({"energy", "h_theta", "h_theta_flipped"});
            hamiltonianHeader(t, s->params);
            for (std::size_t k = 0; k < s->energy->size(); ++k)
                t.addRow({(*s->energy)[k], (*s->hamiltonian)[k], (*s->hamiltonianFlipped)[k]});
            write("hamiltonian_heldout.csv", t);
        }
        CsvTable t({"epoch", "train_nll_per_variable", "heldout_nll_per_variable"});
        hamiltonianHeader(t, s->params);
        t.addHeader("exact F per site (reference)", s->exactFreeEnergy);
        for (std::size_t k = 0; k < s->epochs.size(); ++k)
            t.addRow({double(s->epochs[k]), s->trainNll[k], s->testNll[k]});
        write("hamiltonian_epochs.csv", t);
    } else if (auto h = std::dynamic_pointer_cast<const HamiltonianSweep::SweepSnapshot>(m_shown)) {
        writeSweep(
            "hamiltonian_sweep.csv",
            {"T", "nll_per_spin", "nll_per_spin_err", "entropy_exact", "slope", "slope_err", "r2", "free_energy",
             "free_energy_err", "free_energy_fit", "free_energy_exact", "z2_asymmetry"},
            hamiltonianHeader, h->run, "over T, beta = 1/T per row", h->rows, [](const auto& r) -> std::vector<double> {
                return {r.T,  r.nll,        r.nllError,        r.exactEntropy,  r.slope,           r.slopeError,
                        r.r2, r.freeEnergy, r.freeEnergyError, r.freeEnergyFit, r.exactFreeEnergy, r.z2Asymmetry};
            });
    } else if (auto v = std::dynamic_pointer_cast<const VanSnapshot>(m_shown)) {
        CsvTable t({"step", "free_energy_per_site", "free_energy_error", "relative_error"});
        t.addHeader("program", "DualityLab, variational autoregressive network (VAN)");
        t.addHeader("model", "2D Ising, nearest neighbour, periodic L x L torus");
        t.addHeader("L", v->params.L);
        t.addHeader("beta", v->params.beta);
        t.addHeader("batch", v->params.batch);
        t.addHeader("learning rate", v->params.learningRate);
        t.addHeader("z2 symmetrised", v->params.z2 ? "yes" : "no");
        t.addHeader("seed", double(v->params.seed));
        t.addHeader("exact F per site (reference)", v->exactFreeEnergy);
        for (std::size_t k = 0; k < v->steps.size(); ++k)
            t.addRow({double(v->steps[k]), v->freeEnergy[k], v->freeEnergyError[k], v->relativeError[k]});
        write("van_history.csv", t);
    } else if (auto x = std::dynamic_pointer_cast<const XyLearningSnapshot>(m_shown)) {
        CsvTable t({"angle", "h_mean_per_site", "h_mean_err"});
        xyHeader(t, x->params);
        t.addHeader("test", "O(2): the network's energy of rotated configurations");
        for (const auto& r : x->o2)
            t.addRow({r.angle, r.hMean, r.hError});
        write("xy_o2_test.csv", t);
    } else if (auto y = std::dynamic_pointer_cast<const XySweep::SweepSnapshot>(m_shown)) {
        writeSweep("xy_sweep.csv",
                   {"T", "vortex_mc", "vortex_mc_err", "vortex_generated", "vortex_generated_err", "energy_mc",
                    "energy_generated", "o2_spread"},
                   xyHeader, y->run, "over T, T per row", y->rows, [](const auto& r) -> std::vector<double> {
                       return {r.T,
                               r.vortexMc.mean,
                               r.vortexMc.error,
                               r.vortexGenerated.mean,
                               r.vortexGenerated.error,
                               r.energyMc.mean,
                               r.energyGenerated.mean,
                               r.o2Spread};
                   });
    }
    return files;
}

void AutoregressivePage::exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done)
{
    // The trained network lives on the worker: its samples are drawn there
    // between two steps and the files written here when they arrive; the GUI
    // never waits for the engine.
    runner.read([this, directory, done = std::move(done)](const Experiment& e) {
        struct Samples {
            Eigen::MatrixXd values;
            enum { None, Spins, Blocks, Angles } kind = None;
            int side = 0;
        };
        auto samples = std::make_shared<Samples>();
        if (auto* d1 = dynamic_cast<const LearnedHamiltonianExperiment*>(&e)) {
            if (d1->finished() || d1->model().sites() > 0) {
                samples->values = d1->networkSamples(kExportedSamples);
                samples->kind = d1->params().input == HamiltonianInput::Spins ? Samples::Spins : Samples::Blocks;
                samples->side =
                    d1->params().input == HamiltonianInput::BlocksStride2 ? d1->params().L / 2 : d1->params().L;
            }
        } else if (auto* d2 = dynamic_cast<const VanExperiment*>(&e)) {
            samples->values = d2->samples(kExportedSamples, 1);
            samples->kind = Samples::Spins;
            samples->side = d2->params().L;
        } else if (auto* d3 = dynamic_cast<const XyLearningExperiment*>(&e)) {
            if (d3->model().sites() > 0) {
                samples->values = d3->networkSamples(kExportedSamples, 2);
                samples->kind = Samples::Angles;
                samples->side = d3->params().L;
            }
        }
        QMetaObject::invokeMethod(
            this,
            [this, directory, samples, done] {
                try {
                    QStringList files = writeShownData(directory);
                    if (samples->kind != Samples::None) {
                        const QString name =
                            samples->kind == Samples::Angles ? "xy_network_samples.npy" : "network_samples.npy";
                        const QString path = QDir(directory).filePath(name);
                        writeSamples(path.toStdString(), samples->values, samples->side,
                                     samples->kind == Samples::Angles   ? SampleKind::Angles
                                     : samples->kind == Samples::Blocks ? SampleKind::BlockCategories
                                                                        : SampleKind::Spins);
                        files << path;
                    }
                    if (files.isEmpty()) return done({}, tr("nothing to export yet: let the run start first"));
                    done(files, {});
                } catch (const std::exception& ex) {
                    done({}, QString::fromUtf8(ex.what()));
                }
            },
            Qt::QueuedConnection);
    });
}

void AutoregressivePage::setPresentationScale(double scale)
{
    m_hamiltonian->setPresentationScale(scale);
    m_van->setPresentationScale(scale);
    m_xy->setPresentationScale(scale);
    scaleTabBars(this, scale);
}

} // namespace dlab::gui
