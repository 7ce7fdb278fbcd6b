#include "MonteCarloPage.hpp"

#include "BetaScanView.hpp"
#include "FieldTable.hpp"
#include "SessionFields.hpp"
#include "SessionResults.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/core/ValueList.hpp"
#include "engine/experiments/montecarlo/AlbumEmbedding.hpp"
#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

#include <QApplication>
#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMetaObject>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace dlab::gui {
namespace {

// The same scan but for its seed: restored points stand for it until it has its own.
bool sameScan(const BetaScanParams& a, const BetaScanParams& b)
{
    return a.sizes == b.sizes && a.betas == b.betas && a.sweeps == b.sweeps && a.thermalize == b.thermalize &&
           a.algo == b.algo && a.chains == b.chains;
}

// β slider on a log scale from 0.05 to 2 (temperatures 20 … 0.5), as in
// ising.js: equal slider steps are equal ratios of temperature.
constexpr double kBetaMin = 0.05, kBetaMax = 2.0;
constexpr int kSliderSteps = 1000;

int sliderFromBeta(double beta)
{
    const double t = std::log(std::clamp(beta, kBetaMin, kBetaMax) / kBetaMin) / std::log(kBetaMax / kBetaMin);
    return int(std::lround(t * kSliderSteps));
}

double betaFromSlider(int p) { return kBetaMin * std::pow(kBetaMax / kBetaMin, double(p) / kSliderSteps); }

QString pm(const Estimate& e, int digits = 4)
{
    if (!(e.error > 0)) return QString::number(e.mean, 'f', digits);
    // Error to two significant figures, mean to the same decimal place.
    const int decimals = std::clamp(1 - int(std::floor(std::log10(e.error))), 0, 8);
    return QString("%1 ± %2").arg(e.mean, 0, 'f', decimals).arg(e.error, 0, 'f', decimals);
}

} // namespace

MonteCarloPage::MonteCarloPage(QWidget* parent) : ExperimentPage(parent)
{
    buildPanel();
    buildViews();
    m_loading = true;
    const BetaScanParams scan;
    m_fields->load(QJsonObject{{"mode", "live"},
                               {"scanL", "8,16,32"},
                               {"scanBetas", "0.3:0.6:0.02"},
                               {"scanSweeps", scan.sweeps},
                               {"scanThermalize", scan.thermalize},
                               {"scanAlgo", QString::fromStdString(toString(scan.algo))},
                               {"colorMap", "diverging"},
                               {"showWalls", false},
                               {"showBonds", false}});
    m_loading = false;
    setControls(MonteCarloParams{});
    updateMode();
    applyViewOptions();
}

