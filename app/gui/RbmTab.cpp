#include "RbmTab.hpp"

#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/Heatmap.hpp"

#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"

#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <set>

namespace dlab::gui {

using fieldtheory::RbmParams;
using fieldtheory::RbmSnapshot;

RbmTab::RbmTab(TabHost* host, QObject* parent) : QObject(parent), m_host(host)
{
    buildPanel();
    buildView();
    m_form->show(RbmParams{});
    updateVisibility();
}

void RbmTab::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* targetBox = new QGroupBox(tr("Target: what the RBM learns"));
    auto* targetForm = new QFormLayout(targetBox);
    auto* rbmBox = new QGroupBox(tr("RBM: cut-offs N_h and μ²"));
    auto* rbmForm = new QFormLayout(rbmBox);
    auto* trainBox = new QGroupBox(tr("Training"));
    auto* trainForm = new QFormLayout(trainBox);
    outer->addWidget(targetBox);
    outer->addWidget(rbmBox);
    outer->addWidget(trainBox);

    auto changed = [this](ApplyChange) {
        updateVisibility();
        m_host->requestReset(); // training takes a second: every change restarts it
    };
    m_form = std::make_unique<ParameterForm<RbmParams>>(targetForm, changed);
    auto& f = *m_form;
    using fieldtheory::RbmGradient;
    using fieldtheory::RbmTargetKind;
    f.choice(
        "target", tr("Target"), tr("A free scalar field on a periodic chain or torus, or a data set (.npy of samples)"),
        {{"chain", tr("free field, periodic chain")}, {"torus", tr("free field, 2D torus")}, {"data", tr("data set")}},
        [](const RbmParams& p) { return QString::fromStdString(toString(p.target)); },
        [](RbmParams& p, const QString& s) { p.target = fieldtheory::parseRbmTarget(s.toStdString()); });
    f.integer("sites", tr("Sites"), tr("Chain: N_v sites; torus: the side L (N_v = L²)"), &RbmParams::sites, 2,
              RbmParams::kMaxSites);
    f.real("m2", tr("m² (target)"), tr("Mass² of the free field: K^φ = −∇² + m²"), &RbmParams::m2, 0.01, 100.0, 3, 0.1);
    f.text("data", tr("Data file"), tr(".npy of samples [count, d] or [count, L, L]; the data are centred"),
           &RbmParams::dataPath);
    auto* browse = new QPushButton(tr("Choose data file…"));
    browse->setObjectName("rbmBrowse");
    targetForm->addRow(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(m_panel, tr("Data set"), QString(), tr("NumPy (*.npy)"));
        if (path.isEmpty()) return;
        RbmParams p = currentParams();
        p.dataPath = path.toStdString();
        p.target = RbmTargetKind::Data;
        m_form->show(p);
        updateVisibility();
        m_host->requestReset();
    });

    m_form->useLayout(rbmForm);
    m_form->integer("hidden", tr("N_h (hidden)"), tr("Hidden units: at most N_h modes of K can leave μ²"),
                    &RbmParams::hidden, 1, RbmParams::kMaxHidden);
    m_form->real("mu2", tr("μ² (RBM mass)"), tr("K = μ² − σ²WWᵀ: no eigenvalue of K can exceed μ²"), &RbmParams::mu2,
                 0.01, 1e4, 3, 0.1);
    m_form->flag("learnMu2", tr("learn μ² too"), tr("∂ℓ/∂μ² = ½ tr(K⁻¹ − C)"), &RbmParams::learnMu2);
    m_form->real("sigma", tr("σ (hidden)"), tr("Width of the hidden units' Gaussian"), &RbmParams::sigma, 0.01, 100.0,
                 3, 0.1);
    m_form->useLayout(trainForm);
    m_form->choice(
        "from", tr("Gradient"),
        tr("Kernel: the exact σ²(C − K⁻¹)W. Samples: mini-batches against persistent block-Gibbs chains"),
        {{"kernel", tr("from the known covariance")}, {"samples", tr("from samples (Gibbs chains)")}},
        [](const RbmParams& p) { return QString::fromStdString(toString(p.gradient)); },
        [](RbmParams& p, const QString& s) { p.gradient = fieldtheory::parseRbmGradient(s.toStdString()); });
    m_form->real("lr", tr("Learning rate"), tr("auto: 0.5 from the kernel, 0.1 from samples"), &RbmParams::learningRate,
                 0.0, 10.0, 4, 0.05);
    m_form->setSpecialValueText("lr", tr("auto"));
    m_form->real("momentum", tr("Momentum"), tr("Heavy-ball momentum"), &RbmParams::momentum, 0.0, 0.99, 3, 0.05);
    m_form->real("l2", tr("L2 decay"), tr("Weight decay on W"), &RbmParams::l2, 0.0, 1.0, 6, 1e-4);
    m_form->real("lrDecay", tr("Rate decay"), tr("Learning rate × this every 'decay every' epochs"),
                 &RbmParams::lrDecay, 0.01, 1.0, 3, 0.01);
    m_form->integer("decayEvery", tr("Decay every"), tr("Epochs (auto: 50 from the kernel, epochs/60 from samples)"),
                    &RbmParams::decayEvery, 0, 1000000);
    m_form->setSpecialValueText("decayEvery", tr("auto"));
    m_form->integer("batch", tr("Batch"), tr("Samples per mini-batch = persistent Gibbs chains"), &RbmParams::batch, 1,
                    100000);
    m_form->integer("gibbs", tr("Gibbs steps"), tr("Block-Gibbs sweeps of the chains per mini-batch"),
                    &RbmParams::gibbsSteps, 1, 1000);
    m_form->integer("samples", tr("Samples"), tr("Exact free-field samples drawn as the data set"),
                    &RbmParams::dataSamples, 2, 10000000);
    m_form->integer("epochs", tr("Epochs"), tr("Training stops after this many epochs"), &RbmParams::epochs, 1,
                    10000000);
}

