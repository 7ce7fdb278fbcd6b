#include "DualityPage.hpp"

#include "BackgroundJob.hpp"
#include "DualityContinuationPanel.hpp"
#include "engine/experiments/duality/DualityPathExperiment.hpp"
#include "engine/experiments/duality/DualitySweepExperiment.hpp"

#include "DualityPlot.hpp"
#include "LinkNeighbourhoodDrawing.hpp"
#include "PlaquettePlot.hpp"

#include "PresentationFonts.hpp"
#include "SessionFields.hpp"
#include "SessionResults.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/experiments/duality/DualityReport.hpp"
#include "engine/io/CsvTable.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/Heatmap.hpp"
#include "widgets/LatticeView.hpp"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <optional>

namespace dlab::gui {
namespace {
// Below this page height the priors paragraph lives in the verdict's tooltip
// (at 1920×1080 the page is ≈ 950 px high and shows it inline).
constexpr int kFullPriorsMinHeight = 850;

// Heatmap rows: the attention history binned into this many training-step rows.
constexpr int kAttentionColumns = 30;

QString learnText(const std::array<bool, 3>& m)
{
    QStringList parts;
    for (int k = 0; k < 3; ++k)
        if (m[std::size_t(k)]) parts << QString("t%1").arg(k);
    return parts.join(",");
}

} // namespace

DualityPage::DualityPage(QWidget* parent) : ExperimentPage(parent)
{
    buildPanel();
    buildViews();
    DualityLearnerParams defaults;
    setControls(defaults);
}

DualityPage::~DualityPage() = default; // the sweep job cancels within one cancellation check

void DualityPage::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* dataBox = new QGroupBox(tr("Data: the original model"));
    auto* form = new QFormLayout(dataBox);
    m_L = new QSpinBox;
    m_L->setRange(3, 256);
    m_L->setKeyboardTracking(false);
    m_L->setToolTip(tr("Linear size of the L×L torus (data and model)"));
    form->addRow(tr("L"), m_L);
    m_beta = new QDoubleSpinBox;
    m_beta->setRange(0.01, 3.0);
    m_beta->setDecimals(4);
    m_beta->setSingleStep(0.01);
    m_beta->setKeyboardTracking(false);
    m_beta->setToolTip(tr("Inverse temperature β of the data"));
    form->addRow(tr("β"), m_beta);
    m_kappa = new QDoubleSpinBox;
    m_kappa->setRange(-5, 5);
    m_kappa->setDecimals(4);
    m_kappa->setSingleStep(0.05);
    m_kappa->setKeyboardTracking(false);
    m_kappa->setToolTip(tr("Plaquette coupling κ of the data (0 = plain Ising model)"));
    form->addRow(tr("κ (plaquette)"), m_kappa);
    m_betaInfo = new QLabel;
    m_betaInfo->setWordWrap(true);
    form->addRow(QString(), m_betaInfo);
    outer->addWidget(dataBox);

    auto* learner = new QGroupBox(tr("Learner"));
    auto* lf = new QFormLayout(learner);
    m_learn = new QComboBox;
    m_learn->addItem(tr("t0 (nearest neighbour)"), "t0");
    m_learn->addItem(tr("t0, t1 (plaquette)"), "t0,t1");
    m_learn->addItem(tr("t0, t1, t2 (diagonal)"), "t0,t1,t2");
    m_learn->setToolTip(tr("Which couplings of H_t are learned"));
    lf->addRow(tr("Learn"), m_learn);
    m_init = new QComboBox;
    m_init->addItem(tr("default (t0 = 0.3, θ2 = 0, θ3 = 0.5)"), "default");
    m_init->addItem(tr("neutral (random signs)"), "neutral");
    m_init->setToolTip(tr("Where the learner starts. Neutral: t0 ~ U[−0.5, 0.5], θ2 and θ3 with random signs and "
                          "magnitudes ~ U[0.1, 1], θ1 random; each draw is the best of 8 by the learner's own "
                          "loss at the start; nothing of the expected dual is built in"));
    lf->addRow(tr("Start"), m_init);
    m_gumbel = new QComboBox;
    m_gumbel->addItem(tr("none (plain softmax)"), gumbelNoiseName(GumbelNoise::Off));
    m_gumbel->addItem(tr("Gumbel, one draw for all links"), gumbelNoiseName(GumbelNoise::Shared));
    m_gumbel->addItem(tr("Gumbel, one draw per link (experimental)"), gumbelNoiseName(GumbelNoise::PerLink));
    m_gumbel->setToolTip(tr("Noise on the attention logits, w = softmax((θ1 + g)/τ), τ = 0.5: one draw of seven "
                            "Gumbel numbers per step shared by every link, or one draw per link, per chain, per "
                            "step (the penalties then act on softmax(θ1/τ)). None by default."));
    lf->addRow(tr("Attention noise"), m_gumbel);
    m_penalty = new QCheckBox(tr("Penalise the identity (slot 6)"));
    m_penalty->setToolTip(tr("Without it the learner may settle on the trivial solution: the original model itself "
                             "or its antiferromagnetic image"));
    lf->addRow(m_penalty);
    m_maxSteps = new QSpinBox;
    m_maxSteps->setRange(10, 10'000'000);
    m_maxSteps->setSingleStep(1000);
    m_maxSteps->setKeyboardTracking(false);
    m_maxSteps->setToolTip(tr("Optimiser steps at most (the schedule usually stops earlier)"));
    lf->addRow(tr("Max steps"), m_maxSteps);
    auto* seedNote = new QLabel(tr("Seed: the run controls' seed."));
    seedNote->setWordWrap(true);
    lf->addRow(seedNote);
    outer->addWidget(learner);

