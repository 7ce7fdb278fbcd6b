#include "DualFramesTemperatureTab.hpp"

#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"
#include "engine/models/SpinConfiguration.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/LatticeView.hpp"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace dlab::gui {
namespace {

using dualframes::TemperatureFrame;
using dualframes::TemperatureParams;
using dualframes::TemperatureSnapshot;
using P = TemperatureParams;

// The C1 parameters, each named once (ranges from TemperatureParams).
const std::vector<FieldBinding<P>>& fieldTable()
{
    static const std::vector<FieldBinding<P>> table{
        {FieldSpec::integer("L", "L", QObject::tr("Linear size of the L×L torus"), P::kMinL, P::kMaxL),
         [](const P& p) { return p.L; }, [](P& p, const QVariant& v) { p.L = v.toInt(); }},
        {FieldSpec::real("t0", "T0  [J/k_B]", QObject::tr("Lower temperature of the original frame (β = 1/T)"),
                         P::kMinT0, P::kMaxT0, 3, 0.05),
         [](const P& p) { return p.t0; }, [](P& p, const QVariant& v) { p.t0 = v.toDouble(); }},
        {FieldSpec::realList("dts", "ΔT list  [J/k_B]",
                             QObject::tr("Temperature differences: one classifier per ΔT and frame"), P::kMinDt,
                             P::kMaxDt, 3),
         [](const P& p) { return toVariantList(p.dts); },
         [](P& p, const QVariant& v) { p.dts = fromVariantList<double>(v); }},
        {FieldSpec::integer(
             "samples", QObject::tr("Configurations / T"),
             QObject::tr("Decorrelated configurations per temperature: 70 % train, 15 % validation, 15 % test"),
             P::kMinSamples, P::kMaxSamples, 500),
         [](const P& p) { return p.samples; }, [](P& p, const QVariant& v) { p.samples = v.toInt(); }},
        {FieldSpec::integer(
             "energySamples", QObject::tr("Energies / T"),
             QObject::tr("Energy measurements per temperature for the histograms behind the best accuracy"),
             double(P::kMinEnergySamples), double(P::kMaxEnergySamples), 50000),
         [](const P& p) { return int(p.energySamples); }, [](P& p, const QVariant& v) { p.energySamples = v.toInt(); }},
        {FieldSpec::integer("chains", QObject::tr("Chains"), QObject::tr("Persistent Markov chains per temperature"),
                            P::kMinChains, P::kMaxChains),
         [](const P& p) { return p.chains; }, [](P& p, const QVariant& v) { p.chains = v.toInt(); }},
        {FieldSpec::choice("algo", QObject::tr("Update"), QObject::tr("Monte Carlo update"),
                           QStringList{"wolff", "sw", "metropolis"},
                           QStringList{"Wolff", "Swendsen–Wang", "Metropolis"}),
         [](const P& p) { return QString::fromStdString(toString(p.algorithm)); },
         [](P& p, const QVariant& v) { p.algorithm = parseMcAlgorithm(v.toString().toStdString()); }},
        {FieldSpec::choice("classifier", QObject::tr("Classifier"),
                           QObject::tr("Periodic CNN (convolution, ReLU, lattice average, softmax) or a dense "
                                       "network on the L² spins"),
                           QStringList{"conv", "dense"}, QStringList{QObject::tr("CNN"), QObject::tr("dense")}),
         [](const P& p) { return QString(dualframes::toString(p.classifier)); },
         [](P& p, const QVariant& v) {
             p.classifier = dualframes::parseTemperatureClassifier(v.toString().toStdString());
         }},
        {FieldSpec::integer("channels", QObject::tr("CNN channels"), QObject::tr("Channels of the CNN's convolution"),
                            P::kMinChannels, P::kMaxChannels),
         [](const P& p) { return p.channels; }, [](P& p, const QVariant& v) { p.channels = v.toInt(); }},
        {FieldSpec::integer("kernel", QObject::tr("CNN kernel"), QObject::tr("Odd size K of the K×K kernel"),
                            P::kMinKernel, P::kMaxKernel, 2),
         [](const P& p) { return p.kernel; }, [](P& p, const QVariant& v) { p.kernel = v.toInt(); }},
        {FieldSpec::integerList("hidden", QObject::tr("Dense layers"),
                                QObject::tr("Units of the dense classifier's ReLU layers"), P::kMinHidden,
                                P::kMaxHidden),
         [](const P& p) { return toVariantList(p.hidden); },
         [](P& p, const QVariant& v) { p.hidden = fromVariantList<int>(v); }},
        {FieldSpec::integer("epochs", QObject::tr("Epochs"),
                            QObject::tr("Training epochs at most (early stopping on validation)"), P::kMinEpochs,
                            P::kMaxEpochs, 10),
         [](const P& p) { return p.epochs; }, [](P& p, const QVariant& v) { p.epochs = v.toInt(); }},
        {FieldSpec::flag(
             "augment", QObject::tr("Symmetry augmentation"),
             QObject::tr("Prior: train on randomly translated and globally flipped copies (symmetries of the Ising "
                         "model)")),
         [](const P& p) { return p.augment; }, [](P& p, const QVariant& v) { p.augment = v.toBool(); }},
    };
    return table;
}

QString note()
{
    return QObject::tr(
        "<p><b>What it shows:</b> configurations at T0 and T0 + ΔT are told apart by a small network, once "
        "as they are and once in the Kramers–Wannier dual frame (β̃ = −½ ln tanh β). The dashed curves are the "
        "best any classifier can do: the threshold test on the energy E, a sufficient statistic.</p>"
        "<p><b>Look for:</b> the dual histograms overlap less, so the dual frame's limit is higher; at low T the "
        "original configurations all look ordered.</p>"
        "<p><b>Priors:</b> the CNN is translation-invariant by construction; with augmentation on, the classifier "
        "is also shown translated and spin-flipped copies (the Ising model's symmetries).</p>"
        "<p><b>Try:</b> the dense classifier — at ΔT = 0.25–0.5 it stays about 0.1 below the limit in both frames: "
        "it has to rebuild Σ s<sub>i</sub>s<sub>j</sub> from 1400 training configurations, which the CNN has built "
        "in; T0 = 1.5; a larger L (histograms narrow as 1/L).</p>");
}

// Lays its children out in a fixed grid of equal cells, by hand: square
// lattice views ask for their height by width, which inside a layout would
// make the page's rows uneven.
class CellGrid : public QWidget {
public:
    CellGrid(int rows, int columns) : m_rows(rows), m_columns(columns) {}
    void place(QWidget* w, int row, int column)
    {
        w->setParent(this);
        m_cells.push_back({w, row, column});
    }
    QSize sizeHint() const override { return {320, 320}; }
    QSize minimumSizeHint() const override { return {200, 200}; }

protected:
    void resizeEvent(QResizeEvent*) override
    {
        const int w = width() / m_columns, h = height() / m_rows;
        for (const auto& c : m_cells)
            c.widget->setGeometry(c.column * w + 2, c.row * h + 2, w - 4, h - 4);
    }

private:
    struct Cell {
        QWidget* widget;
        int row, column;
    };
    int m_rows, m_columns;
    std::vector<Cell> m_cells;
};

std::vector<std::size_t> sortedByDt(const TemperatureSnapshot& s)
{
    std::vector<std::size_t> order(s.results.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return s.results[a].dt < s.results[b].dt; });
    return order;
}

} // namespace

