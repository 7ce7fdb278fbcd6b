#include "DiffusionTab.hpp"

#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"

#include <QDir>
#include <QFileDialog>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace dlab::gui {

using fieldtheory::DiffusionParams;
using fieldtheory::DiffusionPhase;
using fieldtheory::DiffusionSnapshot;

namespace {
constexpr int kStripFrames = 7;
}

DiffusionTab::DiffusionTab(TabHost* host, QObject* parent) : QObject(parent), m_host(host)
{
    buildPanel();
    buildView();
    m_form->show(DiffusionParams{});
}

void DiffusionTab::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* dataBox = new QGroupBox(tr("Data: φ⁴ configurations"));
    auto* dataForm = new QFormLayout(dataBox);
    auto* netBox = new QGroupBox(tr("Score network and training"));
    auto* netForm = new QFormLayout(netBox);
    auto* sampleBox = new QGroupBox(tr("Sampling"));
    auto* sampleForm = new QFormLayout(sampleBox);
    outer->addWidget(dataBox);
    outer->addWidget(netBox);
    outer->addWidget(sampleBox);

    m_form =
        std::make_unique<ParameterForm<DiffusionParams>>(dataForm, [this](ApplyChange) { m_host->requestReset(); });
    auto& f = *m_form;
    f.integer("L", tr("L"), tr("Linear size of the torus"), &DiffusionParams::L, 2, DiffusionParams::kMaxL);
    f.real("kappa", tr("κ"), tr("Hopping parameter of the HMC data (and of the exact Langevin drift)"),
           &DiffusionParams::kappa, -2.0, 2.0, 4, 0.01);
    f.real("lambda", tr("λ"), tr("Quartic coupling"), &DiffusionParams::lambda, 0.0, 10.0, 4, 0.001);
    f.integer("trainSize", tr("Training set"), tr("HMC configurations to learn from"), &DiffusionParams::trainSize, 64,
              1000000);
    f.integer("hmcEvery", tr("HMC spacing"), tr("Trajectories between kept configurations"), &DiffusionParams::hmcEvery,
              1, 100000);
    f.text("train", tr("Training file"),
           tr("Optional .npy [count, L, L] instead of HMC (e.g. from phi4 --save-configs)"),
           &DiffusionParams::trainPath);
    auto* browse = new QPushButton(tr("Choose training file…"));
    browse->setObjectName("diffusionBrowse");
    dataForm->addRow(browse);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(m_panel, tr("Training configurations"), QString(), tr("NumPy (*.npy)"));
        if (path.isEmpty()) return;
        DiffusionParams p = currentParams();
        p.trainPath = path.toStdString();
        m_form->show(p);
        m_host->requestReset();
    });
    f.useLayout(netForm);
    f.integer("channels", tr("Channels"), tr("Width of the periodic CNN"), &DiffusionParams::channels, 1, 256);
    f.integer("layers", tr("Convolutions"), tr("3×3 periodic convolutions, ≥ 2"), &DiffusionParams::layers, 2, 16);
    f.integer("epochs", tr("Epochs"), tr("Passes over the training set"), &DiffusionParams::epochs, 1, 100000);
    f.integer("batch", tr("Batch"), tr("Configurations per Adam step"), &DiffusionParams::batch, 1, 4096);
    f.real("lr", tr("Learning rate"), tr("Adam; decays to a tenth over the epochs"), &DiffusionParams::learningRate,
           1e-6, 1.0, 5, 5e-4);
    f.real("zeroModeWeight", tr("Zero-mode weight"),
           tr("Extra weight of the magnetisation mode in the loss (it is 1 of V modes otherwise)"),
           &DiffusionParams::zeroModeWeight, 0.0, 1e4, 1, 1.0);
    f.useLayout(sampleForm);
    f.integer("samples", tr("Generated"), tr("Configurations to generate (the HMC test set has as many)"),
              &DiffusionParams::samples, 16, 1000000);
    f.choice(
        "sampler", tr("Reverse process"),
        tr("Euler–Maruyama for the reverse SDE, or Heun for the probability-flow ODE"),
        {{"sde", tr("reverse SDE")}, {"ode", tr("probability-flow ODE")}},
        [](const DiffusionParams& p) { return QString::fromStdString(toString(p.sampler)); },
        [](DiffusionParams& p, const QString& s) { p.sampler = fieldtheory::parseReverseSampler(s.toStdString()); });
    f.integer("steps", tr("Reverse steps"), tr("Time steps from t = 1 to t_min"), &DiffusionParams::reverseSteps, 1,
              100000);
    f.integer("langevinSteps", tr("Langevin steps"), tr("Stochastic quantisation with the exact drift (0: skip)"),
              &DiffusionParams::langevinSteps, 0, 10000000);
    f.real("langevinEpsilon", tr("Langevin ε"), tr("Step of the exact-drift Langevin comparison"),
           &DiffusionParams::langevinEpsilon, 1e-5, 1.0, 4, 0.005);
}

