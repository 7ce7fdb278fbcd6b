#include "SymmetryPage.hpp"

#include "DataEmbedding.hpp"
#include "SymmetryBars.hpp"
#include "engine/io/CsvTable.hpp"

#include "SessionFields.hpp"
#include "engine/core/ParameterError.hpp"
#include "engine/embed/DataFile.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/Heatmap.hpp"
#include "widgets/RecentFolder.hpp"
#include "widgets/ScatterPlot.hpp"

#include <QApplication>
#include <QComboBox>
#include <QCursor>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonValue>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace dlab::gui {
namespace {

using symmetry::PotentialKind;
using symmetry::SymmetrySnapshot;

constexpr int kShownGenerators = 3; // heatmaps per row (found / expected)
const char* const kAxisNames[] = {"x", "y", "z", "w"};

QString kindKey(PotentialKind k)
{
    switch (k) {
    case PotentialKind::Radial:
        return "radial";
    case PotentialKind::Cylinder:
        return "cylinder";
    case PotentialKind::Expression:
        return "expression";
    }
    return "radial";
}

QString phaseName(SymmetrySnapshot::Phase p)
{
    switch (p) {
    case SymmetrySnapshot::Phase::Sampling:
        return QObject::tr("sampling");
    case SymmetrySnapshot::Phase::Training:
        return QObject::tr("training");
    case SymmetrySnapshot::Phase::Generators:
        return QObject::tr("finding generators");
    case SymmetrySnapshot::Phase::Embedding:
        return QObject::tr("t-SNE of the embedding");
    case SymmetrySnapshot::Phase::Done:
        return QObject::tr("done");
    }
    return {};
}

QStringList axisLabels(int d)
{
    QStringList l;
    for (int i = 0; i < d && i < 4; ++i)
        l << kAxisNames[i];
    return l;
}

std::vector<double> rowMajor(const Eigen::MatrixXd& m)
{
    std::vector<double> v;
    v.reserve(std::size_t(m.size()));
    for (int i = 0; i < m.rows(); ++i)
        for (int j = 0; j < m.cols(); ++j)
            v.push_back(m(i, j));
    return v;
}

// Up to kShownGenerators d × d generators side by side in one heatmap (one
// shared colour scale); columns x₁ y₁ … x₂ y₂ … name generator and axis.
void showGeneratorBlocks(widgets::Heatmap* h, const std::vector<Eigen::MatrixXd>& gens, int d, const QString& title)
{
    static const QString subscripts[] = {"₁", "₂", "₃"};
    const int k = int(std::min<std::size_t>(kShownGenerators, gens.size()));
    std::vector<double> values(std::size_t(d) * std::size_t(d * k));
    QStringList columns;
    for (int g = 0; g < k; ++g)
        for (int j = 0; j < d; ++j) {
            columns << (k == 1 ? QString(kAxisNames[j]) : kAxisNames[j] + subscripts[g]);
            for (int i = 0; i < d; ++i)
                values[std::size_t(i * d * k + g * d + j)] = gens[std::size_t(g)](i, j);
        }
    h->setMatrix(k > 0 ? d : 0, d * k, std::move(values));
    h->setRowLabels(axisLabels(d));
    h->setColumnLabels(columns);
    h->setTitle(title);
    h->setShowValues(k == 1);
}

} // namespace

SymmetryPage::SymmetryPage(QWidget* parent) : ExperimentPage(parent)
{
    buildPanel();
    buildViews();
    m_data = new DataEmbedding(m_tsneView, m_fileStatus, m_cancelFile, m_showEmbedding, this);
    connect(m_data, &DataEmbedding::errorMessage, this, &ExperimentPage::errorMessage);
    connect(m_data, &DataEmbedding::left, this, &SymmetryPage::showNetworkEmbedding);
    updatePotentialControls();
}

SymmetryPage::~SymmetryPage() = default; // the job cancels within one cancellation check

void SymmetryPage::showNetworkEmbedding()
{
    m_shownTsneIteration = -1;
    m_tsneView->setPoints({}, {}, {});
    m_tsneView->setTitle(tr("t-SNE of the embedding"));
    // The network's classes (level sets) and legend come back with its points.
    if (m_shown) {
        QStringList names;
        for (double v : m_shown->classValues)
            names << QString("V = %1").arg(v, 0, 'f', 1);
        m_tsneView->setClassNames(names);
        m_tsneView->setOrderedClasses(true); // level sets V = −1 … 1
        showSnapshot(m_shown);
    }
}