    auto* sweep = new QGroupBox(tr("Sweep over β (and κ)"));
    auto* sf = new QFormLayout(sweep);
    m_sweepBetas = new QLineEdit;
    m_sweepBetas->setToolTip(tr("start:stop:step or a comma-separated list"));
    sf->addRow(tr("β list"), m_sweepBetas);
    m_sweepKappas = new QLineEdit(QStringLiteral("0"));
    m_sweepKappas->setToolTip(tr("Plaquette couplings of the data: start:stop:step or a comma-separated list. "
                                 "κ = 0 runs go on the β ↔ β̃ plot; with any κ ≠ 0 the learner also fits t1 and "
                                 "the (β, κ) → (t0, t1) tab shows the result."));
    sf->addRow(tr("κ list"), m_sweepKappas);
    m_sweepSeeds = new QSpinBox;
    m_sweepSeeds->setRange(1, 100);
    sf->addRow(tr("Seeds per β"), m_sweepSeeds);
    m_sweepSteps = new QSpinBox;
    m_sweepSteps->setRange(10, 10'000'000);
    m_sweepSteps->setSingleStep(1000);
    m_sweepSteps->setToolTip(tr("Max optimiser steps per run"));
    sf->addRow(tr("Max steps"), m_sweepSteps);
    m_sweepButton = new QPushButton(tr("Run sweep"));
    sf->addRow(m_sweepButton);
    m_sweepProgress = new QProgressBar;
    m_sweepProgress->setRange(0, 1);
    m_sweepProgress->setValue(0);
    sf->addRow(m_sweepProgress);
    m_sweepStatus = new QLabel;
    m_sweepStatus->setWordWrap(true);
    sf->addRow(m_sweepStatus);
    outer->addWidget(sweep);
    m_continuation = new DualityContinuationPanel([this] { return currentParams(); });
    outer->addWidget(m_continuation);
    outer->addStretch(1);

    m_L->setObjectName("L");
    m_beta->setObjectName("beta");
    m_kappa->setObjectName("kappa");
    m_learn->setObjectName("learn");
    m_init->setObjectName("init");
    m_gumbel->setObjectName("gumbel");
    m_penalty->setObjectName("identityPenalty");
    m_sweepButton->setObjectName("runSweep");
    m_sweepBetas->setObjectName("sweepBetas");
    m_sweepKappas->setObjectName("sweepKappas");

    for (auto* box : {m_beta, m_kappa})
        connect(box, &QDoubleSpinBox::valueChanged, this, &DualityPage::requestReset);
    for (auto* box : {m_L, m_maxSteps})
        connect(box, &QSpinBox::valueChanged, this, &DualityPage::requestReset);
    connect(m_learn, &QComboBox::currentIndexChanged, this, &DualityPage::requestReset);
    connect(m_init, &QComboBox::currentIndexChanged, this, &DualityPage::requestReset);
    connect(m_gumbel, &QComboBox::currentIndexChanged, this, &DualityPage::requestReset);
    connect(m_penalty, &QCheckBox::toggled, this, &DualityPage::requestReset);
    connect(m_sweepButton, &QPushButton::clicked, this, [this] {
        if (sweepRunning())
            cancelSweep();
        else if (confirmLargeSweep())
            startSweep();
    });
    connect(m_continuation, &DualityContinuationPanel::started, this,
            [this] { m_tabs->setCurrentWidget(m_sweepChart); });
    connect(m_continuation, &DualityContinuationPanel::pathChanged, this,
            [this] { m_sweepPlot->setPath(m_continuation->plotPoints()); });
    connect(m_continuation, &DualityContinuationPanel::errorMessage, this, &DualityPage::errorMessage);
    m_sweepJob = new BackgroundJob(this);
    connect(m_sweepJob, &BackgroundJob::snapshot, this, &DualityPage::onSweepSnapshot);
    connect(m_sweepJob, &BackgroundJob::finished, this, &DualityPage::onSweepDone);
}