void MonteCarloPage::buildPanel()
{
    using P = MonteCarloParams;
    m_fields = new FieldTable(this);
    connect(m_fields, &FieldTable::refused, this, &ExperimentPage::errorMessage);
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* modeBox = new QGroupBox(tr("Mode"));
    auto* modeForm = new QFormLayout(modeBox);
    m_mode = m_fields->addChoice("mode", {}, {{"live", tr("live chains")}, {"scan", tr("β scan (several L)")}}, "live",
                                 tr("Live chains at one β, or a scan of E, C, |m|, χ, U_L over a range of β"));
    modeForm->addRow(tr("Show"), m_mode);
    outer->addWidget(modeBox);

    m_liveControls = new QWidget;
    auto* liveLayout = new QVBoxLayout(m_liveControls);
    liveLayout->setContentsMargins(0, 0, 0, 0);
    auto* model = new QGroupBox(tr("Model"));
    auto* form = new QFormLayout(model);
    m_betaSlider = new QSlider(Qt::Horizontal);
    m_betaSlider->setRange(0, kSliderSteps);
    m_betaSlider->setToolTip(tr("Inverse temperature β on a log scale (0.05 … 2)"));
    m_betaSlider->setObjectName("betaSlider");
    // β_c = 0.44068679… must not round into the ordered phase: 8 decimals.
    m_beta =
        m_fields->addReal("beta", {}, -P::kMaxCoupling, P::kMaxCoupling, 8, P{}.beta, tr("Exact value of β = J/kT"));
    m_beta->setSingleStep(0.01);
    auto* critical = new QToolButton;
    critical->setText(tr("β_c"));
    critical->setToolTip(tr("Set β to the critical point ½ ln(1+√2)"));
    auto* betaRow = new QHBoxLayout;
    betaRow->addWidget(m_beta, 1);
    betaRow->addWidget(critical);
    form->addRow(tr("β"), m_betaSlider);
    form->addRow(QString(), betaRow);
    m_betaInfo = new QLabel;
    m_betaInfo->setWordWrap(true);
    form->addRow(QString(), m_betaInfo);
    m_t1 = m_fields->addReal("t1", {}, -P::kMaxCoupling, P::kMaxCoupling, 6, 0.0,
                             tr("Plaquette coupling t1 (four-spin term); Metropolis only"));
    m_t1->setSingleStep(0.01);
    form->addRow(tr("t1 (plaquette)"), m_t1);
    m_t2 = m_fields->addReal("t2", {}, -P::kMaxCoupling, P::kMaxCoupling, 6, 0.0,
                             tr("Diagonal next-nearest-neighbour coupling t2; Metropolis only"));
    m_t2->setSingleStep(0.01);
    form->addRow(tr("t2 (diagonal)"), m_t2);
    m_L =
        m_fields->addInteger("L", {}, P::kMinL, P::kMaxL, P{}.L, tr("Linear size of the L×L torus (restarts the run)"));
    form->addRow(tr("L"), m_L);
    m_algo = m_fields->addChoice(
        "algo", {}, {{"metropolis", tr("Metropolis")}, {"wolff", tr("Wolff cluster")}, {"sw", tr("Swendsen–Wang")}},
        "metropolis", tr("Cluster algorithms need t1 = t2 = 0"));
    form->addRow(tr("Algorithm"), m_algo);
    m_chains = m_fields->addInteger("chains", {}, 1, P::kMaxChains, 1,
                                    tr("Independent Markov chains (run in parallel; restarts the run)"));
    form->addRow(tr("Chains"), m_chains);
    m_chainShown = new QSpinBox;
    m_chainShown->setObjectName("chainShown");
    m_chainShown->setRange(0, 0);
    m_chainShown->setToolTip(tr("Which chain the lattice and the traces show"));
    form->addRow(tr("Show chain"), m_chainShown);
    m_thermalize = m_fields->addInteger("thermalize", {}, 0, P::kMaxThermalize, P{}.thermalize,
                                        tr("Sweeps left out of the averages after a start or a change of couplings"));
    m_thermalize->setSuffix(tr(" sweeps"));
    form->addRow(tr("Thermalise"), m_thermalize);
    m_start = m_fields->addChoice("start", {},
                                  {{"hot", tr("hot: random spins (T = ∞)")}, {"cold", tr("cold: all up (T = 0)")}},
                                  "hot", tr("How Reset starts the chains"));
    form->addRow(tr("Start"), m_start);
    liveLayout->addWidget(model);

    auto* view = new QGroupBox(tr("View"));
    auto* vf = new QFormLayout(view);
    m_colorMap = m_fields->addChoice(
        "colorMap", {},
        {{"diverging", tr("blue / red (diverging)")}, {"viridis", tr("viridis")}, {"cividis", tr("cividis")}},
        "diverging", tr("Colours of the spins"));
    vf->addRow(tr("Colours"), m_colorMap);
    m_walls = m_fields->addFlag("showWalls", tr("Domain walls (dual lattice)"), false,
                                tr("Draw the links of the dual lattice between unlike spins"));
    m_bonds = m_fields->addFlag("showBonds", tr("Bonds σ = s_i s_j (frustrated marked)"), false,
                                tr("Mark the frustrated bonds σ = −1 in a colour the spin map does not use"));
    vf->addRow(m_walls);
    vf->addRow(m_bonds);
    liveLayout->addWidget(view);

    auto* tsne = new QGroupBox(tr("t-SNE of configurations"));
    auto* tf = new QVBoxLayout(tsne);
    m_albumInfo = new QLabel;
    m_albumInfo->setWordWrap(true);
    m_albumInfo->setToolTip(tr("Every %1 sweeps after thermalisation the chains' configurations are recorded, "
                               "grouped by couplings (up to the last %2 of each, fewer on large lattices; at most %3 "
                               "groups). Move β through the "
                               "phases, then embed them all: each β is one colour. Reset discards them.")
                                .arg(MonteCarloExperiment::kAlbumEvery)
                                .arg(ConfigurationAlbum::kDefaultPerGroup)
                                .arg(ConfigurationAlbum::kDefaultMaxGroups));
    tf->addWidget(m_albumInfo);
    m_embed = new QPushButton(tr("Embed on the Symmetries page"));
    m_embed->setToolTip(tr("t-SNE of the recorded configurations, coloured by β"));
    tf->addWidget(m_embed);
    liveLayout->addWidget(tsne);
    outer->addWidget(m_liveControls);
    connect(m_embed, &QPushButton::clicked, this, &ExperimentPage::embedRequested);
    m_embed->setObjectName("embedConfigurations");

    m_scanControls = new QGroupBox(tr("β scan"));
    auto* sf = new QFormLayout(m_scanControls);
    using S = BetaScanParams;
    m_scanSizes = m_fields->addText(
        "scanL", {}, "8,16,32", tr("Lattice sizes, e.g. 8,16,32: several L show finite-size scaling"),
        [](const QString& t) {
            for (double v : parseValueList(t.toStdString(), "scanL"))
                if (v != std::floor(v) || v < 4 || v > S::kMaxL)
                    throw ParameterError(
                        "scanL",
                        QString("sizes are whole numbers from 4 to %1 (e.g. 8,16,32)").arg(S::kMaxL).toStdString());
        });
    sf->addRow(tr("L"), m_scanSizes);
    m_scanBetas =
        m_fields->addText("scanBetas", {}, "0.3:0.6:0.02",
                          tr("β values, start:stop:step or a,b,c (%1 to %2)").arg(S::kMinBeta).arg(S::kMaxBeta),
                          [](const QString& t) { parseValueList(t.toStdString(), "scanBetas"); });
    sf->addRow(tr("β"), m_scanBetas);
    m_scanSweeps = m_fields->addInteger("scanSweeps", {}, S::kMinSweeps, S::kMaxSweeps, S{}.sweeps,
                                        tr("Measured sweeps per chain at each point"));
    sf->addRow(tr("Sweeps / point"), m_scanSweeps);
    m_scanThermalize = m_fields->addInteger("scanThermalize", {}, 0, P::kMaxThermalize, S{}.thermalize,
                                            tr("Sweeps discarded at each new β"));
    sf->addRow(tr("Thermalise"), m_scanThermalize);
    m_scanAlgo = m_fields->addChoice(
        "scanAlgo", {}, {{"wolff", tr("Wolff cluster")}, {"sw", tr("Swendsen–Wang")}, {"metropolis", tr("Metropolis")}},
        "wolff", tr("Cluster updates beat critical slowing down near β_c"));
    sf->addRow(tr("Algorithm"), m_scanAlgo);
    auto* scanNote = new QLabel(tr("Each L keeps its chains from one β to the next. Run at full speed for the "
                                   "fastest scan; Reset starts it again."));
    scanNote->setWordWrap(true);
    sf->addRow(scanNote);
    outer->addWidget(m_scanControls);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        updateMode();
        if (!m_loading) Q_EMIT resetRequested();
    });
    connect(m_betaSlider, &QSlider::valueChanged, this, &MonteCarloPage::onBetaSlider);
    connect(m_beta, &QDoubleSpinBox::valueChanged, this, &MonteCarloPage::onBetaTyped);
    connect(critical, &QToolButton::clicked, this, [this] { m_beta->setValue(exact::criticalBeta()); });
    for (auto* box : {m_t1, m_t2})
        connect(box, &QDoubleSpinBox::valueChanged, this, &MonteCarloPage::onLiveParameterChanged);
    connect(m_algo, &QComboBox::currentIndexChanged, this, &MonteCarloPage::onLiveParameterChanged);
    connect(m_thermalize, &QSpinBox::valueChanged, this, &MonteCarloPage::onLiveParameterChanged);
    for (auto* box : {m_L, m_chains, m_scanSweeps, m_scanThermalize})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!m_loading) Q_EMIT resetRequested();
        });
    connect(m_chainShown, &QSpinBox::valueChanged, this, &MonteCarloPage::onLiveParameterChanged);
    connect(m_scanAlgo, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_loading) Q_EMIT resetRequested();
    });
    connect(m_fields, &FieldTable::changed, this, [this](const QString& key) {
        if (!m_loading && (key == "scanL" || key == "scanBetas")) Q_EMIT resetRequested();
    });
    connect(m_colorMap, &QComboBox::currentIndexChanged, this, &MonteCarloPage::applyViewOptions);
    connect(m_walls, &QCheckBox::toggled, this, &MonteCarloPage::applyViewOptions);
    connect(m_bonds, &QCheckBox::toggled, this, &MonteCarloPage::applyViewOptions);
}