void SymmetryPage::buildPanel()
{
    m_panel = new QWidget;
    auto* outer = new QVBoxLayout(m_panel);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* box = new QGroupBox(tr("Potential"));
    auto* form = new QFormLayout(box);
    m_dim = new QSpinBox;
    m_dim->setRange(2, 4);
    m_dim->setKeyboardTracking(false);
    m_dim->setToolTip(tr("Dimension d of the sampled space (coordinates x, y, z, w)"));
    form->addRow(tr("Dimension d"), m_dim);
    m_potential = new QComboBox;
    m_potential->addItem(tr("r⁴ − a r²  (SO(d))"), "radial");
    m_potential->addItem(tr("ρ⁴ − a ρ² + z²  (d = 3)"), "cylinder");
    m_potential->addItem(tr("expression…"), "expression");
    m_potential->setToolTip(tr("The potential V whose level sets V = k/5 are the classes"));
    form->addRow(tr("Potential"), m_potential);
    m_a = new QDoubleSpinBox;
    m_a->setRange(-10, 10);
    m_a->setDecimals(3);
    m_a->setSingleStep(0.1);
    m_a->setKeyboardTracking(false);
    m_a->setToolTip(tr("Coefficient a of the built-in potentials"));
    form->addRow(tr("a"), m_a);
    m_expression = new QLineEdit;
    m_expression->setPlaceholderText(tr("e.g. x^2 + 2*y^2 or r^4 - 2.3*r^2"));
    m_expression->setToolTip(tr("V in x, y, z, w and r = |p|; operators + − * / ^, sin, cos, exp, sqrt, … "
                                "Press Enter to restart."));
    form->addRow(tr("V(x, y, z, w, r)"), m_expression);
    auto* restart = new QPushButton(tr("Restart with these settings"));
    form->addRow(restart);
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setStyleSheet("color: #b00020;");
    m_error->setVisible(false);
    form->addRow(m_error);
    outer->addWidget(box);

    auto* tsne = new QGroupBox(tr("t-SNE of anything"));
    auto* tf = new QFormLayout(tsne);
    m_perplexity = new QSpinBox;
    m_perplexity->setRange(2, 200);
    m_perplexity->setValue(30);
    m_perplexity->setToolTip(tr("Effective number of neighbours of each point"));
    tf->addRow(tr("Perplexity"), m_perplexity);
    m_iterations = new QSpinBox;
    m_iterations->setRange(50, 10000);
    m_iterations->setSingleStep(250);
    m_iterations->setValue(1000);
    tf->addRow(tr("Iterations"), m_iterations);
    m_loadFile = new QPushButton(tr("Embed a .npy / CSV file…"));
    m_loadFile->setToolTip(tr("Rows are points (NPY arrays [n, …] are flattened to n rows). Labels for the "
                              "colours are read from NAME.labels.csv next to the file, if present."));
    tf->addRow(m_loadFile);
    auto* row = new QHBoxLayout;
    m_cancelFile = new QPushButton(tr("Cancel"));
    m_cancelFile->setEnabled(false);
    m_showEmbedding = new QPushButton(tr("Show network"));
    m_showEmbedding->setEnabled(false);
    row->addWidget(m_cancelFile);
    row->addWidget(m_showEmbedding);
    tf->addRow(row);
    m_fileStatus = new QLabel;
    m_fileStatus->setWordWrap(true);
    tf->addRow(m_fileStatus);
    outer->addWidget(tsne);

    m_dim->setObjectName("dim");
    m_potential->setObjectName("potential");
    m_a->setObjectName("a");
    m_expression->setObjectName("expression");
    m_error->setObjectName("symmetryError");
    m_loadFile->setObjectName("tsneFile");

    auto restartRun = [this] {
        if (!m_loading) Q_EMIT resetRequested();
    };
    connect(m_dim, &QSpinBox::valueChanged, this, restartRun);
    connect(m_a, &QDoubleSpinBox::valueChanged, this, restartRun);
    connect(m_potential, &QComboBox::currentIndexChanged, this, [this, restartRun] {
        updatePotentialControls();
        restartRun();
    });
    connect(m_expression, &QLineEdit::returnPressed, this, restartRun);
    connect(restart, &QPushButton::clicked, this, [this] { Q_EMIT resetRequested(); });
    connect(m_loadFile, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Data to embed"), widgets::RecentFolder::folder("data"),
                                         tr("Data (*.npy *.csv *.txt *.tsv);;All files (*)"));
        if (path.isEmpty()) return;
        widgets::RecentFolder::remember("data", path);
        const QFileInfo fi(path);
        QString labels;
        for (const char* ext : {".labels.csv", ".labels.txt"}) {
            const QString candidate = fi.dir().filePath(fi.completeBaseName() + QString::fromUtf8(ext));
            if (QFileInfo::exists(candidate)) labels = candidate;
        }
        embedFile(path, labels);
    });
}