DualFramesTemperatureTab::DualFramesTemperatureTab(QWidget* parent) : DualFramesTab(parent)
{
    auto* form = new FieldForm(specsOf(fieldTable()));
    showParams(*form, fieldTable(), P{});
    buildPanel(form, note());

    setAutoFillBackground(true);
    setWindowTitle(tr("DualityLab – Dual frames: temperature classification"));

    m_accuracy = new widgets::ChartPanel;
    m_accuracy->setTitle(tr("Accuracy (dashed: best)"));
    m_accuracy->setAxisTitles(tr("ΔT  [J/k_B]"), tr("accuracy"));
    for (int f = 0; f < 2; ++f) {
        const QString name = f == 0 ? tr("original") : tr("dual");
        m_bestLine[f] = m_accuracy->addLine(tr("best, %1").arg(name), widgets::categoricalColor(f), 1.5, Qt::DashLine);
        m_accuracy->setLegendEntryVisible(m_bestLine[f], false); // the title says what dashed means
        m_learned[f] = m_accuracy->addErrorBars(name, widgets::categoricalColor(f));
    }
    m_margin = m_accuracy->addLine(QString(), Qt::transparent, 0);
    m_accuracy->setLegendEntryVisible(m_margin, false);

    for (int f = 0; f < 2; ++f) {
        m_histogram[f] = new widgets::ChartPanel;
        m_histogram[f]->setAxisTitles(tr("energy per site E/N  [J]"), tr("probability"));
        for (int k = 0; k < 2; ++k)
            m_histLine[f][k] = m_histogram[f]->addLine(k == 0 ? tr("T0") : tr("T0 + ΔT"),
                                                       widgets::categoricalColor(k == 0 ? 4 : 5), 1.6);
    }

    m_training = new widgets::ChartPanel;
    m_training->setTitle(tr("Training"));
    m_training->setAxisTitles(tr("epoch"), tr("accuracy"));
    m_trainLine = m_training->addLine(tr("train"), widgets::categoricalColor(2), 1.4);
    m_validationLine = m_training->addLine(tr("validation"), widgets::categoricalColor(3), 1.8);
    m_trainingBest = m_training->addReferenceLine(tr("best"), QColor(80, 80, 80));

    auto* lattices = new CellGrid(2, 2);
    for (int f = 0; f < 2; ++f)
        for (int k = 0; k < 2; ++k) {
            m_lattice[f][k] = new widgets::LatticeView;
            lattices->place(m_lattice[f][k], f, k);
        }

    auto* readout = new QWidget;
    auto* bottom = new QHBoxLayout(readout);
    bottom->setContentsMargins(0, 0, 0, 0);
    m_readout = new QLabel;
    m_readout->setWordWrap(true);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setObjectName("temperatureReadout");
    bottom->addWidget(m_readout, 1);
    bottom->addWidget(new QLabel(tr("Histograms and samples at")));
    m_pair = new QComboBox;
    m_pair->setObjectName("histogramDt");
    m_pair->setToolTip(tr("Which ΔT the histograms and sample configurations show"));
    bottom->addWidget(m_pair);
    setViews({m_accuracy, m_histogram[0], m_histogram[1], m_training, lattices},
             {m_accuracy, m_histogram[0], m_histogram[1], lattices}, readout);

    connect(m_pair, &QComboBox::currentIndexChanged, this, [this] { showPair(); });
    for (QWidget* w : std::initializer_list<QWidget*>{m_accuracy, m_histogram[0], m_histogram[1], m_training})
        widgets::FigureExporter::installContextMenu(w);
}