void MonteCarloPage::applyViewOptions()
{
    const auto map = widgets::colorMapFromString(m_colorMap->currentData().toString());
    m_lattice->setColorMap(map);
    m_lattice->setShowWalls(m_walls->isChecked());
    m_lattice->setShowBonds(m_bonds->isChecked());
    // Frustrated bonds in a colour the spin map does not contain: magenta on
    // viridis and cividis (whose top end is yellow), yellow on blue/red.
    m_lattice->setBondColor(map == widgets::ColorMap::Diverging ? QColor(255, 215, 0) : QColor(230, 0, 180));
}

bool MonteCarloPage::scanMode() const { return m_mode->currentData().toString() == "scan"; }

void MonteCarloPage::updateMode()
{
    const bool scan = scanMode();
    m_liveControls->setVisible(!scan);
    m_scanControls->setVisible(scan);
    m_views->setCurrentIndex(scan ? 1 : 0);
}

BetaScanParams MonteCarloPage::scanParams() const
{
    BetaScanParams p;
    p.sizes.clear();
    for (double v : parseValueList(m_scanSizes->text().toStdString(), "scanL"))
        p.sizes.push_back(int(std::clamp(v, -1.0, 1e6)));
    p.betas = parseValueList(m_scanBetas->text().toStdString(), "scanBetas");
    p.sweeps = m_scanSweeps->value();
    p.thermalize = m_scanThermalize->value();
    p.algo = parseMcAlgorithm(m_scanAlgo->currentData().toString().toStdString());
    p.chains = 1;
    p.seed = m_seed;
    return p;
}