void SymmetryPage::buildViews()
{
    m_figure = new QWidget(this);
    m_figure->setWindowTitle(tr("DualityLab – Symmetries"));
    m_figure->setAutoFillBackground(true);
    auto* layout = new QVBoxLayout(m_figure);

    auto* top = new QHBoxLayout;
    m_sampleView = new widgets::ScatterPlot;
    m_sampleView->setOrderedClasses(true); // level sets V = −1 … 1: a colour scale, no repeated colours
    m_sampleView->setEqualAspect(true);    // level sets of an SO(d) potential are circles: show them round
    m_sampleView->setTitle(tr("Samples on level sets V = k/5"));
    m_sampleView->setAxisTitles("x", "y");
    m_sampleView->setPointSize(3);
    m_sampleView->setMinimumSize(240, 220);
    top->addWidget(m_sampleView, 4);

    m_tsneView = new widgets::ScatterPlot;
    m_tsneView->setOrderedClasses(true);
    m_tsneView->setEqualAspect(true); // t-SNE distances mean the same along both axes
    m_tsneView->setTitle(tr("t-SNE of the embedding"));
    m_tsneView->setAxisTitles(tr("t-SNE 1"), tr("t-SNE 2"));
    m_tsneView->setPointSize(3);
    m_tsneView->setMinimumSize(240, 220);
    top->addWidget(m_tsneView, 4);

    auto* curves = new QVBoxLayout;
    m_lossChart = new widgets::ChartPanel;
    m_lossChart->setTitle(tr("Training loss"));
    m_lossChart->setAxisTitles(tr("epoch"), tr("cross-entropy"));
    m_lossLine = m_lossChart->addLine(tr("loss"), widgets::categoricalColor(0), 2.0);
    m_lossChart->setLegendVisible(false);
    curves->addWidget(m_lossChart, 1);
    m_accuracyChart = new widgets::ChartPanel;
    m_accuracyChart->setTitle(tr("Classification accuracy"));
    m_accuracyChart->setAxisTitles(tr("epoch"), tr("accuracy"));
    m_trainLine = m_accuracyChart->addLine(tr("training"), widgets::categoricalColor(0), 1.5);
    m_testLine = m_accuracyChart->addLine(tr("held out"), widgets::categoricalColor(5), 2.0);
    m_targetLine = m_accuracyChart->addReferenceLine(tr("target"), QColor(0, 0, 0), Qt::DashLine);
    curves->addWidget(m_accuracyChart, 1);
    m_curves = HeadlineViews({m_lossChart, m_accuracyChart}, {m_accuracyChart});
    top->addLayout(curves, 4);
    layout->addLayout(top, 3);

    auto* bottom = new QHBoxLayout;
    for (widgets::Heatmap** h : {&m_found, &m_expected}) {
        *h = new widgets::Heatmap;
        (*h)->setColorMap(widgets::ColorMap::Diverging);
        (*h)->setRange(-1, 1);
        (*h)->setMinimumSize(200, 120);
        bottom->addWidget(*h, 4);
    }
    m_found->setTitle(tr("found generator"));
    m_expected->setTitle(tr("expected generator"));
    m_bars = new SymmetryBars;
    bottom->addWidget(m_bars, 3);
    layout->addLayout(bottom, 2);

    m_readout = new QLabel;
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setWordWrap(true);
    layout->addWidget(m_readout);

    for (QWidget* w : std::initializer_list<QWidget*>{m_sampleView, m_tsneView, m_lossChart, m_accuracyChart, m_bars})
        widgets::FigureExporter::installContextMenu(w);
    connect(m_tsneView, &widgets::ScatterPlot::pointHovered, this, &SymmetryPage::showTsneHover);

    auto* pageLayout = new QVBoxLayout(this);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(m_figure);
}

