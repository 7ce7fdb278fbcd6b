#include "DualFramesChainTab.hpp"

#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/Heatmap.hpp"

#include <QLabel>
#include <cmath>
#include <numeric>

namespace dlab::gui {
namespace {

using dualframes::ChainFrame;
using dualframes::Metastability;
using dualframes::SpinChainParams;
using dualframes::SpinChainSnapshot;
using P = SpinChainParams;

const std::vector<FieldBinding<P>>& fieldTable()
{
    static const std::vector<FieldBinding<P>> table{
        {FieldSpec::integer("N", "N", QObject::tr("Spins in the chain (all 2^N states are enumerated)"), P::kMinSpins,
                            P::kMaxSpins),
         [](const P& p) { return p.spins; }, [](P& p, const QVariant& v) { p.spins = v.toInt(); }},
        {FieldSpec::integer("n", "n", QObject::tr("Spins in each interaction term σ_k = s_k ⋯ s_{k+n−1}"),
                            P::kMinInteraction, P::kMaxInteraction),
         [](const P& p) { return p.interaction; }, [](P& p, const QVariant& v) { p.interaction = v.toInt(); }},
        {FieldSpec::choice("metastable", QObject::tr("Metastable"),
                           QObject::tr("Non-strict: no single flip lowers H. Strict: every single flip raises H."),
                           QStringList{"nonstrict", "strict"},
                           QStringList{QObject::tr("non-strict (ΔH ≥ 0)"), QObject::tr("strict (ΔH > 0)")}),
         [](const P& p) { return QString(p.label == Metastability::Strict ? "strict" : "nonstrict"); },
         [](P& p, const QVariant& v) {
             p.label = v.toString() == "strict" ? Metastability::Strict : Metastability::NonStrict;
         }},
        {FieldSpec::integerList("train", QObject::tr("Training sizes"),
                                QObject::tr("Balanced training sets, one run of each classifier per size"),
                                P::kMinTrain, P::kMaxTrain),
         [](const P& p) { return toVariantList(p.trainSizes); },
         [](P& p, const QVariant& v) { p.trainSizes = fromVariantList<int>(v); }},
        {FieldSpec::integerList("hidden", QObject::tr("Hidden layers"),
                                QObject::tr("Units of each classifier's ReLU layers (all frames)"), P::kMinHidden,
                                P::kMaxHidden),
         [](const P& p) { return toVariantList(p.hidden); },
         [](P& p, const QVariant& v) { p.hidden = fromVariantList<int>(v); }},
        {FieldSpec::integer("epochs", QObject::tr("Epochs"),
                            QObject::tr("Classifier epochs at most (early stopping on validation)"), P::kMinEpochs,
                            P::kMaxEpochs, 10),
         [](const P& p) { return p.epochs; }, [](P& p, const QVariant& v) { p.epochs = v.toInt(); }},
        {FieldSpec::flag("autoencoder", QObject::tr("Autoencoder"),
                         QObject::tr("Train the task-constrained autoencoder and a "
                                     "classifier on its code")),
         [](const P& p) { return p.autoencoder; }, [](P& p, const QVariant& v) { p.autoencoder = v.toBool(); }},
        {FieldSpec::integer("latent", QObject::tr("Latent units"), QObject::tr("Size of the autoencoder's code z"),
                            P::kMinLatent, P::kMaxLatent),
         [](const P& p) { return p.latent; }, [](P& p, const QVariant& v) { p.latent = v.toInt(); }},
        {FieldSpec::integer("autoencoderEpochs", QObject::tr("AE epochs"), QObject::tr("Autoencoder training epochs"),
                            P::kMinEpochs, P::kMaxEpochs),
         [](const P& p) { return p.autoencoderEpochs; },
         [](P& p, const QVariant& v) { p.autoencoderEpochs = v.toInt(); }},
        {FieldSpec::integer("autoencoderStates", QObject::tr("AE states"),
                            QObject::tr("States the autoencoder trains on, with their energies (0 = all)"), 0,
                            P::kMaxAutoencoderStates, 4096),
         [](const P& p) { return p.autoencoderStates; },
         [](P& p, const QVariant& v) { p.autoencoderStates = v.toInt(); }},
        {FieldSpec::real("energyWeight", QObject::tr("Energy weight λ"),
                         QObject::tr("Weight of the energy term (ê − H/N)² in the autoencoder's loss"),
                         P::kMinEnergyWeight, P::kMaxEnergyWeight, 2, 0.5),
         [](const P& p) { return p.energyWeight; }, [](P& p, const QVariant& v) { p.energyWeight = v.toDouble(); }},
    };
    return table;
}

QString note()
{
    return QObject::tr(
        "<p><b>What it shows:</b> H = −Σ σ<sub>k</sub> with σ<sub>k</sub> = s<sub>k</sub> ⋯ s<sub>k+n−1</sub>. "
        "A single flip of s<sub>i</sub> flips the window σ<sub>i−n+1</sub> … σ<sub>i</sub>, so metastability is a "
        "local rule in σ but a rule about products of n spins in s. The "
        "same small network learns it easily from σ and poorly from s.</p>"
        "<p><b>The autoencoder</b> sees states and their energies, never the labels: its code must rebuild s and "
        "give H through a linear layer. Its sensitivity ⟨|∂z<sub>j</sub>/∂s<sub>i</sub>|⟩ is drawn beside the true "
        "dual's band.</p>"
        "<p><b>Try:</b> n = 8 or 12 with sizes 600, 3000, 9500 (the seed's table); strict metastability; "
        "latent 50.</p>");
}

const char* const kFrameLabel[3] = {QT_TRANSLATE_NOOP("DualFramesChainTab", "spins s"),
                                    QT_TRANSLATE_NOOP("DualFramesChainTab", "dual σ"),
                                    QT_TRANSLATE_NOOP("DualFramesChainTab", "code z")};

} // namespace

DualFramesChainTab::DualFramesChainTab(QWidget* parent) : DualFramesTab(parent)
{
    auto* form = new FieldForm(specsOf(fieldTable()));
    showParams(*form, fieldTable(), P{});
    buildPanel(form, note());

    setAutoFillBackground(true);
    setWindowTitle(tr("DualityLab – Dual frames: the n-spin chain"));

    m_landscape = new widgets::ChartPanel;
    m_landscape->setTitle(tr("States and metastable states"));
    m_landscape->setAxisTitles(tr("energy H  [J]"), tr("number of states"));
    m_landscape->setLogY(true);
    m_levels[0] = m_landscape->addLine(tr("all"), QColor(90, 90, 90), 1.6);
    m_levels[1] = m_landscape->addLine(tr("non-strict"), widgets::categoricalColor(1), 1.8);
    m_levels[2] = m_landscape->addLine(tr("strict"), widgets::categoricalColor(5), 1.8, Qt::DashLine);

    m_accuracy = new widgets::ChartPanel;
    m_accuracy->setTitle(tr("Held-out balanced accuracy"));
    m_accuracy->setAxisTitles(tr("training states"), tr("balanced accuracy"));
    m_accuracy->setLogX(true);
    for (int f = 0; f < 3; ++f) {
        m_frameLine[f] = m_accuracy->addLine(tr(kFrameLabel[f]), widgets::categoricalColor(f), 1.5);
        m_frameBars[f] = m_accuracy->addErrorBars(tr(kFrameLabel[f]), widgets::categoricalColor(f));
        m_accuracy->setLegendEntryVisible(m_frameBars[f], false);
    }
    m_margin = m_accuracy->addLine(QString(), Qt::transparent, 0);
    m_accuracy->setLegendEntryVisible(m_margin, false);
    m_best = m_accuracy->addReferenceLine(tr("best"), QColor(80, 80, 80));
    m_accuracy->setReferenceValue(m_best, 1.0); // the label is a function of the state

    m_training = new widgets::ChartPanel;
    m_training->setTitle(tr("Training"));
    m_training->setAxisTitles(tr("epoch"), tr("balanced accuracy"));
    m_trainLine = m_training->addLine(tr("train"), widgets::categoricalColor(2), 1.4);
    m_validationLine = m_training->addLine(tr("validation"), widgets::categoricalColor(3), 1.8);

    m_autoencoder = new widgets::ChartPanel;
    m_autoencoder->setTitle(tr("Autoencoder loss"));
    m_autoencoder->setAxisTitles(tr("epoch"), tr("mean squared error"));
    m_autoencoder->setLogY(true);
    m_reconstruction = m_autoencoder->addLine(tr("|x̂ − s|²/N"), widgets::categoricalColor(4), 1.6);
    m_energy = m_autoencoder->addLine(tr("(ê − H/N)²"), widgets::categoricalColor(6), 1.6);

    m_learned = new widgets::Heatmap;
    m_learned->setTitle(tr("Encoder ⟨|∂z_j/∂s_i|⟩"));
    m_learned->setColorBarLabel(tr("sensitivity"));
    m_learned->setShowValues(false);
    m_learned->setMinimumSize(180, 150);
    m_dual = new widgets::Heatmap;
    m_dual->setTitle(tr("True dual |∂σ_j/∂s_i|"));
    m_dual->setColorBarLabel(tr("sensitivity"));
    m_dual->setShowValues(false);
    m_dual->setMinimumSize(180, 150);

    m_readout = new QLabel;
    m_readout->setWordWrap(true);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setObjectName("chainReadout");
    setViews({m_landscape, m_accuracy, m_training, m_autoencoder, m_learned, m_dual},
             {m_landscape, m_accuracy, m_learned, m_dual}, m_readout);
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_landscape, m_accuracy, m_training, m_autoencoder, m_learned, m_dual})
        widgets::FigureExporter::installContextMenu(w);
}