void RbmTab::buildView()
{
    m_view = new QWidget;
    m_view->setAutoFillBackground(true);
    m_grid = new QGridLayout(m_view);
    m_history = new widgets::ChartPanel;
    m_grid->addWidget(m_history, 0, 0);

    m_spectrum = new widgets::ChartPanel;
    m_spectrum->setTitle(tr("Spectrum of K, ascending"));
    m_spectrum->setAxisTitles(tr("mode (ascending)"), tr("κ  [lattice units]"));
    m_exactLine = m_spectrum->addLine(tr("exact (target)"), QColor(0, 0, 0), 1.5, Qt::DashLine);
    m_learnedPoints = m_spectrum->addErrorBars(tr("RBM"), widgets::categoricalColor(1));
    m_mu2Ref = m_spectrum->addReferenceLine(tr("μ² (cut-off)"), widgets::categoricalColor(5), Qt::DotLine);
    m_grid->addWidget(m_spectrum, 0, 1);

    m_weights = new widgets::Heatmap;
    m_weights->setTitle(tr("Weights W (visible × hidden)"));
    m_weights->setColorBarLabel(tr("W_ia"));
    m_weights->setColorMap(widgets::ColorMap::Diverging);
    // The weights and the readout share the bottom-left cell (the heatmap
    // keeps square cells and leaves room beside it), so the inverse spectrum
    // gets the whole bottom-right cell: at 1280×720 in presentation mode a
    // readout under it left its plot too short for its labels.
    auto* left = new QHBoxLayout;
    left->addWidget(m_weights, 1);

    m_inverse = new widgets::ChartPanel;
    // Short y title; the units are in the chart's title.
    m_inverse->setTitle(tr("Inverse spectrum 1/κ [lattice units] (variances, descending)"));
    m_inverse->setAxisTitles(tr("mode (descending)"), tr("1/κ"));
    m_inverse->setLogY(true);
    m_inverseData = m_inverse->addLine(tr("target: eigenvalues of C"), QColor(0, 0, 0), 1.5, Qt::DashLine);
    m_inverseModel = m_inverse->addErrorBars(tr("RBM: 1/κ"), widgets::categoricalColor(1));
    m_grid->addWidget(m_inverse, 1, 1);
    m_readout = new QLabel;
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setFrameShape(QFrame::StyledPanel);
    m_readout->setMargin(4);
    m_readout->setWordWrap(true);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The readout wraps, so its height grows as the column narrows; at
    // 1280×720 in presentation mode it would push the window off-screen.
    // It scrolls instead.
    auto* readoutScroll = new QScrollArea;
    readoutScroll->setWidget(m_readout);
    readoutScroll->setWidgetResizable(true);
    readoutScroll->setFrameShape(QFrame::NoFrame);
    readoutScroll->setMinimumHeight(80);
    left->addWidget(readoutScroll, 1);
    m_grid->addLayout(left, 1, 0);
    // Equal rows: a log axis with one tick says little, the inverse spectrum
    // needs the height as much as the charts above it.
    m_grid->setRowStretch(0, 1);
    m_grid->setRowStretch(1, 1);
    for (QWidget* w : std::initializer_list<QWidget*>{m_history, m_spectrum, m_weights, m_inverse})
        widgets::FigureExporter::installContextMenu(w);
}