void SymmetryPage::updatePotentialControls()
{
    const QString kind = m_potential->currentData().toString();
    m_a->setEnabled(kind != "expression");
    m_expression->setEnabled(kind == "expression");
    if (kind == "cylinder" && m_dim->value() != 3) {
        const QSignalBlocker block(m_dim);
        m_dim->setValue(3);
    }
}

symmetry::SymmetryParams SymmetryPage::currentParams() const
{
    symmetry::SymmetryParams p;
    p.dim = m_dim->value();
    const QString kind = m_potential->currentData().toString();
    p.kind = kind == "cylinder"     ? PotentialKind::Cylinder
             : kind == "expression" ? PotentialKind::Expression
                                    : PotentialKind::Radial;
    p.a = m_a->value();
    p.expression = m_expression->text().toStdString();
    p.seed = m_seed;
    return p;
}

void SymmetryPage::setPanelError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString SymmetryPage::panelError() const { return m_error->text(); }

std::unique_ptr<Experiment> SymmetryPage::createExperiment(std::uint64_t seed)
{
    m_seed = seed;
    symmetry::SymmetryParams p = currentParams();
    std::unique_ptr<symmetry::SymmetryExperiment> experiment;
    try {
        p.validate();
        experiment = std::make_unique<symmetry::SymmetryExperiment>(p);
    } catch (const std::exception& e) {
        setPanelError(QString::fromUtf8(e.what()));
        throw; // MainWindow shows it in the window too and keeps the old run
    }
    setPanelError(QString());
    Q_EMIT errorMessage(QString());
    // A new run: forget what the views show.
    m_shown.reset();
    m_shownSamples = -1;
    m_shownEpochs = 0;
    m_shownTsneIteration = -1;
    m_shownGenerators = false;
    // A new run shows the network's embedding (a preset loaded over an
    // embedded file must not keep the file's points and legend).
    m_data->leave();
    m_tsneView->setPoints({}, {}, {});
    m_sampleView->setPoints({}, {}, {});
    m_lossChart->setLineData(m_lossLine, {}, {});
    m_accuracyChart->setLineData(m_trainLine, {}, {});
    m_accuracyChart->setLineData(m_testLine, {}, {});
    m_accuracyChart->setReferenceValue(m_targetLine, p.targetAccuracy);
    m_bars->setValues({});
    m_found->setMatrix(0, 0, {});
    m_found->setTitle(tr("found generator (pending)"));
    return experiment;
}

