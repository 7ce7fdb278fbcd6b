#include "MonteCarloPage.hpp"

#include "SessionFields.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/io/Npy.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/models/BlockSpins.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

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
#include <QMetaObject>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QTextStream>
#include <QToolButton>
#include <QVBoxLayout>
#include <cmath>

namespace dlab::gui {
namespace {

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

QDoubleSpinBox* couplingBox(double lo, double hi)
{
    auto* b = new QDoubleSpinBox;
    b->setRange(lo, hi);
    b->setDecimals(6);
    b->setSingleStep(0.01);
    b->setKeyboardTracking(false);
    return b;
}

} // namespace

MonteCarloPage::MonteCarloPage(QWidget* parent) : ExperimentPage(parent)
{
    buildPanel();
    buildViews();
    setControls(MonteCarloParams{});
}

void MonteCarloPage::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* model = new QGroupBox(tr("Model"));
    auto* form = new QFormLayout(model);
    m_betaSlider = new QSlider(Qt::Horizontal);
    m_betaSlider->setRange(0, kSliderSteps);
    m_betaSlider->setToolTip(tr("Inverse temperature β on a log scale (0.05 … 2)"));
    m_beta = couplingBox(-20, 20);
    m_beta->setDecimals(8); // β_c = 0.44068679… must not round into the ordered phase
    m_beta->setToolTip(tr("Exact value of β = J/kT"));
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
    m_t1 = couplingBox(-20, 20);
    m_t1->setToolTip(tr("Plaquette coupling t1 (four-spin term); Metropolis only"));
    form->addRow(tr("t1 (plaquette)"), m_t1);
    m_t2 = couplingBox(-20, 20);
    m_t2->setToolTip(tr("Diagonal next-nearest-neighbour coupling t2; Metropolis only"));
    form->addRow(tr("t2 (diagonal)"), m_t2);
    m_L = new QSpinBox;
    m_L->setRange(2, 2048);
    m_L->setKeyboardTracking(false);
    m_L->setToolTip(tr("Linear size of the L×L torus (restarts the run)"));
    form->addRow(tr("L"), m_L);
    m_algo = new QComboBox;
    m_algo->addItem(tr("Metropolis"), "metropolis");
    m_algo->addItem(tr("Wolff cluster"), "wolff");
    m_algo->addItem(tr("Swendsen–Wang"), "sw");
    m_algo->setToolTip(tr("Cluster algorithms need t1 = t2 = 0"));
    form->addRow(tr("Algorithm"), m_algo);
    m_chains = new QSpinBox;
    m_chains->setRange(1, 64);
    m_chains->setKeyboardTracking(false);
    m_chains->setToolTip(tr("Independent Markov chains (run in parallel; restarts the run)"));
    form->addRow(tr("Chains"), m_chains);
    m_thermalize = new QSpinBox;
    m_thermalize->setRange(0, 1000000);
    m_thermalize->setKeyboardTracking(false);
    m_thermalize->setSuffix(tr(" sweeps"));
    m_thermalize->setToolTip(tr("Sweeps left out of the averages after a start or a change of couplings"));
    form->addRow(tr("Thermalise"), m_thermalize);
    outer->addWidget(model);

    auto* view = new QGroupBox(tr("View"));
    auto* vf = new QFormLayout(view);
    m_colorMap = new QComboBox;
    m_colorMap->addItem(tr("blue / red (diverging)"), "diverging");
    m_colorMap->addItem(tr("viridis"), "viridis");
    m_colorMap->addItem(tr("cividis"), "cividis");
    vf->addRow(tr("Colours"), m_colorMap);
    m_walls = new QCheckBox(tr("Domain walls (dual lattice)"));
    m_bonds = new QCheckBox(tr("Bonds σ = s_i s_j (frustrated in yellow)"));
    vf->addRow(m_walls);
    vf->addRow(m_bonds);
    outer->addWidget(view);