void RbmTab::updateVisibility()
{
    const RbmParams p = currentParams();
    const bool data = p.target == fieldtheory::RbmTargetKind::Data;
    const bool samples = p.gradient == fieldtheory::RbmGradient::Samples;
    m_form->setVisible("sites", !data);
    m_form->setVisible("m2", !data);
    m_form->setVisible("data", data);
    for (const char* k : {"batch", "gibbs"})
        m_form->setVisible(k, samples);
    m_form->setVisible("samples", samples && !data);
}

RbmParams RbmTab::currentParams() const
{
    RbmParams p = m_form->read(RbmParams{});
    p.epochsPerStep = m_epochsPerStep;
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> RbmTab::create(std::uint64_t seed)
{
    m_seed = seed;
    auto e = std::make_unique<fieldtheory::RbmExperiment>(currentParams());
    m_historyKey.clear();
    return e;
}

void RbmTab::setWorkPerStep(int n)
{
    m_epochsPerStep = std::clamp(n, 1, 100000);
    m_host->requestEdit([n = m_epochsPerStep](Experiment& e) {
        if (auto* x = dynamic_cast<fieldtheory::RbmExperiment*>(&e)) x->setEpochsPerStep(n);
    });
}

void RbmTab::rebuildHistoryChart(const RbmSnapshot& s)
{
    // Series cannot be removed from a chart: a new experiment gets a new chart.
    auto* chart = new widgets::ChartPanel;
    chart->setTitle(tr("Eigenvalues of K during training, one line per mode"));
    chart->setAxisTitles(tr("epoch"), tr("κ  [lattice units]"));
    m_modeLines.clear();
    const int n = int(s.trackedModes.size());
    for (int k = 0; k < n; ++k) {
        const QColor c = widgets::colorAt(widgets::ColorMap::Viridis, n > 1 ? 0.9 * k / (n - 1) : 0.0);
        m_modeLines.push_back(chart->addLine(tr("mode %1").arg(s.trackedModes[std::size_t(k)]), c, 1.4));
        chart->setLegendEntryVisible(m_modeLines.back(), false);
    }
    m_mu2Line = chart->addLine(tr("μ² (cut-off)"), widgets::categoricalColor(5), 2.0, Qt::DashLine);
    std::set<double> distinct;
    for (double e : s.exactSpectrum)
        if (std::isfinite(e)) distinct.insert(std::round(e * 1e6) / 1e6);
    if (distinct.size() <= 16) {
        bool first = true;
        for (double e : distinct) {
            const int id = chart->addReferenceLine(tr("exact κ (target)"), QColor(90, 90, 90), Qt::DotLine);
            chart->setReferenceValue(id, e);
            if (!first) chart->setLegendEntryVisible(id, false);
            first = false;
        }
    }
    chart->setPresentationScale(m_scale);
    widgets::FigureExporter::installContextMenu(chart);
    delete m_grid->replaceWidget(m_history, chart); // the returned layout item is ours to delete
    delete m_history;
    m_history = chart;
}

void RbmTab::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const RbmSnapshot>(snapshot);
    if (!s) return;
    const QString key = QString::fromStdString(s->targetDescription) + QString::number(s->trackedModes.size()) +
                        QString::number(s->params.seed) + QString::number(s->params.mu2);
    if (key != m_historyKey || (m_shown && s->epoch < m_shown->epoch)) {
        rebuildHistoryChart(*s);
        m_historyKey = key;
    }
    m_shown = s;
    for (std::size_t k = 0; k < m_modeLines.size() && k < s->historySpectrum.size(); ++k)
        m_history->setLineData(m_modeLines[k], s->historyEpoch, s->historySpectrum[k]);
    m_history->setLineData(m_mu2Line, s->historyEpoch, s->historyMu2);

    std::vector<double> index, zeros(s->spectrum.size(), 0.0), exactIndex, exact;
    for (std::size_t i = 0; i < s->spectrum.size(); ++i)
        index.push_back(double(i));
    for (std::size_t i = 0; i < s->exactSpectrum.size(); ++i)
        if (std::isfinite(s->exactSpectrum[i])) {
            exactIndex.push_back(double(i));
            exact.push_back(s->exactSpectrum[i]);
        }
    m_spectrum->setErrorBarData(m_learnedPoints, index, s->spectrum, zeros);
    m_spectrum->setLineData(m_exactLine, exactIndex, exact);
    m_spectrum->setReferenceValue(m_mu2Ref, s->mu2);

    std::vector<double> inverseIndex, inverse, modelInverse;
    for (std::size_t i = 0; i < s->inverseSpectrum.size(); ++i)
        if (s->inverseSpectrum[i] > 0) {
            inverseIndex.push_back(double(i));
            inverse.push_back(s->inverseSpectrum[i]);
        }
    for (double e : s->spectrum) // ascending κ: descending 1/κ
        modelInverse.push_back(1.0 / e);
    m_inverse->setLineData(m_inverseData, inverseIndex, inverse);
    m_inverse->setErrorBarData(m_inverseModel, index, modelInverse, zeros);

    if (s->weights) {
        const Eigen::MatrixXd& w = *s->weights;
        std::vector<double> values(std::size_t(w.size()));
        for (Eigen::Index i = 0; i < w.rows(); ++i)
            for (Eigen::Index a = 0; a < w.cols(); ++a)
                values[std::size_t(i * w.cols() + a)] = w(i, a);
        const double r = std::max(1e-12, w.cwiseAbs().maxCoeff());
        m_weights->setShowValues(w.rows() <= 12 && w.cols() <= 12);
        m_weights->setMatrix(int(w.rows()), int(w.cols()), std::move(values));
        m_weights->setRange(-r, r);
    }
    m_readout->setText(readoutText());
}