P DualFramesTemperatureTab::params() const
{
    P p = readParams(*form(), fieldTable(), P{});
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> DualFramesTemperatureTab::create(std::uint64_t seed)
{
    m_seed = seed;
    auto e = std::make_unique<dualframes::TemperatureExperiment>(params());
    m_shown.reset();
    return e;
}

void DualFramesTemperatureTab::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const TemperatureSnapshot>(snapshot);
    if (!s) return;
    const bool fresh = !m_shown || m_shown->results.size() != s->results.size() || m_shown->t0 != s->t0;
    m_shown = s;
    if (fresh) {
        const QSignalBlocker block(m_pair);
        m_pair->clear();
        for (std::size_t k = 0; k < s->results.size(); ++k)
            m_pair->addItem(QString("ΔT = %1").arg(s->results[k].dt, 0, 'g', 4), int(k));
        m_pair->setCurrentIndex(m_pair->count() - 1);
    }

    const auto order = sortedByDt(*s);
    if (!order.empty()) {
        const double lo = s->results[order.front()].dt, hi = s->results[order.back()].dt;
        const double pad = 0.05 * std::max(hi - lo, 0.1);
        m_accuracy->setLineData(m_margin, {lo - pad, hi + pad}, {0.5, 1.0}); // chance to perfect: a steady y range
    }
    for (int f = 0; f < 2; ++f) {
        std::vector<double> x, best, lx, ly, le;
        for (std::size_t k : order) {
            const auto& r = s->results[k];
            if (std::isfinite(r.best[f])) {
                x.push_back(r.dt);
                best.push_back(r.best[f]);
            }
            if (std::isfinite(r.accuracy[f])) {
                lx.push_back(r.dt);
                ly.push_back(r.accuracy[f]);
                le.push_back(r.accuracyError[f]);
            }
        }
        m_accuracy->setLineData(m_bestLine[f], x, best);
        m_accuracy->setErrorBarData(m_learned[f], lx, ly, le);
    }

    const int frame = s->trainingFrame;
    if (s->trainingDt >= 0) {
        std::vector<double> epochs(s->curves.validationScore.size());
        std::iota(epochs.begin(), epochs.end(), 1.0);
        m_training->setLineData(m_trainLine, epochs, s->curves.trainScore);
        m_training->setLineData(m_validationLine, epochs, s->curves.validationScore);
        m_training->setReferenceValue(m_trainingBest, s->results[std::size_t(s->trainingDt)].best[frame]);
        m_training->setTitle(tr("Training, %1 frame, ΔT = %2")
                                 .arg(frame == 0 ? tr("original") : tr("dual"))
                                 .arg(s->results[std::size_t(s->trainingDt)].dt, 0, 'g', 3));
    }
    showPair();

    QString text = tr("<b>%1</b> · %2 % · T0 = %3 ↔ dual T̃0 = %4")
                       .arg(QString::fromStdString(s->stage).toHtmlEscaped())
                       .arg(int(std::lround(100 * s->progress)))
                       .arg(s->t0, 0, 'g', 4)
                       .arg(s->dualT0, 0, 'f', 3);
    for (std::size_t k : order) {
        const auto& r = s->results[k];
        if (std::isfinite(r.accuracy[0]) || std::isfinite(r.accuracy[1]))
            text += tr("<br>ΔT = %1: original %2 (best %3), dual %4 (best %5)")
                        .arg(r.dt, 0, 'g', 4)
                        .arg(r.accuracy[0], 0, 'f', 3)
                        .arg(r.best[0], 0, 'f', 3)
                        .arg(r.accuracy[1], 0, 'f', 3)
                        .arg(r.best[1], 0, 'f', 3);
    }
    m_readout->setText(text);
}