    auto* tsne = new QGroupBox(tr("t-SNE of configurations"));
    auto* tf = new QVBoxLayout(tsne);
    m_albumInfo = new QLabel;
    m_albumInfo->setWordWrap(true);
    m_albumInfo->setToolTip(tr("Every %1 sweeps after thermalisation the chains' configurations are recorded, "
                               "grouped by couplings (up to the last %2 of each, fewer on large lattices; at most %3 "
                               "groups). Move β through the "
                               "phases, then embed them all: each β is one colour.")
                                .arg(MonteCarloExperiment::kAlbumEvery)
                                .arg(ConfigurationAlbum::kDefaultPerGroup)
                                .arg(ConfigurationAlbum::kDefaultMaxGroups));
    tf->addWidget(m_albumInfo);
    m_embed = new QPushButton(tr("Embed on the Symmetries page"));
    m_embed->setToolTip(tr("t-SNE of the recorded configurations, coloured by β"));
    tf->addWidget(m_embed);
    outer->addWidget(tsne);
    connect(m_embed, &QPushButton::clicked, this, &ExperimentPage::embedRequested);
    m_embed->setObjectName("embedConfigurations");

    // Names for tests and accessibility tools.
    m_betaSlider->setObjectName("betaSlider");
    m_beta->setObjectName("beta");
    m_t1->setObjectName("t1");
    m_t2->setObjectName("t2");
    m_L->setObjectName("L");
    m_algo->setObjectName("algo");
    m_chains->setObjectName("chains");
    m_thermalize->setObjectName("thermalize");

    connect(m_betaSlider, &QSlider::valueChanged, this, &MonteCarloPage::onBetaSlider);
    connect(m_beta, &QDoubleSpinBox::valueChanged, this, &MonteCarloPage::onBetaTyped);
    connect(critical, &QToolButton::clicked, this, [this] { m_beta->setValue(exact::criticalBeta()); });
    for (auto* box : {m_t1, m_t2})
        connect(box, &QDoubleSpinBox::valueChanged, this, &MonteCarloPage::onLiveParameterChanged);
    connect(m_algo, &QComboBox::currentIndexChanged, this, &MonteCarloPage::onLiveParameterChanged);
    connect(m_thermalize, &QSpinBox::valueChanged, this, &MonteCarloPage::onLiveParameterChanged);
    for (auto* box : {m_L, m_chains})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!m_loading) Q_EMIT resetRequested();
        });
    connect(m_colorMap, &QComboBox::currentIndexChanged, this,
            [this] { m_lattice->setColorMap(widgets::colorMapFromString(m_colorMap->currentData().toString())); });
    connect(m_walls, &QCheckBox::toggled, this, [this](bool on) { m_lattice->setShowWalls(on); });
    connect(m_bonds, &QCheckBox::toggled, this, [this](bool on) { m_lattice->setShowBonds(on); });
}