QString RbmTab::readoutText() const
{
    if (!m_shown) return {};
    const auto& s = *m_shown;
    QString t = "<table cellspacing='0' cellpadding='1'>";
    auto row = [&](const QString& a, const QString& b) { t += QString("<tr><td>%1</td><td>%2</td></tr>").arg(a, b); };
    row(tr("target"), QString::fromStdString(s.targetDescription).toHtmlEscaped());
    row(tr("epoch"), QString("%1 / %2").arg(s.epoch).arg(s.params.epochs));
    row(tr("μ²"), QString::number(s.mu2, 'f', 4) + (s.params.learnMu2 ? tr(" (learned)") : QString()));
    row(tr("log-likelihood per sample"), QString::number(s.logLikelihood, 'f', 5));
    row(tr("max relative error"), tr("%1 % over the %2 modes the RBM can represent")
                                      .arg(100 * s.maxRelativeError, 0, 'f', 3)
                                      .arg(s.representable));
    row(tr("eigenvalues at μ²"), QString::number(s.clamped));
    if (s.backoffs > 0) row(tr("steps halved to keep K > 0"), QString::number(s.backoffs));
    if (s.secondsToOnePercent >= 0) row(tr("time to 1 %"), tr("%1 s").arg(s.secondsToOnePercent, 0, 'f', 3));
    t += "</table>";
    return t;
}