void SymmetryPage::showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const SymmetrySnapshot>(snapshot);
    if (!s) return;
    const bool first = !m_shown;
    m_shown = s;

    if (first) {
        QStringList names;
        for (double v : s->classValues)
            names << QString("V = %1").arg(v, 0, 'f', 1);
        m_sampleView->setClassNames(names);
        if (!m_data->shown()) m_tsneView->setClassNames(names);
        showGeneratorBlocks(m_expected, s->expectedGenerators, s->dim,
                            s->expectedGenerators.empty() ? tr("expected generator: none known for an expression")
                            : s->expectedGenerators.size() == 1
                                ? tr("expected generator")
                                : tr("expected generators (%1 of %2)")
                                      .arg(std::min<std::size_t>(kShownGenerators, s->expectedGenerators.size()))
                                      .arg(s->expectedGenerators.size()));
    }

    if (s->points && s->points->rows() != m_shownSamples) {
        const auto& pts = *s->points;
        m_shownSamples = pts.rows();
        std::vector<double> x(static_cast<std::size_t>(pts.rows())), y(static_cast<std::size_t>(pts.rows()));
        for (int i = 0; i < pts.rows(); ++i) {
            x[std::size_t(i)] = pts(i, 0);
            y[std::size_t(i)] = pts.cols() > 1 ? pts(i, 1) : 0.0;
        }
        m_sampleView->setPoints(std::move(x), std::move(y), s->labels ? *s->labels : std::vector<int>{});
    }

    if (s->loss.size() != m_shownEpochs) {
        m_shownEpochs = s->loss.size();
        std::vector<double> epochs(s->loss.size());
        for (std::size_t i = 0; i < epochs.size(); ++i)
            epochs[i] = double(i + 1);
        m_lossChart->setLineData(m_lossLine, epochs, s->loss);
        m_accuracyChart->setLineData(m_trainLine, epochs, s->trainAccuracy);
        m_accuracyChart->setLineData(m_testLine, epochs, s->testAccuracy);
    }

    if (!m_shownGenerators && s->explainedVariance.size() > 0) showGenerators(*s);

    if (!m_data->shown() && s->tsne.rows() > 0 && s->tsneIteration != m_shownTsneIteration) {
        m_shownTsneIteration = s->tsneIteration;
        const int n = int(s->tsne.rows());
        std::vector<double> x(static_cast<std::size_t>(n)), y(static_cast<std::size_t>(n));
        std::vector<int> c(static_cast<std::size_t>(n), 0);
        for (int r = 0; r < n; ++r) {
            x[std::size_t(r)] = s->tsne(r, 0);
            y[std::size_t(r)] = s->tsne(r, 1);
            if (s->labels && r < int(s->tsneIndex.size()))
                c[std::size_t(r)] = (*s->labels)[std::size_t(s->tsneIndex[std::size_t(r)])];
        }
        m_tsneView->setPoints(std::move(x), std::move(y), std::move(c));
        m_tsneView->setTitle(tr("t-SNE of the embedding (%1/%2)").arg(s->tsneIteration).arg(s->tsneIterations));
    }

    QString text = tr("<b>V = %1</b> · phase: %2 · epoch %3 · held-out accuracy %4")
                       .arg(QString::fromStdString(s->potential).toHtmlEscaped())
                       .arg(phaseName(s->phase))
                       .arg(s->epoch)
                       .arg(s->accuracy, 0, 'f', 3);
    if (s->explainedVariance.size() > 0)
        text += tr(" · %1 significant generator(s) from %2 planes").arg(s->generators.size()).arg(s->planesTried);
    m_readout->setText(text);
}

void SymmetryPage::showGenerators(const SymmetrySnapshot& s)
{
    m_shownGenerators = true;
    // The significant generators, or the leading component if none passed.
    const std::vector<Eigen::MatrixXd>& gens = s.generators.empty() ? s.components : s.generators;
    showGeneratorBlocks(m_found, gens, s.dim,
                        s.generators.empty()       ? tr("leading component (not significant)")
                        : s.generators.size() == 1 ? tr("found generator (up to sign)")
                                                   : tr("found generators (up to sign)"));
    m_bars->setValues(
        std::vector<double>(s.explainedVariance.data(), s.explainedVariance.data() + s.explainedVariance.size()));
}

void SymmetryPage::showTsneHover(int index)
{
    QString text;
    if (m_data->shown()) {
        text = m_data->hoverText(index);
        if (text.isEmpty()) return;
    } else {
        if (!m_shown || !m_shown->points || index < 0 || index >= int(m_shown->tsneIndex.size())) return;
        const int row = m_shown->tsneIndex[std::size_t(index)];
        const int label = m_shown->labels ? (*m_shown->labels)[std::size_t(row)] : 0;
        const double v = label < int(m_shown->classValues.size()) ? m_shown->classValues[std::size_t(label)] : 0;
        text = tr("class V = %1\noriginal point %2").arg(v, 0, 'f', 1).arg(pointText(*m_shown->points, row));
    }
    QToolTip::showText(QCursor::pos(), text, m_tsneView);
}

bool SymmetryPage::embedFile(const QString& path, const QString& labelsPath)
{
    const QFileInfo info(path);
    if (!info.isFile() || !info.isReadable()) {
        reportFileError(tr("t-SNE of %1: %2")
                            .arg(info.fileName(), info.exists() ? tr("the file is not readable") : tr("no such file")));
        return false;
    }
    const std::string file = path.toStdString(), labelsFile = labelsPath.toStdString();
    return embedData(info.fileName(), [file, labelsFile] {
        EmbedData in;
        in.points = embed::loadMatrix(file);
        if (!labelsFile.empty()) {
            in.labels = embed::loadLabels(labelsFile);
            if (in.labels.size() != std::size_t(in.points.rows()))
                throw std::runtime_error(std::filesystem::path(labelsFile).filename().string() + " has " +
                                         std::to_string(in.labels.size()) + " labels for " +
                                         std::to_string(in.points.rows()) + " points");
        }
        return in;
    });
}