void MonteCarloPage::buildViews()
{
    m_figure = new QWidget(this);
    m_figure->setWindowTitle(tr("DualityLab – Monte Carlo"));
    m_figure->setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(m_figure);
    m_lattice = new widgets::LatticeView;
    m_lattice->setMinimumSize(280, 280);
    layout->addWidget(m_lattice, 5);

    auto* right = new QVBoxLayout;
    m_energyChart = new widgets::ChartPanel;
    m_energyChart->setTitle(tr("Energy per site (chain 0)"));
    m_energyChart->setAxisTitles(tr("Monte Carlo time t [sweeps]"), tr("E/N  [J]"));
    m_eLine = m_energyChart->addLine(tr("E/N"), widgets::categoricalColor(0), 1.0);
    m_eAvg = m_energyChart->addLine(tr("running average"), widgets::categoricalColor(5), 2.2);
    m_eKaufman = m_energyChart->addReferenceLine(tr("exact, this L (Kaufman)"), QColor(0, 0, 0), Qt::DashLine);
    m_eOnsager = m_energyChart->addReferenceLine(tr("L → ∞ (Onsager)"), QColor(120, 120, 120), Qt::DotLine);
    right->addWidget(m_energyChart, 1);

    m_magChart = new widgets::ChartPanel;
    m_magChart->setTitle(tr("Magnetisation per site (chain 0)"));
    m_magChart->setAxisTitles(tr("Monte Carlo time t [sweeps]"), tr("|m| = |Σ s| / N"));
    m_mLine = m_magChart->addLine(tr("|m|"), widgets::categoricalColor(2), 1.0);
    m_mAvg = m_magChart->addLine(tr("running average"), widgets::categoricalColor(5), 2.2);
    m_mOnsager = m_magChart->addReferenceLine(tr("spontaneous |m|, L → ∞ (Onsager)"), QColor(0, 0, 0), Qt::DashLine);
    right->addWidget(m_magChart, 1);

    m_readouts = new QLabel;
    m_readouts->setTextFormat(Qt::RichText);
    m_readouts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readouts->setFrameShape(QFrame::StyledPanel);
    m_readouts->setMargin(6);
    right->addWidget(m_readouts);
    layout->addLayout(right, 6);

    for (QWidget* w : std::initializer_list<QWidget*>{m_lattice, m_energyChart, m_magChart})
        widgets::FigureExporter::installContextMenu(w);

    auto* pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_figure);
}