void DualityPage::buildViews()
{
    m_tabs = new QTabWidget(this);
    m_training = new QWidget;
    m_training->setWindowTitle(tr("DualityLab – Kramers–Wannier duality"));
    m_training->setAutoFillBackground(true);
    auto* grid = new QGridLayout(m_training);

    m_model = new widgets::LatticeView;
    m_model->setMinimumSize(160, 160);
    m_data = new widgets::LatticeView;
    m_data->setMinimumSize(160, 160);
    auto* lattices = new QVBoxLayout;
    lattices->addWidget(m_model, 1);
    lattices->addWidget(m_data, 1);
    grid->addLayout(lattices, 0, 0, 2, 1);

    m_lossChart = new widgets::ChartPanel;
    m_lossChart->setTitle(tr("Loss"));
    m_lossChart->setAxisTitles(tr("optimiser step"), tr("loss L = Σ_a l_a²"));
    m_lossChart->setLogY(true);
    m_loss = m_lossChart->addLine(tr("loss"), widgets::categoricalColor(0), 1.2);
    m_lossChart->setLegendVisible(false);
    grid->addWidget(m_lossChart, 0, 1);

    m_tChart = new widgets::ChartPanel;
    m_tChart->setTitle(tr("Couplings t of H_t"));
    m_tChart->setAxisTitles(tr("optimiser step"), tr("t  [1/J]"));
    for (int k = 0; k < 3; ++k)
        m_t[k] = m_tChart->addLine(QString("t%1").arg(k), widgets::categoricalColor(k == 0 ? 0 : 3 + k), 1.8);
    m_refDual = m_tChart->addReferenceLine(tr("β̃"), widgets::categoricalColor(1), Qt::DashLine);
    m_refMinusDual = m_tChart->addReferenceLine(tr("−β̃"), widgets::categoricalColor(1), Qt::DotLine);
    m_refBeta = m_tChart->addReferenceLine(tr("β"), QColor(120, 120, 120), Qt::DashLine);
    m_refMinusBeta = m_tChart->addReferenceLine(tr("−β"), QColor(120, 120, 120), Qt::DotLine);
    grid->addWidget(m_tChart, 0, 2);

    m_thetaChart = new widgets::ChartPanel;
    m_thetaChart->setTitle(tr("Observable O = θ2·Σ w_k δ_k + θ3"));
    m_thetaChart->setAxisTitles(tr("optimiser step"), tr("θ2, θ3  [1]"));
    m_theta2 = m_thetaChart->addLine(tr("θ2"), widgets::categoricalColor(2), 1.8);
    m_theta3 = m_thetaChart->addLine(tr("θ3"), widgets::categoricalColor(5), 1.8);
    m_refTheta2Dual = m_thetaChart->addReferenceLine(tr("−sinh 2β̃"), widgets::categoricalColor(2));
    m_refTheta2Af = m_thetaChart->addReferenceLine(tr("+sinh 2β̃"), widgets::categoricalColor(2), Qt::DotLine);
    m_refTheta3 = m_thetaChart->addReferenceLine(tr("cosh 2β̃"), widgets::categoricalColor(5));
    grid->addWidget(m_thetaChart, 1, 1);

    m_entropyChart = new widgets::ChartPanel;
    m_entropyChart->setTitle(tr("Attention entropy"));
    m_entropyChart->setAxisTitles(tr("optimiser step"), tr("−Σ w ln w"));
    m_entropy = m_entropyChart->addLine(tr("entropy"), widgets::categoricalColor(6), 1.5);
    m_refEntropyMax = m_entropyChart->addReferenceLine(tr("ln 7 (undecided)"), QColor(120, 120, 120));
    m_entropyChart->setReferenceValue(m_refEntropyMax, std::log(7.0));
    grid->addWidget(m_entropyChart, 1, 2);

    m_attention = new widgets::Heatmap;
    m_attention->setTitle(tr("Attention w_k over training"));
    m_attention->setColorBarLabel(tr("weight w_k"));
    m_attention->setRange(0, 1);
    m_attention->setShowValues(false);
    m_attention->setRowLabels({tr("k = 0"), tr("1"), tr("2"), tr("3"), tr("4"), tr("5"), tr("6 (l itself)")});
    m_attention->setMinimumSize(300, 160);
    grid->addWidget(m_attention, 2, 0, 1, 2);

    m_drawing = new LinkNeighbourhoodDrawing;
    grid->addWidget(m_drawing, 2, 2);
    m_trainingGrid = grid;

    m_verdict = new QLabel;
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_verdict->setFrameShape(QFrame::StyledPanel);
    m_verdict->setMargin(8);
    m_verdict->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setObjectName("verdict");
    grid->addWidget(m_verdict, 3, 0, 1, 3);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 5);
    grid->setColumnStretch(2, 5);
    grid->setRowStretch(0, 5);
    grid->setRowStretch(1, 5);
    grid->setRowStretch(2, 4);

    m_sweepChart = new widgets::ChartPanel;
    m_sweepChart->setWindowTitle(tr("DualityLab – β ↔ β̃ duality plot"));
    m_sweepPlot = std::make_unique<figures::DualityPlot>(m_sweepChart);

    m_tabs->addTab(m_training, tr("Training"));
    m_tabs->addTab(m_sweepChart, tr("β ↔ β̃ sweep"));
    m_plaquettePlot = new figures::PlaquettePlot;
    m_tabs->addTab(m_plaquettePlot, tr("(β, κ) → (t0, t1) sweep"));
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_model, m_data, m_lossChart, m_tChart, m_thetaChart, m_entropyChart,
                                         m_attention, m_drawing, m_sweepChart, m_plaquettePlot})
        widgets::FigureExporter::installContextMenu(w);

    auto* pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_tabs);
}

QWidget* DualityPage::figureWidget() { return m_tabs->currentWidget(); }

void DualityPage::setControls(const DualityLearnerParams& p)
{
    m_loading = true;
    m_L->setValue(p.L);
    m_beta->setValue(p.beta);
    m_kappa->setValue(p.kappa);
    m_learn->setCurrentIndex(std::max(0, m_learn->findData(learnText(p.learn))));
    m_init->setCurrentIndex(p.init == DualityInit::Neutral ? 1 : 0);
    m_gumbel->setCurrentIndex(std::max(0, m_gumbel->findData(gumbelNoiseName(p.gumbel))));
    m_penalty->setChecked(p.identityPenalty > 0);
    m_maxSteps->setValue(p.maxSteps);
    if (m_sweepBetas->text().isEmpty()) {
        m_sweepBetas->setText("0.1:0.4:0.05");
        m_sweepSeeds->setValue(2);
        m_sweepSteps->setValue(4000);
    }
    m_loading = false;
    updateBetaInfo();
}