void MonteCarloPage::buildViews()
{
    m_figure = new QWidget(this);
    m_figure->setWindowTitle(tr("DualityLab – Monte Carlo"));
    m_figure->setAutoFillBackground(true);
    m_liveLayout = new QBoxLayout(QBoxLayout::LeftToRight, m_figure);
    m_liveLayout->setContentsMargins(0, 0, 0, 0);
    m_lattice = new widgets::LatticeView;
    m_lattice->setMinimumSize(200, 200);
    m_liveLayout->addWidget(m_lattice, 5);

    auto* right = new QVBoxLayout;
    m_energyChart = new widgets::ChartPanel;
    m_energyChart->setTitle(tr("Energy per site"));
    m_energyChart->setAxisTitles(tr("Monte Carlo time t [sweeps]"), tr("E/N  [J]"));
    m_eLine = m_energyChart->addLine(tr("E/N"), widgets::categoricalColor(0), 1.0);
    m_eAvg = m_energyChart->addLine(tr("running average"), widgets::categoricalColor(5), 2.2);
    m_eKaufman = m_energyChart->addReferenceLine(tr("exact, this L (Kaufman)"), QColor(0, 0, 0), Qt::DashLine);
    m_eOnsager = m_energyChart->addReferenceLine(tr("L → ∞ (Onsager)"), QColor(120, 120, 120), Qt::DotLine);
    right->addWidget(m_energyChart, 1);

    m_magChart = new widgets::ChartPanel;
    m_magChart->setTitle(tr("Magnetisation per site"));
    m_magChart->setAxisTitles(tr("Monte Carlo time t [sweeps]"), tr("|m| = |Σs|/N"));
    m_mLine = m_magChart->addLine(tr("|m|"), widgets::categoricalColor(2), 1.0);
    m_mAvg = m_magChart->addLine(tr("running average"), widgets::categoricalColor(5), 2.2);
    m_mOnsager = m_magChart->addReferenceLine(tr("L → ∞ (Onsager)"), QColor(0, 0, 0), Qt::DashLine);
    right->addWidget(m_magChart, 1);

    m_readouts = new QLabel;
    m_readouts->setTextFormat(Qt::RichText);
    m_readouts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readouts->setFrameShape(QFrame::StyledPanel);
    m_readouts->setMargin(6);
    m_readouts->setWordWrap(true);
    right->addWidget(m_readouts);
    m_liveLayout->addLayout(right, 6);

    for (QWidget* w : std::initializer_list<QWidget*>{m_lattice, m_energyChart, m_magChart})
        widgets::FigureExporter::installContextMenu(w);

    m_scanView = new BetaScanView;
    m_views = new QStackedWidget;
    m_views->addWidget(m_figure);
    m_views->addWidget(m_scanView);
    auto* pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_views);
}

QWidget* MonteCarloPage::figureWidget() { return scanMode() ? static_cast<QWidget*>(m_scanView) : m_figure; }