P DualFramesChainTab::params() const
{
    P p = readParams(*form(), fieldTable(), P{});
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> DualFramesChainTab::create(std::uint64_t seed)
{
    m_seed = seed;
    auto e = std::make_unique<dualframes::SpinChainExperiment>(params());
    m_shown.reset();
    m_sensitivityShown = false;
    m_learned->setMatrix(0, 0, {});
    m_dualShown = false;
    m_dual->setMatrix(0, 0, {});
    return e;
}

void DualFramesChainTab::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const SpinChainSnapshot>(snapshot);
    if (!s) return;
    m_shown = s;
    const std::vector<long long>* counts[3] = {&s->statesAtEnergy, &s->nonStrictAtEnergy, &s->strictAtEnergy};
    for (int c = 0; c < 3; ++c) {
        std::vector<double> x, y;
        for (std::size_t k = 0; k < s->energies.size(); ++k)
            if ((*counts[c])[k] > 0) { // log axis: empty levels are left out
                x.push_back(s->energies[k]);
                y.push_back(double((*counts[c])[k]));
            }
        m_landscape->setLineData(m_levels[c], x, y);
    }

    std::vector<std::size_t> order(s->results.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return s->results[a].trainSize < s->results[b].trainSize; });
    if (!order.empty()) // a factor 1.3 beyond the end sizes on the log axis; chance to perfect in y
        m_accuracy->setLineData(m_margin,
                                {s->results[order.front()].trainSize / 1.3, s->results[order.back()].trainSize * 1.3},
                                {0.5, 1.0});
    for (int f = 0; f < 3; ++f) {
        std::vector<double> x, y, e;
        for (std::size_t k : order)
            if (std::isfinite(s->results[k].accuracy[f])) {
                x.push_back(s->results[k].trainSize);
                y.push_back(s->results[k].accuracy[f]);
                e.push_back(s->results[k].accuracyError[f]);
            }
        m_accuracy->setLineData(m_frameLine[f], x, y);
        m_accuracy->setErrorBarData(m_frameBars[f], x, y, e);
    }

    std::vector<double> epochs(s->curves.validationScore.size());
    std::iota(epochs.begin(), epochs.end(), 1.0);
    m_training->setLineData(m_trainLine, epochs, s->curves.trainScore);
    m_training->setLineData(m_validationLine, epochs, s->curves.validationScore);
    if (s->trainingFrame >= 0)
        m_training->setTitle(
            tr("Training on %1, %2 states").arg(tr(kFrameLabel[s->trainingFrame])).arg(s->trainingSize));

    std::vector<double> aeEpochs(s->autoencoderEnergy.size());
    std::iota(aeEpochs.begin(), aeEpochs.end(), 1.0);
    m_autoencoder->setLineData(m_reconstruction, aeEpochs, s->autoencoderReconstruction);
    m_autoencoder->setLineData(m_energy, aeEpochs, s->autoencoderEnergy);
    if (!m_dualShown && s->dualSensitivity.size() > 0) showDualSensitivity(*s); // exact: shown from the start
    if (!m_sensitivityShown && s->sensitivity.size() > 0) showSensitivity(*s);

    QString text = tr("<b>%1</b> · %2 % · N = %3, n = %4: %5 states, %6 strictly / %7 non-strictly metastable "
                      "(classified: %8)")
                       .arg(QString::fromStdString(s->stage).toHtmlEscaped())
                       .arg(int(std::lround(100 * s->progress)))
                       .arg(s->spins)
                       .arg(s->interaction)
                       .arg(s->states)
                       .arg(s->metastableStrict)
                       .arg(s->metastableNonStrict)
                       .arg(s->label == Metastability::Strict ? tr("strict") : tr("non-strict"));
    for (std::size_t k : order) {
        const auto& r = s->results[k];
        if (!std::isfinite(r.accuracy[0]) && !std::isfinite(r.accuracy[1]) && !std::isfinite(r.accuracy[2])) {
            text += tr("<br>%1 training states: pending").arg(r.trainSize);
            continue;
        }
        text += tr("<br>%1 training states (%2 metastable): original %3, dual %4, autoencoder %5")
                    .arg(r.trainSize)
                    .arg(r.trainPositives)
                    .arg(r.accuracy[0], 0, 'f', 3)
                    .arg(r.accuracy[1], 0, 'f', 3)
                    .arg(r.accuracy[2], 0, 'f', 3);
    }
    m_readout->setText(text.replace("nan", "–"));
}