bool SymmetryPage::embed(const QString& name, std::shared_ptr<const EmbedData> points)
{
    if (!points) return false;
    return embedData(name, [points] { return *points; });
}

bool SymmetryPage::embedData(const QString& name, std::function<EmbedData()> load)
{
    embed::TsneOptions options;
    options.perplexity = m_perplexity->value();
    options.iterations = m_iterations->value();
    options.seed = m_seed;
    // Read (or copied) on the worker, in the job's first step.
    m_data->start(
        name,
        [load = std::move(load)] {
            EmbedData in = load();
            embed::LabelledData out;
            out.points = std::move(in.points);
            out.labels = std::move(in.labels);
            for (const QString& c : in.classNames)
                out.classNames.push_back(c.toStdString());
            out.orderedClasses = in.orderedClasses;
            return out;
        },
        options);
    return true;
}

void SymmetryPage::reportFileError(const QString& message)
{
    m_fileStatus->setText(message);
    Q_EMIT errorMessage(message);
}

bool SymmetryPage::fileLoading() const { return m_data->loading(); }

bool SymmetryPage::fileEmbeddingRunning() const { return m_data->running(); }

bool SymmetryPage::fileEmbeddingFinished() const { return m_data->finishedRun(); }

void SymmetryPage::cancelFileEmbedding() { m_data->cancel(); }

QString SymmetryPage::statusText() const
{
    if (m_data->running()) return m_data->statusText();
    if (!m_shown) return {};
    return tr("%1 · epoch %2 · accuracy %3")
        .arg(phaseName(m_shown->phase))
        .arg(m_shown->epoch)
        .arg(m_shown->accuracy, 0, 'f', 3);
}

QJsonObject SymmetryPage::saveParameters() const
{
    const symmetry::SymmetryParams p = currentParams();
    return QJsonObject{{"dim", p.dim},
                       {"potential", kindKey(p.kind)},
                       {"a", p.a},
                       {"expression", QString::fromStdString(p.expression)},
                       {"perplexity", m_perplexity->value()},
                       {"tsneIterations", m_iterations->value()}};
}

void SymmetryPage::loadParameters(const QJsonObject& o)
{
    const SessionFields f(o);
    const int dim = f.integer("dim", m_dim->value(), 2, 4);
    const double a = f.number("a", m_a->value());
    QString kind = m_potential->currentData().toString();
    if (o.contains("potential")) {
        kind = o["potential"].toString();
        if (m_potential->findData(kind) < 0)
            throw ParameterError("potential", "must be \"radial\", \"cylinder\" or \"expression\"");
    }
    if (o.contains("expression") && !o["expression"].isString()) throw ParameterError("expression", "must be a string");
    const QString expression = o.value("expression").toString(m_expression->text());
    const int perplexity =
        f.integer("perplexity", m_perplexity->value(), m_perplexity->minimum(), m_perplexity->maximum());
    const int iterations =
        f.integer("tsneIterations", m_iterations->value(), m_iterations->minimum(), m_iterations->maximum());

    m_loading = true;
    m_dim->setValue(dim);
    m_potential->setCurrentIndex(m_potential->findData(kind));
    m_a->setValue(a);
    m_expression->setText(expression);
    m_perplexity->setValue(perplexity);
    m_iterations->setValue(iterations);
    updatePotentialControls();
    m_loading = false;
}