void DualityPage::updateBetaInfo()
{
    // The closed-form dual exists only for the plain Ising model (κ = 0).
    const double beta = m_beta->value();
    m_betaInfo->setText(m_kappa->value() == 0 ? tr("Kramers–Wannier dual β̃ = %1\n(β_c = %2)")
                                                    .arg(exact::kramersWannierDual(beta), 0, 'f', 4)
                                                    .arg(exact::criticalBeta(), 0, 'f', 4)
                                              : tr("κ ≠ 0: no closed-form dual is known"));
}

void DualityPage::requestReset()
{
    if (m_loading) return;
    updateBetaInfo();
    Q_EMIT resetRequested();
}

DualityLearnerParams DualityPage::currentParams() const
{
    DualityLearnerParams p;
    p.L = m_L->value();
    p.beta = m_beta->value();
    p.kappa = m_kappa->value();
    p.learn = parseLearnMask(m_learn->currentData().toString().toStdString());
    if (!m_penalty->isChecked()) p.identityPenalty = 0;
    p.init = m_init->currentData().toString() == "neutral" ? DualityInit::Neutral : DualityInit::Default;
    p.gumbel = gumbelNoiseFromName(m_gumbel->currentData().toString().toStdString()).value_or(GumbelNoise::Off);
    p.maxSteps = m_maxSteps->value();
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> DualityPage::createExperiment(std::uint64_t seed)
{
    m_seed = seed;
    const DualityLearnerParams p = currentParams();
    p.validate();
    auto e = std::make_unique<DualityExperiment>(p, m_stepsPerFrame);
    // A restored run stays on screen (marked as restored) until the new run
    // has taken a step: switching pages after opening a session must not lose it.
    if (!m_restored) m_shown.reset();
    Q_EMIT errorMessage(QString());
    return e;
}

void DualityPage::setWorkPerStep(int n)
{
    // Takes effect at the next reset: a running learner keeps its pace.
    m_stepsPerFrame = std::clamp(n, 1, 1000);
}

void DualityPage::showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const DualitySnapshot>(snapshot);
    if (!s) return;
    // A restored run stays while the runner's new run is still preparing.
    if (m_restored && s->preparing) return;
    m_restored = false;
    m_shown = s;
    const int L = s->L;
    if (int(s->modelLattice.size()) == L * L) m_model->setValues(s->modelLattice.data(), L, L);
    m_model->setTitle(tr("Model H_t, chain 0 (%1×%1)").arg(L));
    const int dl = int(std::lround(std::sqrt(double(s->dataLattice.size()))));
    if (dl > 0 && dl * dl == int(s->dataLattice.size())) m_data->setValues(s->dataLattice.data(), dl, dl);
    m_data->setTitle(tr("Data at β = %1 (%2×%2)").arg(s->beta, 0, 'g', 4).arg(dl));
    if (s->modelLattice.empty() && s->dataLattice.empty() && !s->preparing) {
        // A run restored from a session keeps its learned values, not its lattices.
        m_model->setTitle(tr("Model H_t (%1×%1): not kept in sessions").arg(L));
        m_data->setTitle(tr("Data at β = %1: not kept in sessions").arg(s->beta, 0, 'g', 4));
    }

    const auto& x = s->historySteps;
    m_lossChart->setLineData(m_loss, x, s->loss);
    for (int k = 0; k < 3; ++k)
        if (s->learned[std::size_t(k)] || k == 0)
            m_tChart->setLineData(m_t[k], x, s->t[std::size_t(k)]);
        else
            m_tChart->setLineData(m_t[k], nullptr, nullptr, 0);
    const bool dualKnown = s->betaDual > 0 && s->kappa == 0;
    m_tChart->setReferenceValue(m_refBeta, s->beta);
    m_tChart->setReferenceValue(m_refMinusBeta, -s->beta);
    m_tChart->setReferenceValue(m_refDual, dualKnown ? s->betaDual : NAN);
    m_tChart->setReferenceValue(m_refMinusDual, dualKnown ? -s->betaDual : NAN);
    m_thetaChart->setLineData(m_theta2, x, s->theta2);
    m_thetaChart->setLineData(m_theta3, x, s->theta3);
    m_thetaChart->setReferenceValue(m_refTheta2Dual, dualKnown ? s->theta2Dual : NAN);
    m_thetaChart->setReferenceValue(m_refTheta2Af, dualKnown ? -s->theta2Dual : NAN);
    m_thetaChart->setReferenceValue(m_refTheta3, dualKnown ? s->theta3Dual : NAN);
    m_entropyChart->setLineData(m_entropy, x, s->entropy);

    // Attention history binned into ≤ kAttentionColumns training-step columns
    // (mean over each bin), one row per candidate link.
    const int n = int(s->attention.size());
    if (n > 0) {
        const int cols = std::min(n, kAttentionColumns);
        std::vector<double> values(std::size_t(cols) * 7, 0.0);
        for (int c = 0; c < cols; ++c) {
            const int begin = int(std::int64_t(c) * n / cols), end = int(std::int64_t(c + 1) * n / cols);
            for (int i = begin; i < end; ++i)
                for (int k = 0; k < 7; ++k)
                    values[std::size_t(k * cols + c)] += s->attention[std::size_t(i)][std::size_t(k)] / (end - begin);
        }
        m_attention->setMatrix(7, cols, std::move(values));
        m_attention->setTitle(
            tr("Attention w_k over training: step 0 → %1").arg(x.empty() ? 0.0 : x.back(), 0, 'f', 0));
    }
    m_drawing->setWeights(s->attentionNow);
    int best = 0;
    for (int k = 1; k < 7; ++k)
        if (s->attentionNow[std::size_t(k)] > s->attentionNow[std::size_t(best)]) best = k;
    m_drawing->setSelectedSlot(n > 0 ? best : -1);
    m_verdict->setText(verdictText());
}