void MonteCarloPage::setControls(const MonteCarloParams& p)
{
    m_loading = true;
    QJsonObject o{{"beta", p.beta},
                  {"t1", p.t1},
                  {"t2", p.t2},
                  {"L", p.L},
                  {"algo", QString::fromStdString(toString(p.algo))},
                  {"chains", p.chains},
                  {"thermalize", p.thermalize},
                  {"start", QString::fromStdString(toString(p.start))}};
    m_fields->load(o);
    m_betaSlider->setValue(sliderFromBeta(p.beta));
    m_chainShown->setRange(0, p.chains - 1);
    m_chainShown->setValue(p.shownChain);
    m_sweepsPerStep = p.sweepsPerStep;
    m_loading = false;
    updateBetaInfo();
}

MonteCarloParams MonteCarloPage::currentParams() const
{
    MonteCarloParams p;
    p.L = m_L->value();
    p.beta = m_beta->value();
    p.t1 = m_t1->value();
    p.t2 = m_t2->value();
    p.algo = parseMcAlgorithm(m_algo->currentData().toString().toStdString());
    p.chains = m_chains->value();
    p.shownChain = std::min(m_chainShown->value(), p.chains - 1);
    p.sweepsPerStep = m_sweepsPerStep;
    p.thermalize = m_thermalize->value();
    p.start = parseMcStart(m_start->currentData().toString().toStdString());
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> MonteCarloPage::createExperiment(std::uint64_t seed)
{
    m_seed = seed;
    std::unique_ptr<Experiment> e;
    if (scanMode())
        e = std::make_unique<BetaScanExperiment>(scanParams());
    else
        e = std::make_unique<MonteCarloExperiment>(currentParams());
    m_shown.reset();
    m_shownScan.reset();
    // The chain selector follows the number of chains of the run now starting.
    m_chainShown->setRange(0, m_chains->value() - 1);
    m_chainShown->setEnabled(m_chains->value() > 1);
    Q_EMIT errorMessage(QString());
    return e;
}

void MonteCarloPage::onBetaSlider(int position)
{
    if (m_loading) return;
    // The slider is coarse: it sets a rounded value, the box keeps exact typing.
    m_beta->setValue(std::round(betaFromSlider(position) * 1e4) / 1e4);
}

void MonteCarloPage::onBetaTyped(double beta)
{
    {
        const QSignalBlocker block(m_betaSlider);
        m_betaSlider->setValue(sliderFromBeta(beta));
    }
    updateBetaInfo();
    onLiveParameterChanged();
}

void MonteCarloPage::updateBetaInfo()
{
    const double beta = m_beta->value(), bc = exact::criticalBeta();
    QString text =
        tr("T = 1/β = %1\nβ/β_c = %2").arg(beta != 0 ? 1.0 / beta : INFINITY, 0, 'g', 5).arg(beta / bc, 0, 'f', 4);
    if (beta > 0) text += tr("\nKramers–Wannier dual β̃ = %1").arg(exact::kramersWannierDual(beta), 0, 'g', 6);
    m_betaInfo->setText(text);
}

void MonteCarloPage::onLiveParameterChanged()
{
    if (m_loading || scanMode()) return;
    MonteCarloParams p = currentParams();
    try {
        p.validate();
    } catch (const std::exception& e) {
        Q_EMIT errorMessage(QString::fromUtf8(e.what()));
        return;
    }
    Q_EMIT errorMessage(QString());
    Q_EMIT editRequested([p](Experiment& e) { static_cast<MonteCarloExperiment&>(e).setParams(p); });
}

void MonteCarloPage::setWorkPerStep(int n)
{
    m_sweepsPerStep = std::clamp(n, 1, 100000);
    onLiveParameterChanged();
}

void MonteCarloPage::updateReferences(const ExactReference& exact, int L)
{
    m_energyChart->setReferenceValue(m_eKaufman, exact.available ? exact.energyPerSite : NAN);
    m_energyChart->setReferenceValue(m_eOnsager, exact.available ? exact.onsagerEnergyPerSite : NAN);
    m_magChart->setReferenceValue(m_mOnsager, exact.available ? exact.onsagerMagnetization : NAN);
    m_shownExact = exact;
    m_shownExactL = L;
}

void MonteCarloPage::showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    if (auto scan = std::dynamic_pointer_cast<const BetaScanSnapshot>(snapshot)) {
        if (m_restoredScan && scan->rows.empty() && sameScan(m_restoredScan->params, scan->params))
            scan = m_restoredScan; // yesterday's points until this run has its own
        else if (!scan->rows.empty())
            m_restoredScan.reset();
        m_shownScan = scan;
        m_scanView->show(*scan);
        return;
    }
    auto s = std::dynamic_pointer_cast<const MonteCarloSnapshot>(snapshot);
    if (!s) return;
    const bool newReference = !m_shown || s->exact.energyPerSite != m_shownExact.energyPerSite ||
                              s->exact.available != m_shownExact.available || s->params.L != m_shownExactL;
    // Actual sweep rate (throttled or not), over at least half a second.
    if (!m_rateClock.isValid() || s->sweeps < m_rateSweeps) {
        m_rateClock.start();
        m_rateSweeps = s->sweeps;
    } else if (m_rateClock.elapsed() >= 500) {
        m_actualRate = double(s->sweeps - m_rateSweeps) * s->params.chains * 1000.0 / double(m_rateClock.restart());
        m_rateSweeps = s->sweeps;
    }
    m_shown = s;
    const int L = s->params.L;
    m_lattice->setValues(s->configuration.data(), L, L);
    m_lattice->setTitle(tr("Spins, chain %1 of %2, %3×%3 torus, t = %4")
                            .arg(s->params.shownChain)
                            .arg(s->params.chains)
                            .arg(L)
                            .arg(s->sweeps));
    m_energyChart->setTitle(tr("Energy per site (chain %1)").arg(s->params.shownChain));
    m_magChart->setTitle(tr("Magnetisation per site (chain %1)").arg(s->params.shownChain));
    if (newReference) updateReferences(s->exact, L);
    m_energyChart->setLineData(m_eLine, s->seriesSweep, s->energy);
    m_energyChart->setLineData(m_eAvg, s->seriesSweep, s->energyAverage);
    m_magChart->setLineData(m_mLine, s->seriesSweep, s->absMagnetization);
    m_magChart->setLineData(m_mAvg, s->seriesSweep, s->absMagnetizationAverage);
    // Rich-text layout is costly and numbers changing faster than ~4 Hz
    // cannot be read anyway.
    if (!m_readoutClock.isValid() || m_readoutClock.elapsed() >= 250 || s->sweeps < m_readoutSweeps ||
        !(m_shown->params == m_readoutParams)) {
        m_readouts->setText(readoutText());
        m_albumInfo->setText(tr("recorded: %1 configurations at %2 coupling %3 (Reset discards them)")
                                 .arg(s->albumConfigurations)
                                 .arg(s->albumGroups)
                                 .arg(s->albumGroups == 1 ? tr("set") : tr("sets")));
        m_embed->setEnabled(s->albumConfigurations >= 2);
        m_readoutClock.start();
        m_readoutSweeps = s->sweeps;
        m_readoutParams = s->params;
    }
}