void MonteCarloPage::setControls(const MonteCarloParams& p)
{
    m_loading = true;
    m_beta->setValue(p.beta);
    m_betaSlider->setValue(sliderFromBeta(p.beta));
    m_t1->setValue(p.t1);
    m_t2->setValue(p.t2);
    m_L->setValue(p.L);
    m_algo->setCurrentIndex(m_algo->findData(QString::fromStdString(toString(p.algo))));
    m_chains->setValue(p.chains);
    m_thermalize->setValue(p.thermalize);
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
    p.sweepsPerStep = m_sweepsPerStep;
    p.thermalize = m_thermalize->value();
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> MonteCarloPage::createExperiment(std::uint64_t seed)
{
    m_seed = seed;
    auto e = std::make_unique<MonteCarloExperiment>(currentParams());
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
    if (m_loading) return;
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
    m_lattice->setTitle(tr("Spins, chain 0, %1×%1 torus, t = %2").arg(L).arg(s->sweeps));
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
        m_albumInfo->setText(tr("recorded: %1 configurations at %2 coupling %3")
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
    if (!m_shown) return {};
    return tr("%1 sweeps/s (engine capacity %2 sweeps/s)  ·  t = %3 sweeps")
        .arg(m_actualRate, 0, 'f', 0)
        .arg(m_shown->sweepsPerSecond, 0, 'f', 0)
        .arg(m_shown->sweeps);
}

QJsonObject MonteCarloPage::saveParameters() const
{
    const MonteCarloParams p = currentParams();
    return QJsonObject{{"L", p.L},
                       {"beta", p.beta},
                       {"t1", p.t1},
                       {"t2", p.t2},
                       {"algo", QString::fromStdString(toString(p.algo))},
                       {"chains", p.chains},
                       {"sweepsPerStep", p.sweepsPerStep},
                       {"thermalize", p.thermalize},
                       {"colorMap", m_colorMap->currentData().toString()},
                       {"showWalls", m_walls->isChecked()},
                       {"showBonds", m_bonds->isChecked()}};
}

void MonteCarloPage::loadParameters(const QJsonObject& o)
{
    MonteCarloParams p = currentParams();
    const SessionFields f(o);
    p.L = f.integer("L", p.L);
    p.beta = f.number("beta", p.beta);
    p.t1 = f.number("t1", p.t1);
    p.t2 = f.number("t2", p.t2);
    if (o.contains("algo")) {
        if (!o["algo"].isString()) throw ParameterError("algo", "must be a string (metropolis, wolff, sw)");
        p.algo = parseMcAlgorithm(o["algo"].toString().toStdString());
    }
    p.chains = f.integer("chains", p.chains);
    p.sweepsPerStep = f.integer("sweepsPerStep", p.sweepsPerStep);
    p.thermalize = f.integer("thermalize", p.thermalize);
    p.validate();
    if (p.L > m_L->maximum())
        throw ParameterError("L", QString("the GUI shows L up to %1").arg(m_L->maximum()).toStdString());
    if (p.chains > m_chains->maximum())
        throw ParameterError("chains", QString("the GUI runs up to %1 chains").arg(m_chains->maximum()).toStdString());
    setControls(p);
    m_loading = true;
    const int cm = m_colorMap->findData(o.value("colorMap").toString("diverging"));
    m_colorMap->setCurrentIndex(cm >= 0 ? cm : 0);
    m_walls->setChecked(o.value("showWalls").toBool(false));
    m_bonds->setChecked(o.value("showBonds").toBool(false));
    m_loading = false;
}

void MonteCarloPage::exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done)
{
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
        auto data = std::make_shared<EmbedData>();
        QString error, name = tr("Monte Carlo configurations");
        if (auto* mc = dynamic_cast<const MonteCarloExperiment*>(&e)) {
            const ConfigurationAlbum& album = mc->album();
            // Beyond 64×64, b×b block spins: the phases stay apart in t-SNE
            // while the points stay small (3200 points × 4096 values ≈ 100 MB).
            const int L = album.L(), n = std::min(L, kEmbedSide);
            const BlockSpins blocks(L, n);
            data->points.resize(Eigen::Index(album.size()), blocks.blocks());
            Eigen::Index row = 0;
            for (std::size_t g = 0; g < album.groups().size(); ++g) {
                const auto& group = album.groups()[g];
                QString name = QStringLiteral("β = %1").arg(group.t.t0, 0, 'g', 4);
                if (group.t.t1 != 0.0) name += QStringLiteral(", t1 = %1").arg(group.t.t1, 0, 'g', 4);
                if (group.t.t2 != 0.0) name += QStringLiteral(", t2 = %1").arg(group.t.t2, 0, 'g', 4);
                data->classNames << name;
                std::vector<double> averaged(std::size_t(blocks.blocks()));
                for (const auto& config : group.configurations) {
                    blocks.average(config.data(), averaged.data());
                    data->points.row(row) = Eigen::Map<const Eigen::RowVectorXd>(averaged.data(), blocks.blocks());
                    data->labels.push_back(int(g));
                    ++row;
                }
            }
            if (n < L) name = tr("Monte Carlo configurations (%1×%1, as %2×%2 block spins)").arg(L).arg(n);
            if (row < 2) error = tr("record some configurations first (let the chains run past thermalisation)");
        } else {
            error = tr("the Monte Carlo run is no longer current: nothing to embed");
        }
        QMetaObject::invokeMethod(
            this, [name, data, error, done] { done(name, error.isEmpty() ? data : nullptr, error); },
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
    QFile f(csv);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        throw std::runtime_error(("cannot write " + csv).toStdString());
    QTextStream out(&f);
    out << "sweep,energy_per_site,abs_magnetization,energy_running_average,abs_magnetization_running_average\n";
    if (m_shown) {
        const auto& s = *m_shown;
        for (std::size_t i = 0; i < s.seriesSweep.size(); ++i)
            out << qint64(s.seriesSweep[i]) << ',' << QString::number(s.energy[i], 'g', 12) << ','
                << QString::number(s.absMagnetization[i], 'g', 12) << ','
                << QString::number(s.energyAverage[i], 'g', 12) << ','
                << QString::number(s.absMagnetizationAverage[i], 'g', 12) << '\n';
    }
    return {npy, csv};
}

void MonteCarloPage::setPresentationScale(double scale)
{
    m_energyChart->setPresentationScale(scale);
    m_magChart->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_readouts->setFont(f);
    m_lattice->setFont(f);
    m_lattice->setShowWalls(m_walls->isChecked());
}

} // namespace dlab::gui