void DualityPage::resizeEvent(QResizeEvent* event)
{
    ExperimentPage::resizeEvent(event);
    if (m_shown) m_verdict->setText(verdictText()); // the priors inline or in the tooltip
}

QString DualityPage::verdictText() const
{
    if (!m_shown) return {};
    const auto& s = *m_shown;
    if (s.preparing) return tr("<b>%1</b>").arg(QString::fromStdString(s.verdict).toHtmlEscaped());
    const long long step = s.historySteps.empty() ? 0 : (long long)s.historySteps.back();
    QString state = s.finished ? (s.converged ? tr("finished (converged)") : tr("finished (step limit)"))
                               : tr("learning… step %1").arg(step);
    QString text;
    if (m_restored)
        text = tr("<b>Restored from the saved session</b> (seed %1, not re-run; β̃ recomputed): ")
                   .arg(qulonglong(m_restoredSeed));
    text += tr("<b>%1</b><br>").arg(QString::fromStdString(s.verdict).toHtmlEscaped());
    text += tr("frame: <b>%1</b> · %2<br>").arg(QString::fromUtf8(frameName(s.frame)), state);
    if (s.kappa == 0)
        text += tr("t0 = %1 (β = %2, β̃ = %3)<br>θ2 = %4, θ3 = %5 (dual: %6, %7)")
                    .arg(s.tNow.t0, 0, 'f', 4)
                    .arg(s.beta, 0, 'f', 4)
                    .arg(s.betaDual, 0, 'f', 4)
                    .arg(s.theta2Now, 0, 'f', 3)
                    .arg(s.theta3Now, 0, 'f', 3)
                    .arg(s.theta2Dual, 0, 'f', 3)
                    .arg(s.theta3Dual, 0, 'f', 3);
    else
        text += tr("t0 = %1 (β = %2; no exact dual for κ ≠ 0)<br>θ2 = %3, θ3 = %4")
                    .arg(s.tNow.t0, 0, 'f', 4)
                    .arg(s.beta, 0, 'f', 4)
                    .arg(s.theta2Now, 0, 'f', 3)
                    .arg(s.theta3Now, 0, 'f', 3);
    if (s.learned[1]) text += tr("<br>t1 = %1 (κ = %2)").arg(s.tNow.t1, 0, 'f', 4).arg(s.kappa, 0, 'f', 4);
    // In presentation mode, or on a page too short for a five-line
    // paragraph beside the charts, the priors go into the tooltip: inline
    // they squeezed the small charts' axes to "…" at 1280×720.
    if (m_attentionTab || height() < kFullPriorsMinHeight) {
        m_verdict->setToolTip(aboutThisRun(s));
        text += tr("<br><i>About this run: hover here for every prior the learner is given; nothing exact "
                   "steers it.</i>");
    } else {
        m_verdict->setToolTip({});
        text += "<br>" + aboutThisRun(s);
    }
    return text;
}

QString DualityPage::aboutThisRun(const DualitySnapshot& s) const
{
    return tr("<i>About this run — given: the mirrored 7-link frame, 13 link-shape features, the identity "
              "penalty on slot 6 (doubling while the attention rests there), an attention-entropy penalty "
              "(doubling while it is undecided), the plateau schedule (waits for any slot with w ≥ 0.9), "
              "restarts from a neutral draw when still undecided after 600 steps, when a 200-step window "
              "shows a stall (undecided entropy falling by less than 0.1, or a decided misfit neither fitting nor "
              "falling 30 %) or when a plateau fails the fit test without its misfit falling (window misfit "
              "more than two errors above 4× the sampling noise of its own loss, the noise capped at 1 % of "
              "the data's Σ D²; a first failure halves the rates), at most 12 times; each neutral "
              "draw the best of 8 by its starting loss, on ¼ of the chains until decided; attention noise: %3; and "
              "the start: %1 (%2 restarts so far). Continue to β: each stage starts from the previous stage's learned "
              "values at ¼ of the rates and, once converged, moves t0 to the minimum of its own loss profiled over t0 "
              "(θ2, θ3 refitted at each t0 from one long run of its chains, reweighted; the attention held on "
              "its decided slot). β̃ is drawn for "
              "comparison only; nothing exact steers the run.</i>")
        .arg(s.neutralStart ? tr("neutral, t0 ~ U[−0.5, 0.5], θ2, θ3 = ±U[0.1, 1]")
                            : tr("default, t0 = 0.3, θ2 = 0, θ3 = 0.5"))
        .arg(s.result.restarts)
        .arg(s.gumbel == GumbelNoise::Off ? tr("none")
             : s.gumbel == GumbelNoise::Shared
                 ? tr("Gumbel, one draw for all links, τ = %1").arg(s.tau)
                 : tr("Gumbel, one draw per link, per chain, per step, τ = %1").arg(s.tau));
}