QString MonteCarloPage::readoutText() const
{
    if (!m_shown) return {};
    const auto& s = *m_shown;
    const auto& e = s.estimates;
    const bool ex = s.exact.available;
    auto exactCell = [&](double v) { return ex && std::isfinite(v) ? QString::number(v, 'f', 4) : QString("—"); };
    QString t = "<table cellspacing='0' cellpadding='2'>";
    t += tr("<tr><th align='left'>all %1 chains, %2 samples</th><th>estimate</th><th>exact, L=%3</th><th>L → "
            "∞</th></tr>")
             .arg(s.params.chains)
             .arg(e.samples)
             .arg(s.params.L);
    if (e.samples < 64) {
        t += tr("<tr><td colspan='4'>collecting samples (thermalising for %1 sweeps after each change)…</td></tr>")
                 .arg(s.params.thermalize);
    } else {
        t += QString("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td></tr>")
                 .arg(tr("energy per site ⟨E⟩/N"), pm(e.energyPerSite), exactCell(s.exact.energyPerSite),
                      exactCell(s.exact.onsagerEnergyPerSite));
        t += QString("<tr><td>%1</td><td>%2</td><td>—</td><td>%3</td></tr>")
                 .arg(tr("magnetisation ⟨|m|⟩"), pm(e.absMagnetization), exactCell(s.exact.onsagerMagnetization));
        t += QString("<tr><td>%1</td><td><b>%2</b></td><td>%3</td><td>%4</td></tr>")
                 .arg(tr("specific heat C = β²N Var(e)"), pm(e.specificHeat), exactCell(s.exact.specificHeat),
                      exactCell(s.exact.onsagerSpecificHeat));
        t += QString("<tr><td>%1</td><td><b>%2</b></td><td>—</td><td>—</td></tr>")
                 .arg(tr("susceptibility χ = βN Var(|m|)"), pm(e.susceptibility));
        const double tau = std::max(e.tauIntEnergy, e.tauIntAbsMagnetization);
        t += QString("<tr><td>%1</td><td colspan='3'>%2</td></tr>")
                 .arg(tr("autocorrelation time τ_int"), tr("E: %1, |m|: %2 sweeps")
                                                            .arg(e.tauIntEnergy, 0, 'g', 3)
                                                            .arg(e.tauIntAbsMagnetization, 0, 'g', 3));
        if (double(e.sweepsPerChain) < 50 * tau)
            t += tr(
                "<tr><td colspan='4' style='color:#b2182b'>run &lt; 50 τ_int: error bars not yet reliable</td></tr>");
    }
    t += "</table>";
    return t;
}