void DiffusionTab::buildView()
{
    m_view = new QWidget;
    m_view->setAutoFillBackground(true);
    auto* outer = new QVBoxLayout(m_view);
    auto* top = new QHBoxLayout;
    m_phase = new QLabel;
    m_progress = new QProgressBar;
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    top->addWidget(m_phase, 2);
    top->addWidget(m_progress, 1);
    outer->addLayout(top);

    auto* strip = new QGroupBox(tr("Denoising: one configuration from noise (t = 1) to field (t → 0)"));
    auto* sl = new QHBoxLayout(strip);
    for (int k = 0; k < kStripFrames; ++k) {
        auto* v = new widgets::LatticeView;
        v->setColorMap(widgets::ColorMap::Diverging);
        v->setMinimumSize(90, 90);
        m_strip.push_back(v);
        sl->addWidget(v);
    }
    outer->addWidget(strip, 2);

    auto* grid = new QGridLayout;
    m_loss = new widgets::ChartPanel;
    m_loss->setTitle(tr("Denoising score-matching loss"));
    m_loss->setAxisTitles(tr("epoch"), tr("loss per site"));
    m_trainLoss = m_loss->addLine(tr("training (mean over the epoch)"), widgets::categoricalColor(0), 2.0);
    m_testLoss = m_loss->addLine(tr("test (fixed noise, averaged weights)"), widgets::categoricalColor(1), 2.0);
    grid->addWidget(m_loss, 0, 0);
    m_histograms = new widgets::ChartPanel;
    m_histograms->setTitle(tr("Histograms of M"));
    m_histograms->setAxisTitles(tr("M = Σφ / V"), tr("density p(M)"));
    const QString names[] = {tr("HMC training"), tr("HMC test"), tr("diffusion model"), tr("Langevin, exact drift")};
    for (int k = 0; k < 4; ++k)
        m_histLines.push_back(m_histograms->addLine(names[k], widgets::categoricalColor(k), k == 2 ? 2.4 : 1.5,
                                                    k == 3 ? Qt::DashLine : Qt::SolidLine));
    grid->addWidget(m_histograms, 0, 1);
    outer->addLayout(grid, 4);
    m_table = new QLabel;
    m_table->setTextFormat(Qt::RichText);
    m_table->setFrameShape(QFrame::StyledPanel);
    m_table->setMargin(4);
    m_table->setTextInteractionFlags(Qt::TextSelectableByMouse);
    outer->addWidget(m_table);
    for (QWidget* w : std::initializer_list<QWidget*>{m_loss, m_histograms})
        widgets::FigureExporter::installContextMenu(w);
}