QString DualityPage::statusText() const
{
    if (!m_shown) return {};
    const long long step = m_shown->historySteps.empty() ? 0 : (long long)m_shown->historySteps.back();
    return (m_restored ? tr("restored: step %1 · loss %2 · %3") : tr("step %1 · loss %2 · %3"))
        .arg(step)
        .arg(m_shown->loss.empty() ? NAN : m_shown->loss.back(), 0, 'g', 3)
        .arg(QString::fromUtf8(frameName(m_shown->frame)));
}

QJsonObject DualityPage::saveParameters() const
{
    const DualityLearnerParams p = currentParams();
    QJsonObject o{{"L", p.L},
                  {"beta", p.beta},
                  {"kappa", p.kappa},
                  {"learn", learnText(p.learn)},
                  {"init", p.init == DualityInit::Neutral ? "neutral" : "default"},
                  {"identityPenalty", m_penalty->isChecked()},
                  {"maxSteps", p.maxSteps},
                  {"sweepBetas", m_sweepBetas->text()},
                  {"sweepKappas", m_sweepKappas->text()},
                  {"sweepSeeds", m_sweepSeeds->value()},
                  {"sweepSteps", m_sweepSteps->value()},
                  {"pathTo", m_continuation->target()},
                  {"pathStep", m_continuation->stepSize()}};
    // Only when on: sessions saved without noise stay as they were.
    if (p.gumbel != GumbelNoise::Off) o["gumbel"] = gumbelNoiseName(p.gumbel);
    return o;
}

void DualityPage::loadParameters(const QJsonObject& o)
{
    DualityLearnerParams p = currentParams();
    const SessionFields f(o);
    p.L = f.integer("L", p.L);
    p.beta = f.number("beta", p.beta);
    p.kappa = f.number("kappa", p.kappa);
    p.maxSteps = f.integer("maxSteps", p.maxSteps);
    if (o.contains("learn")) p.learn = parseLearnMask(o["learn"].toString().toStdString());
    if (o.contains("init")) {
        const QString init = o["init"].toString();
        if (init != "neutral" && init != "default")
            throw ParameterError("init", "unknown start '" + init.toStdString() + "' (allowed: default, neutral)");
        p.init = init == "neutral" ? DualityInit::Neutral : DualityInit::Default;
    }
    if (o.contains("gumbel")) {
        const std::string name = o["gumbel"].toString().toStdString();
        const auto gumbel = gumbelNoiseFromName(name);
        if (!gumbel)
            throw ParameterError("gumbel", "unknown Gumbel noise '" + name + "' (allowed: off, shared, per-link)");
        p.gumbel = *gumbel;
    } else {
        p.gumbel = GumbelNoise::Off;
    }
    p.identityPenalty =
        f.boolean("identityPenalty", m_penalty->isChecked()) ? DualityLearnerParams{}.identityPenalty : 0.0;
    p.validate();
    const int seeds = f.integer("sweepSeeds", m_sweepSeeds->value());
    const int steps = f.integer("sweepSteps", m_sweepSteps->value());
    const double pathTo = f.number("pathTo", m_continuation->target());
    const double pathStep = f.number("pathStep", m_continuation->stepSize());
    continuationBetas(p.beta, pathTo, pathStep); // names the field if the path is bad
    if (o.contains("sweepBetas")) parseBetaList(o["sweepBetas"].toString().toStdString());
    if (o.contains("sweepKappas")) parseValueList(o["sweepKappas"].toString().toStdString(), "sweepKappas");
    setControls(p);
    if (o.contains("sweepBetas")) m_sweepBetas->setText(o["sweepBetas"].toString());
    if (o.contains("sweepKappas")) m_sweepKappas->setText(o["sweepKappas"].toString());
    m_sweepSeeds->setValue(seeds);
    m_sweepSteps->setValue(steps);
    m_continuation->setTarget(pathTo);
    m_continuation->setStepSize(pathStep);
}