void DualFramesTemperatureTab::showPair()
{
    if (!m_shown) return;
    const auto& s = *m_shown;
    const int k = std::max(0, m_pair->currentData().toInt());
    if (k >= int(s.results.size())) return;
    for (int f = 0; f < 2; ++f) {
        const auto& d = s.frames[f];
        const int sites = s.L * s.L;
        const std::size_t idx[2] = {0, std::size_t(k) + 1};
        for (int c = 0; c < 2; ++c) {
            const auto& h = d.histograms[idx[c]];
            std::vector<double> x, y;
            const double total = double(h.total());
            // Steps: E moves in units of 4 on the torus, a bar of width 4/N per level.
            for (std::size_t j = 0; j < h.counts.size() && total > 0; ++j) {
                const int e = h.lo + int(j);
                if ((e - h.lo) % 4 != 0) continue;
                const double p = double(h.counts[j]) / total, half = 2.0 / sites;
                x.push_back(double(e) / sites - half);
                y.push_back(p);
                x.push_back(double(e) / sites + half);
                y.push_back(p);
            }
            m_histogram[f]->setLineData(m_histLine[f][c], x, y);
            const auto& example = d.examples[idx[c]];
            const bool sampled = int(example.size()) == sites;
            if (sampled)
                m_lattice[f][c]->setValues(example.data(), s.L, s.L);
            else // the colour map's neutral middle: not yet sampled, rather than a fake ordered state
                m_lattice[f][c]->setValues(std::vector<double>(std::size_t(sites), 0.0), s.L, s.L, -1, 1);
            m_lattice[f][c]->setTitle(tr("%1, T = %2%3")
                                          .arg(f == 0 ? tr("original") : tr("dual"))
                                          .arg(d.temperatures[idx[c]], 0, 'f', 3)
                                          .arg(sampled ? QString() : tr(" (sampling…)")));
        }
        const double overlap = s.results[std::size_t(k)].overlap[f];
        m_histogram[f]->setTitle(
            tr("%1 frame%2")
                .arg(f == 0 ? tr("Original") : tr("Dual"))
                .arg(std::isfinite(overlap) ? tr(", overlap %1").arg(overlap, 0, 'f', 3) : QString()));
    }
}