DiffusionParams DiffusionTab::currentParams() const
{
    DiffusionParams p = m_form->read(DiffusionParams{});
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> DiffusionTab::create(std::uint64_t seed)
{
    m_seed = seed;
    m_shown.reset();
    return std::make_unique<fieldtheory::DiffusionExperiment>(currentParams());
}

void DiffusionTab::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const DiffusionSnapshot>(snapshot);
    if (!s) return;
    m_shown = s;
    static const char* phaseText[] = {"1/4 HMC data", "2/4 training the score network", "3/4 generating",
                                      "4/4 exact-drift Langevin", "done"};
    QString phase =
        tr("Phase %1 — epoch %2 of %3").arg(tr(phaseText[int(s->phase)])).arg(s->epoch).arg(s->params.epochs);
    // σ_max is chosen from the training data when training starts: say so (docs/experiments/fieldtheory.md).
    if (s->params.sigmaMax > 0) phase += tr(" · σ_max = %1").arg(s->params.sigmaMax, 0, 'g', 3);
    m_phase->setText(phase);
    m_progress->setValue(int(1000 * s->progress));
    std::vector<double> epochs;
    for (std::size_t e = 0; e < s->trainLoss.size(); ++e)
        epochs.push_back(double(e + 1));
    m_loss->setLineData(m_trainLoss, epochs, s->trainLoss);
    m_loss->setLineData(m_testLoss, epochs, s->testLoss);
    const int L = s->params.L;
    double range = 1e-6;
    if (!s->strip.empty())
        for (double v : s->strip.back())
            range = std::max(range, std::abs(v));
    for (int k = 0; k < kStripFrames; ++k) {
        auto* v = m_strip[std::size_t(k)];
        if (std::size_t(k) < s->strip.size()) {
            // Noise is large early on: every frame on the final field's scale (clipped), so structure shows.
            v->setValues(s->strip[std::size_t(k)], L, L, -range, range);
            v->setTitle(tr("t = %1").arg(s->stripTimes[std::size_t(k)], 0, 'g', 2));
        } else {
            v->setValues(std::vector<double>(std::size_t(L * L), 0.0), L, L, -1, 1);
            v->setTitle(QString());
        }
    }
    for (std::size_t k = 0; k < m_histLines.size(); ++k) {
        if (k < s->sets.size())
            m_histograms->setLineData(m_histLines[k], s->sets[k].histogram.centres, s->sets[k].histogram.density);
    }
    m_table->setText(tableText());
}

QString DiffusionTab::tableText() const
{
    if (!m_shown) return {};
    const auto& s = *m_shown;
    QString t = tr("<table cellspacing='0' cellpadding='2'><tr><th align='left'>set</th><th>n</th><th>⟨M⟩</th>"
                   "<th>⟨|M|⟩</th><th>χ2</th><th>V(⟨M²⟩−⟨|M|⟩²)</th><th>U_L</th><th>⟨φ²⟩</th></tr>");
    for (const auto& set : s.sets) {
        const auto& e = set.estimates;
        t +=
            QString("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td><td>%8</td></tr>")
                .arg(QString::fromStdString(set.name).toHtmlEscaped())
                .arg(set.count)
                .arg(withError(e.m.mean, e.m.error), withError(e.absM.mean, e.absM.error),
                     withError(e.chi2.mean, e.chi2.error), withError(e.chi2Abs.mean, e.chi2Abs.error),
                     withError(e.binder.mean, e.binder.error), withError(e.phiSquared.mean, e.phiSquared.error));
    }
    if (s.sets.size() >= 3) {
        // The generated set against the HMC test set of the same size: how many σ apart.
        const auto& g = s.sets[2].estimates;
        const auto& h = s.sets[1].estimates;
        auto z = [](const Estimate& a, const Estimate& b) { return (a.mean - b.mean) / std::hypot(a.error, b.error); };
        t += tr("<tr><td colspan='8'>generated vs HMC test: ⟨|M|⟩ %1σ, χ2 %2σ, U_L %3σ apart</td></tr>")
                 .arg(z(g.absM, h.absM), 0, 'f', 1)
                 .arg(z(g.chi2, h.chi2), 0, 'f', 1)
                 .arg(z(g.binder, h.binder), 0, 'f', 1);
    }
    t += "</table>";
    return t;
}

QString DiffusionTab::status() const
{
    if (!m_shown) return {};
    const auto& s = *m_shown;
    return tr("data %1 s · training %2 s · sampling %3 s · Langevin %4 s")
        .arg(s.secondsData, 0, 'f', 1)
        .arg(s.secondsTraining, 0, 'f', 1)
        .arg(s.secondsSampling, 0, 'f', 1)
        .arg(s.secondsLangevin, 0, 'f', 1);
}