QStringList DualityPage::exportData(const QString& directory, ExperimentRunner&)
{
    QStringList files;
    if (m_shown) {
        const QString path = QDir(directory).filePath("duality_history.csv");
        const auto& s = *m_shown;
        CsvTable table({"step", "loss", "t0", "t1", "t2", "theta2", "theta3", "w0", "w1", "w2", "w3", "w4", "w5", "w6",
                        "entropy"});
        table.addHeader("program", "DualityLab, Kramers-Wannier duality learner");
        table.addHeader("model",
                        s.kappa != 0 ? "2D Ising with plaquette coupling kappa" : "2D Ising, nearest neighbour");
        table.addHeader("L", s.L);
        table.addHeader("beta", s.beta);
        table.addHeader("kappa", s.kappa);
        table.addHeader("beta dual (exact, for reference)", s.betaDual);
        table.addHeader("learned", std::string(s.learned[0] ? "t0 " : "") + (s.learned[1] ? "t1 " : "") +
                                       (s.learned[2] ? "t2" : ""));
        table.addHeader("start", s.neutralStart ? "neutral" : "default");
        table.addHeader("seed", double(m_seed));
        for (std::size_t i = 0; i < s.historySteps.size(); ++i) {
            std::vector<double> row{s.historySteps[i],
                                    s.loss[i],
                                    s.t[0][i],
                                    i < s.t[1].size() ? s.t[1][i] : 0.0,
                                    i < s.t[2].size() ? s.t[2][i] : 0.0,
                                    s.theta2[i],
                                    s.theta3[i]};
            for (double w : s.attention[i])
                row.push_back(w);
            row.push_back(s.entropy[i]);
            table.addRow(std::move(row));
        }
        table.write(path.toStdString());
        files << path;
    }
    if (!m_sweepRows.empty()) {
        const QString path = QDir(directory).filePath("sweep.csv");
        writeSweepCsv(path.toStdString(), m_sweepRows, m_sweepHeader);
        files << path;
    }
    if (!m_continuation->stages().empty()) {
        const QString path = QDir(directory).filePath("path.csv");
        m_continuation->writeCsv(path);
        files << path;
    }
    return files;
}

void DualityPage::reflow(bool presentation)
{
    // At projector sizes five charts, two lattices and the attention row do
    // not fit one screen: the attention heatmap and the link drawing get a
    // tab of their own, right after Training.
    if (presentation == (m_attentionTab != nullptr)) return;
    if (presentation) {
        m_trainingGrid->removeWidget(m_attention);
        m_trainingGrid->removeWidget(m_drawing);
        m_trainingGrid->setRowStretch(2, 0);
        m_attentionTab = new QWidget;
        auto* row = new QHBoxLayout(m_attentionTab);
        row->addWidget(m_attention, 2);
        row->addWidget(m_drawing, 1);
        m_tabs->insertTab(1, m_attentionTab, tr("Attention"));
    } else {
        m_tabs->removeTab(m_tabs->indexOf(m_attentionTab));
        m_trainingGrid->addWidget(m_attention, 2, 0, 1, 2);
        m_trainingGrid->addWidget(m_drawing, 2, 2);
        m_trainingGrid->setRowStretch(2, 4);
        delete m_attentionTab;
        m_attentionTab = nullptr;
    }
}

void DualityPage::setPresentationScale(double scale)
{
    reflow(scale > 1.0);
    for (auto* c : {m_lossChart, m_tChart, m_thetaChart, m_entropyChart, m_sweepChart})
        c->setPresentationScale(scale);
    m_plaquettePlot->setPresentationScale(scale);
    m_attention->setPresentationScale(scale);
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_verdict->setFont(f);
    m_drawing->setFont(f);
    m_model->setFont(f); // the lattices' captions
    m_data->setFont(f);
    scaleTabBars(this, scale);
}

DualitySweepParams DualityPage::sweepParams() const
{
    DualitySweepParams p;
    p.base = currentParams();
    p.base.maxSteps = m_sweepSteps->value();
    p.betas = parseBetaList(m_sweepBetas->text().toStdString());
    p.kappas = parseValueList(m_sweepKappas->text().toStdString(), "kappas");
    p.seeds = m_sweepSeeds->value();
    p.firstSeed = m_seed;
    p = withImpliedLearning(p); // κ ≠ 0 learns t1 too
    p.validate();
    return p;
}

bool DualityPage::confirmLargeSweep()
{
    DualitySweepParams p;
    try {
        p = sweepParams();
    } catch (const std::exception&) {
        return true; // startSweep() reports the bad input
    }
    const std::size_t runs = p.betas.size() * p.kappaList().size() * std::size_t(p.seeds);
    if (runs < kLargeSweepRuns) return true;
    // Pace of the last sweep on this machine when there was one, else a
    // measured rule of thumb: ≈ 3 s for an 8×8 run of 1400 steps on 2 cores,
    // growing with L² and with the step budget.
    double perRun = m_lastSecondsPerRun;
    if (!(perRun > 0)) perRun = 3.0 * (double(p.base.L) * p.base.L / 64.0) * std::min(1.0, p.base.maxSteps / 1400.0);
    const double total = perRun * double(runs);
    const QString estimate =
        total < 5400 ? tr("%1 min").arg(std::ceil(total / 60)) : tr("%1 h").arg(total / 3600, 0, 'f', 1);
    return QMessageBox::question(this, tr("Large sweep"),
                                 tr("This sweep has %1 runs and would take about %2 on this machine. Start it?")
                                     .arg(runs)
                                     .arg(estimate)) == QMessageBox::Yes;
}

bool DualityPage::startSweep()
{
    if (sweepRunning()) return false;
    DualitySweepParams p;
    try {
        p = sweepParams();
    } catch (const std::exception& e) {
        m_sweepStatus->setText(QString::fromUtf8(e.what()));
        Q_EMIT errorMessage(QString::fromUtf8(e.what()));
        return false;
    }
    m_sweepRows.clear();
    m_sweepHeader = sweepCsvHeaderLines(p);
    m_sweepTotal = int(p.betas.size() * p.kappaList().size()) * p.seeds;
    m_sweepProgress->setRange(0, m_sweepTotal);
    m_sweepProgress->setValue(0);
    m_sweepStatus->setText(tr("running %1 runs (L = %2)…").arg(m_sweepTotal).arg(p.base.L));
    m_sweepButton->setText(tr("Cancel sweep"));
    const auto kappas = p.kappaList();
    const bool plaquette = std::any_of(kappas.begin(), kappas.end(), [](double k) { return k != 0.0; });
    m_tabs->setCurrentWidget(plaquette ? static_cast<QWidget*>(m_plaquettePlot) : m_sweepChart);
    m_sweepJob->start(std::make_unique<DualitySweepExperiment>(p));
    return true;
}