QString MonteCarloPage::statusText() const
{
    if (scanMode()) {
        if (!m_shownScan) return {};
        return tr("β scan: %1 of %2 points  ·  %3 million site updates/s")
            .arg(m_shownScan->rows.size())
            .arg(m_shownScan->points)
            .arg(m_shownScan->siteUpdatesPerSecond / 1e6, 0, 'f', 1);
    }
    if (!m_shown) return {};
    return tr("%1 sweeps/s (engine capacity %2 sweeps/s)  ·  t = %3 sweeps")
        .arg(m_actualRate, 0, 'f', 0)
        .arg(m_shown->sweepsPerSecond, 0, 'f', 0)
        .arg(m_shown->sweeps);
}

QJsonObject MonteCarloPage::saveParameters() const
{
    QJsonObject o = m_fields->save();
    o["sweepsPerStep"] = m_sweepsPerStep;
    o["shownChain"] = m_chainShown->value();
    return o;
}

void MonteCarloPage::loadParameters(const QJsonObject& o)
{
    const SessionFields f(o);
    const int sweepsPerStep = f.integer("sweepsPerStep", m_sweepsPerStep, 1, MonteCarloParams::kMaxSweepsPerStep);
    const QJsonObject before = m_fields->save();
    m_loading = true;
    try {
        m_fields->load(o); // type and range of every field, or nothing changes
        MonteCarloParams p = currentParams();
        p.sweepsPerStep = sweepsPerStep;
        p.shownChain = f.integer("shownChain", 0, 0, p.chains - 1);
        p.validate(); // what the fields cannot check alone (cluster algorithms need t1 = t2 = 0)
        if (scanMode()) scanParams().validate();
        setControls(p);
    } catch (...) {
        m_fields->load(before);
        m_loading = false;
        throw;
    }
    m_loading = true;
    updateMode();
    applyViewOptions();
    m_loading = false;
}

void MonteCarloPage::exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done)
{
    if (scanMode()) {
        try {
            done({writeScan(directory)}, {});
        } catch (const std::exception& e) {
            done({}, QString::fromUtf8(e.what()));
        }
        return;
    }
    // All chains' configurations live on the worker: ask for a copy between
    // two steps and write the files when it arrives, on the GUI thread; the
    // GUI never waits for the engine. The runner answers reads even when it
    // is cancelled (Reset, closing), so a pending export is never lost. The
    // page outlives the runner (MainWindow destroys the runner first), so it
    // is a safe context for the queued call.
    runner.read([this, directory, done = std::move(done)](const Experiment& e) {
        auto configs = std::make_shared<std::vector<SpinConfiguration>>();
        QString error;
        if (auto* mc = dynamic_cast<const MonteCarloExperiment*>(&e))
            *configs = mc->configurations();
        else
            error = tr("the Monte Carlo run is no longer current: nothing exported");
        QMetaObject::invokeMethod(
            this,
            [this, directory, configs, error, done] {
                if (!error.isEmpty()) return done({}, error);
                try {
                    done(writeData(directory, *configs), {});
                } catch (const std::exception& ex) {
                    done({}, QString::fromUtf8(ex.what()));
                }
            },
            Qt::QueuedConnection);
    });
}