QString DualFramesTemperatureTab::statusText() const
{
    if (!m_shown) return {};
    return tr("%1 · %2 %").arg(QString::fromStdString(m_shown->stage)).arg(int(std::lround(100 * m_shown->progress)));
}

QStringList DualFramesTemperatureTab::exportData(const QDir& dir) const
{
    if (!m_shown) throw std::runtime_error("nothing to export yet: run the experiment first");
    const auto& s = *m_shown;
    QStringList written;
    auto describe = [&](CsvTable& t) {
        t.addHeader("program", "DualityLab, dual frames C1: temperature classification");
        t.addHeader("model", "2D Ising, nearest neighbour, periodic L x L torus");
        t.addHeader("L", s.L);
        t.addHeader("T0", s.t0);
        t.addHeader("T0 dual (Kramers-Wannier)", s.dualT0);
        t.addHeader("seed", double(m_seed));
    };
    {
        CsvTable t({"dt", "t_original", "t_dual", "accuracy_original", "accuracy_error_original", "best_original",
                    "best_error_original", "overlap_original", "accuracy_dual", "accuracy_error_dual", "best_dual",
                    "best_error_dual", "overlap_dual"});
        describe(t);
        for (std::size_t k = 0; k < s.results.size(); ++k) {
            const auto& r = s.results[k];
            std::vector<double> row{r.dt, s.frames[0].temperatures[k + 1], s.frames[1].temperatures[k + 1]};
            for (int f = 0; f < 2; ++f)
                for (double v : {r.accuracy[f], r.accuracyError[f], r.best[f], r.bestError[f], r.overlap[f]})
                    row.push_back(v);
            t.addRow(std::move(row));
        }
        writeTable(dir, "temperature_accuracy.csv", written, t);
    }
    {
        CsvTable t({"frame", "T", "E", "count"});
        describe(t);
        for (int f = 0; f < 2; ++f)
            t.addHeader("frame " + std::to_string(f), dualframes::frameName(TemperatureFrame(f)));
        for (int f = 0; f < 2; ++f)
            for (std::size_t k = 0; k < s.frames[f].histograms.size(); ++k) {
                const auto& h = s.frames[f].histograms[k];
                for (std::size_t j = 0; j < h.counts.size(); ++j)
                    if (h.counts[j] > 0)
                        t.addRow({double(f), s.frames[f].temperatures[k], double(h.lo + int(j)), double(h.counts[j])});
            }
        writeTable(dir, "temperature_histograms.csv", written, t);
    }
    // One example configuration per frame and temperature, int8 [n, L, L].
    std::vector<std::int8_t> spins;
    std::size_t n = 0;
    for (int f = 0; f < 2; ++f)
        for (const auto& e : s.frames[f].examples)
            if (int(e.size()) == s.L * s.L) {
                spins.insert(spins.end(), e.begin(), e.end());
                ++n;
            }
    if (n > 0) {
        const QString path = dir.filePath("temperature_examples.npy");
        writeNpyInt8(path.toStdString(), {n, std::size_t(s.L), std::size_t(s.L)}, spins);
        written << path;
    }
    return written;
}

void DualFramesTemperatureTab::scaleViews(double scale)
{
    for (auto* c : {m_accuracy, m_histogram[0], m_histogram[1], m_training})
        c->setPresentationScale(scale);
}

} // namespace dlab::gui