QJsonObject DiffusionTab::save() const { return m_form->save(currentParams()); }

void DiffusionTab::load(const QJsonObject& o)
{
    DiffusionParams p = m_form->load(o, currentParams());
    p.validate();
    m_form->show(p);
}

void DiffusionTab::exportData(const QString& directory, ExperimentRunner& runner, ExportDone done)
{
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory)) return done({}, tr("cannot create %1").arg(directory));
    runner.read([this, dir, done = std::move(done)](const Experiment& e) {
        auto generated = std::make_shared<Eigen::MatrixXd>();
        int L = 0;
        if (auto* x = dynamic_cast<const fieldtheory::DiffusionExperiment*>(&e)) {
            *generated = x->generated();
            L = x->params().L;
        }
        QMetaObject::invokeMethod(
            this,
            [this, dir, done, generated, L] {
                try {
                    if (!m_shown || L == 0) throw std::runtime_error("no diffusion run to export yet");
                    QStringList files;
                    // What defines the run, above both tables.
                    auto describe = [](CsvTable& t, const fieldtheory::DiffusionParams& p) {
                        t.addHeader("program", "DualityLab, diffusion model of phi^4 fields (field theory page)");
                        t.addHeader("model",
                                    "2D phi^4, hopping parameter kappa, coupling lambda, periodic L x L torus");
                        t.addHeader("L", p.L);
                        t.addHeader("kappa", p.kappa);
                        t.addHeader("lambda", p.lambda);
                        t.addHeader("training data", p.trainPath.empty() ? std::string("HMC") : p.trainPath);
                        t.addHeader("HMC chains", p.hmcChains);
                        t.addHeader("network channels", p.channels);
                        t.addHeader("network layers", p.layers);
                        t.addHeader("seed", double(p.seed));
                    };
                    const QString table = dir.filePath("diffusion_table.csv");
                    CsvTable t({"set", "count", "m", "m_err", "abs_m", "abs_m_err", "chi2", "chi2_err", "chi2_abs",
                                "chi2_abs_err", "binder", "binder_err", "phi2", "phi2_err"});
                    describe(t, m_shown->params);
                    for (std::size_t k = 0; k < m_shown->sets.size(); ++k) {
                        const auto& set = m_shown->sets[k];
                        t.addHeader("set " + std::to_string(k), set.name); // the set column holds k
                        const auto& est = set.estimates;
                        std::vector<double> row{double(k), double(set.count)};
                        for (const Estimate* x :
                             {&est.m, &est.absM, &est.chi2, &est.chi2Abs, &est.binder, &est.phiSquared}) {
                            row.push_back(x->mean);
                            row.push_back(x->error);
                        }
                        t.addRow(std::move(row));
                    }
                    t.write(table.toStdString());
                    files << table;
                    const QString losses = dir.filePath("diffusion_loss.csv");
                    CsvTable lo({"epoch", "train_loss", "test_loss"});
                    describe(lo, m_shown->params);
                    for (std::size_t k = 0; k < m_shown->trainLoss.size(); ++k)
                        lo.addRow({double(k + 1), m_shown->trainLoss[k], m_shown->testLoss[k]});
                    lo.write(losses.toStdString());
                    files << losses;
                    if (generated->cols() > 0) {
                        const QString npy = dir.filePath("diffusion_generated.npy");
                        writeNpyFloat64(npy.toStdString(),
                                        {std::size_t(generated->cols()), std::size_t(L), std::size_t(L)},
                                        std::vector<double>(generated->data(), generated->data() + generated->size()));
                        files << npy;
                    }
                    done(files, {});
                } catch (const std::exception& ex) {
                    done({}, QString::fromUtf8(ex.what()));
                }
            },
            Qt::QueuedConnection);
    });
}

void DiffusionTab::setPresentationScale(double scale)
{
    m_loss->setPresentationScale(scale);
    m_histograms->setPresentationScale(scale);
    QFont f = m_table->font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_table->setFont(f);
    m_phase->setFont(f);
    for (auto* v : m_strip)
        v->setFont(f);
}

} // namespace dlab::gui