void DualFramesChainTab::showSensitivity(const SpinChainSnapshot& s)
{
    m_sensitivityShown = true;
    const int n = int(s.sensitivity.rows()), latent = int(s.sensitivity.cols());
    QStringList rows, columns;
    for (int i = 0; i < n; ++i)
        rows << QString("s%1").arg(i + 1);
    std::vector<double> learned(std::size_t(n) * latent);
    for (int c = 0; c < latent; ++c) {
        const int j = s.sensitivityOrder[std::size_t(c)];
        columns << QString("z%1").arg(j + 1);
        for (int i = 0; i < n; ++i)
            learned[std::size_t(i * latent + c)] = s.sensitivity(i, j);
    }
    m_learned->setMatrix(n, latent, std::move(learned));
    m_learned->setRowLabels(rows);
    m_learned->setColumnLabels(columns);
}

void DualFramesChainTab::showDualSensitivity(const SpinChainSnapshot& s)
{
    m_dualShown = true;
    const int n = int(s.dualSensitivity.rows());
    QStringList rows, columns;
    for (int i = 0; i < n; ++i) {
        rows << QString("s%1").arg(i + 1);
        columns << QString("σ%1").arg(i + 1);
    }
    std::vector<double> dual(std::size_t(n) * n);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            dual[std::size_t(i * n + j)] = s.dualSensitivity(i, j);
    m_dual->setMatrix(n, n, std::move(dual));
    m_dual->setRowLabels(rows);
    m_dual->setColumnLabels(columns);
}