QString RbmTab::status() const
{
    if (!m_shown) return {};
    return tr("epoch %1 of %2  ·  %3 s of training")
        .arg(m_shown->epoch)
        .arg(m_shown->params.epochs)
        .arg(m_shown->seconds, 0, 'f', 2);
}

QJsonObject RbmTab::save() const
{
    QJsonObject o = m_form->save(currentParams());
    o["epochsPerStep"] = m_epochsPerStep;
    return o;
}

void RbmTab::load(const QJsonObject& o)
{
    RbmParams p = m_form->load(o, currentParams());
    p.validate();
    m_form->show(p);
    if (o.contains("epochsPerStep")) m_epochsPerStep = std::clamp(o["epochsPerStep"].toInt(5), 1, 100000);
    updateVisibility();
}

void RbmTab::exportData(const QString& directory, ExperimentRunner&, ExportDone done)
{
    // Everything worth writing is in the shown snapshot, on the GUI thread.
    try {
        if (!m_shown) throw std::runtime_error("no RBM run to export yet");
        QDir dir(directory);
        if (!dir.exists() && !QDir().mkpath(directory))
            throw std::runtime_error(("cannot create " + directory).toStdString());
        const auto& s = *m_shown;
        // What defines the run, above both tables.
        auto describe = [&s](CsvTable& t) {
            t.addHeader("program", "DualityLab, Gaussian RBM learning a free field (field theory page)");
            t.addHeader("target", s.targetDescription);
            t.addHeader("target kind", fieldtheory::toString(s.params.target));
            t.addHeader("hidden units", s.params.hidden);
            t.addHeader("mu2", s.params.mu2);
            t.addHeader("mu2 learned", s.params.learnMu2 ? "yes" : "no");
            t.addHeader("gradient", fieldtheory::toString(s.params.gradient));
            t.addHeader("learning rate", s.params.effectiveLearningRate());
            t.addHeader("epochs", s.params.epochs);
            t.addHeader("seed", double(s.params.seed));
        };
        const QString history = dir.filePath("rbm_spectrum_history.csv");
        std::vector<std::string> columns{"epoch", "mu2", "log_likelihood"};
        for (int m : s.trackedModes)
            columns.push_back("mode_" + std::to_string(m));
        CsvTable h(columns);
        describe(h);
        for (std::size_t r = 0; r < s.historyEpoch.size(); ++r) {
            std::vector<double> row{s.historyEpoch[r], s.historyMu2[r], s.historyLogLikelihood[r]};
            for (const auto& mode : s.historySpectrum)
                row.push_back(mode[r]);
            h.addRow(std::move(row));
        }
        h.write(history.toStdString());
        const QString spectrum = dir.filePath("rbm_spectrum.csv");
        CsvTable sp({"mode", "learned", "exact", "target_variance"});
        describe(sp);
        for (std::size_t i = 0; i < s.spectrum.size(); ++i)
            sp.addRow({double(i), s.spectrum[i], s.exactSpectrum[i], s.inverseSpectrum[i]});
        sp.write(spectrum.toStdString());
        QStringList files{history, spectrum};
        if (s.weights) {
            const QString npy = dir.filePath("rbm_weights.npy");
            const Eigen::MatrixXd& w = *s.weights;
            std::vector<double> rowMajor(std::size_t(w.size()));
            for (Eigen::Index i = 0; i < w.rows(); ++i)
                for (Eigen::Index a = 0; a < w.cols(); ++a)
                    rowMajor[std::size_t(i * w.cols() + a)] = w(i, a);
            writeNpyFloat64(npy.toStdString(), {std::size_t(w.rows()), std::size_t(w.cols())}, rowMajor);
            files << npy;
        }
        done(files, {});
    } catch (const std::exception& e) {
        done({}, QString::fromUtf8(e.what()));
    }
}

void RbmTab::setPresentationScale(double scale)
{
    m_scale = scale;
    for (auto* c : {m_history, m_spectrum, m_inverse})
        c->setPresentationScale(scale);
    m_weights->setPresentationScale(scale);
    QFont f = m_readout->font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_readout->setFont(f);
}

} // namespace dlab::gui