QStringList SymmetryPage::exportData(const QString& directory, ExperimentRunner&)
{
    if (!m_shown) throw std::runtime_error("nothing to export yet: run the experiment first");
    const auto& s = *m_shown;
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory))
        throw std::runtime_error(("cannot create " + directory).toStdString());
    QStringList written;
    // One CSV writer for the program; each file says what produced it.
    const symmetry::SymmetryParams p = currentParams();
    auto describe = [&](CsvTable& t) {
        t.addHeader("program", "DualityLab " + QApplication::applicationVersion().toStdString());
        t.addHeader("experiment", "symmetry finding: classifier on level sets V = k/5, generators by regression");
        t.addHeader("potential", s.potential);
        t.addHeader("dimension", double(s.dim));
        t.addHeader("seed", double(p.seed));
    };
    auto write = [&](const QString& name, CsvTable& t) {
        const QString path = dir.filePath(name);
        t.write(path.toStdString());
        written << path;
    };
    if (s.points) {
        std::vector<std::string> columns;
        for (const QString& a : axisLabels(s.dim))
            columns.push_back(a.toStdString());
        columns.insert(columns.end(), {"class", "V"});
        CsvTable t(columns);
        describe(t);
        for (int i = 0; i < s.points->rows(); ++i) {
            std::vector<double> row;
            for (int j = 0; j < s.points->cols(); ++j)
                row.push_back((*s.points)(i, j));
            const int l = s.labels ? (*s.labels)[std::size_t(i)] : 0;
            row.push_back(l);
            row.push_back(l < int(s.classValues.size()) ? s.classValues[std::size_t(l)] : 0.0);
            t.addRow(std::move(row));
        }
        write("samples.csv", t);
    }
    {
        CsvTable t({"epoch", "loss", "train_accuracy", "test_accuracy"});
        describe(t);
        for (std::size_t i = 0; i < s.loss.size(); ++i)
            t.addRow({double(i + 1), s.loss[i], i < s.trainAccuracy.size() ? s.trainAccuracy[i] : NAN,
                      i < s.testAccuracy.size() ? s.testAccuracy[i] : NAN});
        write("training.csv", t);
    }
    if (s.explainedVariance.size() > 0) {
        std::vector<std::string> columns{"component", "explained_variance", "significant"};
        for (int i = 0; i < s.dim; ++i)
            for (int j = 0; j < s.dim; ++j)
                columns.push_back(QString("g%1%2").arg(i).arg(j).toStdString());
        CsvTable t(columns);
        describe(t);
        t.addHeader("rows", "principal generators, row-major d x d entries, with explained-variance ratios");
        for (std::size_t c = 0; c < s.components.size(); ++c) {
            std::vector<double> row{double(c + 1), s.explainedVariance[Eigen::Index(c)],
                                    c < s.generators.size() ? 1.0 : 0.0};
            for (double v : rowMajor(s.components[c]))
                row.push_back(v);
            t.addRow(std::move(row));
        }
        write("generators.csv", t);
    }
    if (s.tsne.rows() > 0) {
        const QString path = dir.filePath("embedding_tsne.csv");
        std::vector<int> labels;
        for (int r = 0; r < s.tsne.rows() && s.labels; ++r)
            labels.push_back((*s.labels)[std::size_t(s.tsneIndex[std::size_t(r)])]);
        CsvTable t = embed::embeddingTable(s.tsne, labels);
        describe(t);
        t.addHeader("embedded", "the classifier's last hidden layer, " + std::to_string(s.tsne.rows()) + " points");
        embed::TsneOptions o;
        o.perplexity = std::min(p.tsnePerplexity, (double(s.tsne.rows()) - 1) / 3.0); // as the experiment clamps it
        o.iterations = s.tsneIterations;
        o.seed = p.seed;
        embed::describeTsne(t, o, s.tsneIteration);
        t.write(path.toStdString());
        written << path;
    }
    if (const auto y = m_data->embedding()) {
        const QString path = dir.filePath("file_tsne.csv");
        CsvTable t = embed::embeddingTable(*y, m_data->labels());
        t.addHeader("program", "DualityLab " + QApplication::applicationVersion().toStdString());
        t.addHeader("data", m_data->name().toStdString());
        embed::describeTsne(t, m_data->options(), m_data->iteration());
        t.write(path.toStdString());
        written << path;
    }
    return written;
}

void SymmetryPage::setPresentationScale(double scale)
{
    m_sampleView->setPresentationScale(scale);
    m_tsneView->setPresentationScale(scale);
    m_lossChart->setPresentationScale(scale);
    m_accuracyChart->setPresentationScale(scale);
    // Two stacked charts in one column leave each too short for its tick
    // labels at 1280×720 (Qt Charts elides them to "…"); in presentation mode
    // the accuracy, the figure the lecture is about, gets the whole column.
    m_curves.show(HeadlineViews::presenting(scale));
    m_found->setPresentationScale(scale);
    m_expected->setPresentationScale(scale);
    m_bars->setPresentationScale(scale);
    // The one-line readout under the views (potential, phase, accuracy).
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_readout->setFont(f);
}

} // namespace dlab::gui