QString DualFramesChainTab::statusText() const
{
    if (!m_shown) return {};
    return tr("%1 · %2 %").arg(QString::fromStdString(m_shown->stage)).arg(int(std::lround(100 * m_shown->progress)));
}

QStringList DualFramesChainTab::exportData(const QDir& dir) const
{
    if (!m_shown) throw std::runtime_error("nothing to export yet: run the experiment first");
    const auto& s = *m_shown;
    QStringList written;
    auto describe = [&](CsvTable& t) {
        t.addHeader("program", "DualityLab, dual frames C2: metastable states of a spin chain");
        t.addHeader("spins", s.spins);
        t.addHeader("interaction range", s.interaction);
        t.addHeader("label", s.label == Metastability::Strict ? "strict" : "non-strict");
        t.addHeader("seed", double(m_seed));
    };
    {
        std::vector<std::string> columns{"train", "train_metastable", "test_states", "test_metastable"};
        for (int f = 0; f < 3; ++f) {
            columns.push_back(std::string("accuracy_") + frameName(ChainFrame(f)));
            columns.push_back(std::string("accuracy_error_") + frameName(ChainFrame(f)));
        }
        CsvTable t(columns);
        describe(t);
        for (const auto& r : s.results) {
            std::vector<double> row{double(r.trainSize), double(r.trainPositives), double(r.testStates),
                                    double(r.testPositives)};
            for (int f = 0; f < 3; ++f) {
                row.push_back(r.accuracy[f]);
                row.push_back(r.accuracyError[f]);
            }
            t.addRow(std::move(row));
        }
        writeTable(dir, "chain_accuracy.csv", written, t);
    }
    {
        CsvTable t({"energy", "states", "metastable_nonstrict", "metastable_strict"});
        describe(t);
        for (std::size_t k = 0; k < s.energies.size(); ++k)
            t.addRow({double(s.energies[k]), double(s.statesAtEnergy[k]), double(s.nonStrictAtEnergy[k]),
                      double(s.strictAtEnergy[k])});
        writeTable(dir, "chain_landscape.csv", written, t);
    }
    {
        CsvTable t({"epoch", "loss", "train_balanced_accuracy", "validation_balanced_accuracy"});
        describe(t);
        for (std::size_t i = 0; i < s.curves.validationScore.size(); ++i)
            t.addRow({double(i + 1), s.curves.loss[i], s.curves.trainScore[i], s.curves.validationScore[i]});
        writeTable(dir, "chain_training.csv", written, t);
    }
    {
        auto matrixFiles = [&](const Eigen::MatrixXd& m, const QString& base, const std::string& column) {
            std::vector<std::string> columns{"spin"};
            for (Eigen::Index j = 0; j < m.cols(); ++j)
                columns.push_back(column + std::to_string(j + 1));
            CsvTable t(columns);
            describe(t);
            for (Eigen::Index i = 0; i < m.rows(); ++i) {
                std::vector<double> row{double(i + 1)};
                for (Eigen::Index j = 0; j < m.cols(); ++j)
                    row.push_back(m(i, j));
                t.addRow(std::move(row));
            }
            writeTable(dir, base + ".csv", written, t);
            std::vector<double> rowMajor;
            for (Eigen::Index i = 0; i < m.rows(); ++i)
                for (Eigen::Index j = 0; j < m.cols(); ++j)
                    rowMajor.push_back(m(i, j));
            const QString npy = dir.filePath(base + ".npy");
            writeNpyFloat64(npy.toStdString(), {std::size_t(m.rows()), std::size_t(m.cols())}, rowMajor);
            written << npy;
        };
        if (s.sensitivity.size() > 0) matrixFiles(s.sensitivity, "chain_sensitivity_learned", "z");
        matrixFiles(s.dualSensitivity, "chain_sensitivity_dual", "sigma");
    }
    return written;
}

void DualFramesChainTab::scaleViews(double scale)
{
    for (auto* c : {m_landscape, m_accuracy, m_training, m_autoencoder})
        c->setPresentationScale(scale);
    m_learned->setPresentationScale(scale);
    m_dual->setPresentationScale(scale);
}

} // namespace dlab::gui