void DualityPage::onSweepSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const DualitySweepSnapshot>(snapshot);
    if (!s) return;
    // Only finished runs are plotted; a new sweep replaces the old plot with
    // its first finished runs, not with empty or half-learned ones.
    if (s->rows.size() != m_sweepRows.size()) {
        m_sweepRows = s->rows;
        showSweepRows();
    }
    m_sweepProgress->setValue(int(s->rows.size()));
    if (!s->finished) {
        QString text = tr("%1 of %2 runs done (%3 s)").arg(s->rows.size()).arg(s->runs).arg(s->seconds, 0, 'f', 1);
        if (s->secondsLeft() > 0) text += tr(", about %1 s left").arg(std::ceil(s->secondsLeft()));
        m_sweepStatus->setText(text + "…");
    }
}

void DualityPage::onSweepDone(const std::shared_ptr<const ExperimentSnapshot>& last, bool cancelled,
                              const QString& error)
{
    onSweepSnapshot(last);
    auto s = std::dynamic_pointer_cast<const DualitySweepSnapshot>(last);
    const std::size_t done = s ? s->rows.size() : 0, runs = s ? s->runs : std::size_t(m_sweepTotal);
    const double seconds = s ? s->seconds : 0;
    const int dual = s ? s->dualFrames : 0;
    if (done > 0) m_lastSecondsPerRun = seconds / double(done);
    if (!error.isEmpty()) {
        m_sweepStatus->setText(tr("sweep stopped after %1 of %2 runs: %3").arg(done).arg(runs).arg(error));
        Q_EMIT errorMessage(m_sweepStatus->text());
    } else if (cancelled) {
        m_sweepStatus->setText(tr("Cancelled after %1 of %2 runs (%3 s), %4 in a dual frame; only finished runs "
                                  "are plotted.")
                                   .arg(done)
                                   .arg(runs)
                                   .arg(seconds, 0, 'f', 1)
                                   .arg(dual));
    } else {
        m_sweepProgress->setValue(m_sweepProgress->maximum());
        m_sweepStatus->setText(tr("%1 runs in %2 s, %3 in a dual frame.").arg(done).arg(seconds, 0, 'f', 1).arg(dual));
    }
    m_sweepButton->setText(tr("Run sweep"));
    Q_EMIT sweepFinished();
}

QJsonObject DualityPage::saveResults() const
{
    QJsonObject r;
    // The learner run once it has taken a step (a preparing run has learned nothing).
    if (m_shown && !m_shown->preparing && m_shown->result.steps > 0)
        r["run"] = dualityRunResultsJson(*m_shown, m_restored ? m_restoredSeed : m_seed);
    if (!m_sweepRows.empty()) r["sweep"] = dualitySweepResultsJson(m_sweepRows);
    const std::vector<DualitySweepRow> path = m_continuation->rows();
    if (!path.empty()) r["path"] = dualitySweepResultsJson(path);
    return r;
}

ExperimentPage::ShowResults DualityPage::readResults(const QJsonObject& results)
{
    std::optional<DualityRunResults> run;
    if (results.contains("run")) run = readDualityRunResults(results.value("run"));
    std::optional<std::vector<DualitySweepRow>> rows;
    if (results.contains("sweep")) rows = readDualitySweepResults(results.value("sweep"));
    std::optional<std::vector<DualitySweepRow>> path;
    if (results.contains("path")) path = readDualitySweepResults(results.value("path"), "path");
    if (!run && !rows && !path) return {};
    return [this, run = std::move(run), rows = std::move(rows), path = std::move(path)] {
        if (path) m_continuation->restoreRows(*path);
        if (run) {
            showSnapshot(run->snapshot);
            m_restored = true;
            m_restoredSeed = run->seed;
            m_verdict->setText(verdictText());
        }
        if (!rows) return;
        if (m_sweepJob->running()) return; // a running sweep owns the plots
        m_sweepRows = *rows;
        m_sweepHeader = {{"source", "a saved session (the sweep's settings are not kept)"}};
        m_sweepTotal = int(rows->size());
        showSweepRows();
        m_sweepProgress->setMaximum(std::max(1, m_sweepTotal));
        m_sweepProgress->setValue(m_sweepTotal);
        m_sweepStatus->setText(tr("%n run(s) from the saved session.", nullptr, m_sweepTotal));
    };
}

void DualityPage::showSweepRows()
{
    m_sweepPlot->setRows(m_sweepRows);
    m_plaquettePlot->setRows(m_sweepRows);
}

bool DualityPage::sweepRunning() const { return m_sweepJob->running(); }

QString DualityPage::sweepStatus() const { return m_sweepStatus->text(); }

void DualityPage::cancelSweep()
{
    m_sweepStatus->setText(tr("cancelling…"));
    m_sweepJob->cancel();
}

} // namespace dlab::gui