void MonteCarloPage::collectEmbedData(ExperimentRunner& runner, EmbedDone done)
{
    // Copied on the worker between two steps, sent to the GUI thread; the
    // page outlives the runner, so it is a safe context for the queued call.
    runner.read([this, done = std::move(done)](const Experiment& e) {
        auto embedData = std::make_shared<EmbedData>();
        QString error, name = tr("Monte Carlo configurations");
        if (auto* mc = dynamic_cast<const MonteCarloExperiment*>(&e)) {
            AlbumEmbedding a = albumEmbedding(mc->album());
            embedData->points = std::move(a.points);
            embedData->labels = std::move(a.labels);
            for (const auto& c : a.classNames)
                embedData->classNames << QString::fromStdString(c);
            embedData->orderedClasses = a.orderedClasses;
            const int L = mc->album().L();
            if (a.blockSide < L)
                name = tr("Monte Carlo configurations (%1×%1, as %2×%2 block spins)").arg(L).arg(a.blockSide);
            if (embedData->points.rows() < 2)
                error = tr("record some configurations first (let the chains run past thermalisation)");
        } else {
            error = tr("the Monte Carlo run is no longer current: nothing to embed");
        }
        QMetaObject::invokeMethod(
            this, [name, embedData, error, done] { done(name, error.isEmpty() ? embedData : nullptr, error); },
            Qt::QueuedConnection);
    });
}

QStringList MonteCarloPage::writeData(const QString& directory, const std::vector<SpinConfiguration>& configs) const
{
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory))
        throw std::runtime_error(("cannot create " + directory).toStdString());
    const QString npy = dir.filePath("configurations.npy");
    writeConfigurations(npy.toStdString(), configs);

    const QString csv = dir.filePath("series.csv");
    CsvTable table({"sweep", "energy_per_site", "abs_magnetization", "energy_running_average",
                    "abs_magnetization_running_average"});
    if (m_shown) {
        const auto& s = *m_shown;
        describeRun(table, s.params);
        table.addHeader("chain", double(s.params.shownChain));
        table.addHeader("running averages", "nan while thermalising");
        for (std::size_t i = 0; i < s.seriesSweep.size(); ++i)
            table.addRow({s.seriesSweep[i], s.energy[i], s.absMagnetization[i], s.energyAverage[i],
                          s.absMagnetizationAverage[i]});
    }
    table.write(csv.toStdString());
    return {npy, csv};
}

void MonteCarloPage::describeRun(CsvTable& table, const MonteCarloParams& p)
{
    table.addHeader("program", "DualityLab " + QApplication::applicationVersion().toStdString());
    table.addHeader("model", "2D Ising, H = -t0 sum s_i s_j - t1 sum plaquettes - t2 sum diagonals, weight e^-H");
    table.addHeader("L", double(p.L));
    table.addHeader("beta (t0)", p.beta);
    table.addHeader("t1", p.t1);
    table.addHeader("t2", p.t2);
    table.addHeader("algorithm", toString(p.algo));
    table.addHeader("chains", double(p.chains));
    table.addHeader("start", toString(p.start));
    table.addHeader("thermalize", double(p.thermalize));
    table.addHeader("seed", double(p.seed));
}

QJsonObject MonteCarloPage::saveResults() const
{
    if (!m_shownScan || m_shownScan->rows.empty()) return {};
    return {{"scan", betaScanResultsJson(m_shownScan->params, m_shownScan->rows)}};
}

ExperimentPage::ShowResults MonteCarloPage::readResults(const QJsonObject& results)
{
    if (!results.contains("scan")) return {};
    if (!results.value("scan").isObject()) throw std::runtime_error("scan: must be an object");
    BetaScanResults r = readBetaScanResults(results.value("scan").toObject());
    auto s = std::make_shared<BetaScanSnapshot>();
    s->params = r.params;
    s->rows = std::move(r.rows);
    s->points = s->params.points();
    s->finished = s->rows.size() == s->points;
    const auto [lo, hi] = std::minmax_element(s->params.betas.begin(), s->params.betas.end());
    const double margin = 0.05 * (*hi - *lo); // the range BetaScanExperiment draws
    s->curves = std::make_shared<const BetaScanCurves>(betaScanCurves(s->params.sizes, *lo - margin, *hi + margin));
    return [this, s = std::shared_ptr<const BetaScanSnapshot>(std::move(s))] {
        m_restoredScan = s;
        m_shownScan = s;
        m_scanView->show(*s);
    };
}

QString MonteCarloPage::writeScan(const QString& directory) const
{
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory))
        throw std::runtime_error(("cannot create " + directory).toStdString());
    if (!m_shownScan) throw std::runtime_error("no β scan to export yet");
    const QString path = dir.filePath("scan.csv");
    betaScanTable(m_shownScan->params, m_shownScan->rows).write(path.toStdString());
    return path;
}

void MonteCarloPage::setPresentationScale(double scale)
{
    m_scanView->setPresentationScale(scale);
    m_energyChart->setPresentationScale(scale);
    m_magChart->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_readouts->setFont(f);
    m_lattice->setFont(f);
    m_lattice->setShowWalls(m_walls->isChecked());
}

} // namespace dlab::gui
