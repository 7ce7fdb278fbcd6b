#include "DualFramesFourierTab.hpp"

#include "engine/io/CsvTable.hpp"
#include "engine/io/Npy.hpp"
#include "widgets/BarChart.hpp"
#include "widgets/ChartPanel.hpp"
#include "widgets/ColorMap.hpp"
#include "widgets/FigureExporter.hpp"

#include <QLabel>
#include <cmath>
#include <numeric>

namespace dlab::gui {
namespace {

using dualframes::FourierParams;
using dualframes::FourierSnapshot;
using P = FourierParams;

const std::vector<FieldBinding<P>>& fieldTable()
{
    static const std::vector<FieldBinding<P>> table{
        {FieldSpec::integer("N", "N", QObject::tr("Samples per signal"), P::kMinLength, P::kMaxLength, 16),
         [](const P& p) { return p.length; }, [](P& p, const QVariant& v) { p.length = v.toInt(); }},
        {FieldSpec::integer("frequency", QObject::tr("Frequency k"),
                            QObject::tr("Cycles of the sine per window; 0 = N/8 (at most (N − 1)/2)"), 0,
                            P::kMaxLength / 2),
         [](const P& p) { return p.frequency; }, [](P& p, const QVariant& v) { p.frequency = v.toInt(); }},
        {FieldSpec::real("amplitude", QObject::tr("Amplitude A"),
                         QObject::tr("Amplitude of the sine (the noise has σ)"), P::kMinAmplitude, P::kMaxAmplitude, 3,
                         0.05),
         [](const P& p) { return p.amplitude; }, [](P& p, const QVariant& v) { p.amplitude = v.toDouble(); }},
        {FieldSpec::real("noise", QObject::tr("Noise σ"), QObject::tr("Standard deviation of the Gaussian noise"),
                         P::kMinNoise, P::kMaxNoise, 3, 0.1),
         [](const P& p) { return p.noise; }, [](P& p, const QVariant& v) { p.noise = v.toDouble(); }},
        {FieldSpec::integer("train", QObject::tr("Training signals"), QObject::tr("Half with a sine, half noise only"),
                            P::kMinSamples, P::kMaxSamples, 500),
         [](const P& p) { return p.train; }, [](P& p, const QVariant& v) { p.train = v.toInt(); }},
        {FieldSpec::integer("epochs", QObject::tr("Separation epochs"),
                            QObject::tr("Epochs of the feature-separation layer"), P::kMinEpochs, P::kMaxEpochs, 5),
         [](const P& p) { return p.separationEpochs; },
         [](P& p, const QVariant& v) { p.separationEpochs = v.toInt(); }},
        {FieldSpec::real("margin", QObject::tr("Margin m"), QObject::tr("Signals are pushed to power Σ y² ≥ m"), 0.01,
                         100.0, 2, 0.5),
         [](const P& p) { return p.loss.margin; }, [](P& p, const QVariant& v) { p.loss.margin = v.toDouble(); }},
        {FieldSpec::real("normFloor", QObject::tr("Norm floor f"),
                         QObject::tr("Penalty max(0, f − Σ W²): keeps W from vanishing"), 0.0, P::kMaxNormFloor, 2,
                         0.1),
         [](const P& p) { return p.loss.normFloor; }, [](P& p, const QVariant& v) { p.loss.normFloor = v.toDouble(); }},
        {FieldSpec::real("decorrelation", QObject::tr("Decorrelation γ"),
                         QObject::tr("Penalty γ (w₁·w₂)² between the two units"), 0.0, P::kMaxDecorrelation, 2, 0.5),
         [](const P& p) { return p.loss.decorrelation; },
         [](P& p, const QVariant& v) { p.loss.decorrelation = v.toDouble(); }},
        {FieldSpec::integerList("plainHidden", QObject::tr("Plain hidden layers"),
                                QObject::tr("ReLU layers of the plain network on the raw signal"), P::kMinHidden,
                                P::kMaxHidden),
         [](const P& p) { return toVariantList(p.plainHidden); },
         [](P& p, const QVariant& v) { p.plainHidden = fromVariantList<int>(v); }},
        {FieldSpec::integer("plainEpochs", QObject::tr("Plain epochs"),
                            QObject::tr("Epochs of the plain network at most"), P::kMinEpochs, P::kMaxEpochs, 5),
         [](const P& p) { return p.plainEpochs; }, [](P& p, const QVariant& v) { p.plainEpochs = v.toInt(); }},
    };
    return table;
}

QString note()
{
    return QObject::tr(
        "<p><b>What it shows:</b> is there a sine under the noise? A plain dense network sees the raw samples. "
        "The feature-separation layer is two linear units y = W x trained so that signals have power Σ y² ≥ m "
        "and noise has little, with a norm floor and a decorrelation term. Nobody tells it about Fourier; its "
        "weights become a cos/sin pair at the signal frequency — the dual (momentum) frame.</p>"
        "<p><b>Reference:</b> the matched power detector knows k and is the best test there is (dashed).</p>"
        "<p><b>Try:</b> a weaker sine (A = 0.25); fewer training signals; decorrelation 0 and watch the two "
        "units collapse onto one phase.</p>");
}

std::vector<double> iota(std::size_t n, double start)
{
    std::vector<double> v(n);
    std::iota(v.begin(), v.end(), start);
    return v;
}

} // namespace

DualFramesFourierTab::DualFramesFourierTab(QWidget* parent) : DualFramesTab(parent)
{
    auto* form = new FieldForm(specsOf(fieldTable()));
    showParams(*form, fieldTable(), P{});
    buildPanel(form, note());

    setAutoFillBackground(true);
    setWindowTitle(tr("DualityLab – Dual frames: Fourier feature separation"));

    m_signal = new widgets::ChartPanel;
    m_signal->setTitle(tr("Test signal"));
    m_signal->setAxisTitles(tr("t  [samples]"), tr("x_t  [σ]"));
    m_noisy = m_signal->addLine(tr("sine + noise"), QColor(150, 150, 150), 1.0);
    m_clean = m_signal->addLine(tr("sine"), widgets::categoricalColor(5), 2.0);

    m_weights = new widgets::ChartPanel;
    m_weights->setTitle(tr("Weights"));
    m_weights->setAxisTitles(tr("t  [samples]"), tr("w_t"));
    for (int u = 0; u < 2; ++u) {
        m_unit[u] = m_weights->addLine(tr("w%1").arg(u + 1), widgets::categoricalColor(u), 1.6);
        m_mode[u] = m_weights->addLine(tr("mode"), widgets::categoricalColor(u), 1.2, Qt::DashLine);
        m_weights->setLegendEntryVisible(m_mode[u], false); // the title says what dashed means
    }

    m_spectrum = new widgets::ChartPanel;
    m_spectrum->setTitle(tr("Weight spectrum"));
    m_spectrum->setAxisTitles(tr("k  [cycles / window]"), tr("|ŵ(k)|²"));
    m_spectrum->setLogY(true);
    m_power = m_spectrum->addLine(tr("weights"), widgets::categoricalColor(0), 1.6);
    m_marker = m_spectrum->addLine(tr("signal k"), widgets::categoricalColor(5), 1.4, Qt::DashLine);

    m_curves = new widgets::ChartPanel;
    m_curves->setTitle(tr("Validation accuracy"));
    m_curves->setAxisTitles(tr("epoch"), tr("accuracy"));
    m_separationCurve = m_curves->addLine(tr("separation"), widgets::categoricalColor(1), 1.8);
    m_plainCurve = m_curves->addLine(tr("plain"), widgets::categoricalColor(0), 1.8);
    m_matchedExact = m_curves->addReferenceLine(tr("best"), QColor(60, 60, 60));

    m_bars = new widgets::BarChart;
    m_bars->setTitle(tr("Test accuracy"));
    m_bars->setAxisTitle(tr("accuracy"));
    m_bars->setRange(0.4, 1.0);
    m_bars->setObjectName("fourierAccuracy");

    m_readout = new QLabel;
    m_readout->setWordWrap(true);
    m_readout->setTextFormat(Qt::RichText);
    m_readout->setObjectName("fourierReadout");
    setViews({m_signal, m_weights, m_spectrum, m_curves, m_bars}, {m_signal, m_weights, m_spectrum, m_bars}, m_readout);
    for (QWidget* w : std::initializer_list<QWidget*>{m_signal, m_weights, m_spectrum, m_curves, m_bars})
        widgets::FigureExporter::installContextMenu(w);
}

P DualFramesFourierTab::params() const
{
    P p = readParams(*form(), fieldTable(), P{});
    p.seed = m_seed;
    return p;
}

std::unique_ptr<Experiment> DualFramesFourierTab::create(std::uint64_t seed)
{
    m_seed = seed;
    auto e = std::make_unique<dualframes::FourierExperiment>(params());
    m_shown.reset();
    return e;
}

void DualFramesFourierTab::show(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    auto s = std::dynamic_pointer_cast<const FourierSnapshot>(snapshot);
    if (!s) return;
    m_shown = s;
    const std::size_t n = std::size_t(s->length);
    const auto t = iota(n, 0.0);
    if (s->exampleSignal.size() == n) {
        m_signal->setLineData(m_noisy, t, s->exampleSignal);
        m_signal->setLineData(m_clean, t, s->exampleSine);
    }
    m_signal->setTitle(tr("Signal, A = %1, k = %2").arg(s->amplitude, 0, 'g', 3).arg(s->signalFrequency));
    // Three periods of the signal frequency, so the phases can be read off
    // (all N weights are in the exported data).
    const std::size_t shown =
        std::min(n, std::size_t(std::ceil(3.0 * double(n) / std::max(1, s->signalFrequency))) + 1);
    for (int u = 0; u < 2; ++u) {
        if (u < s->weights.rows() && std::size_t(s->weights.cols()) == n) {
            std::vector<double> w(shown), m(shown);
            for (std::size_t i = 0; i < shown; ++i) {
                w[i] = s->weights(u, Eigen::Index(i));
                m[i] = s->weightsInMode(u, Eigen::Index(i));
            }
            const std::vector<double> tt(t.begin(), t.begin() + std::ptrdiff_t(shown));
            m_weights->setLineData(m_unit[u], tt, w);
            m_weights->setLineData(m_mode[u], tt, m);
        } else {
            m_weights->setLineData(m_unit[u], nullptr, nullptr, 0);
            m_weights->setLineData(m_mode[u], nullptr, nullptr, 0);
        }
    }
    m_weights->setTitle(
        tr("Weights: %1 % in the mode k = %2").arg(100 * s->modeFraction, 0, 'f', 0).arg(s->signalFrequency));
    if (s->weightSpectrum.size() > 0) {
        const auto k = iota(std::size_t(s->weightSpectrum.size()), 0.0);
        std::vector<double> p(s->weightSpectrum.data(), s->weightSpectrum.data() + s->weightSpectrum.size());
        for (double& v : p)
            v = std::max(v, 1e-12); // the log axis needs positive values
        m_spectrum->setLineData(m_power, k, p);
        const double lo = *std::min_element(p.begin(), p.end()), hi = *std::max_element(p.begin(), p.end());
        m_spectrum->setLineData(m_marker, {double(s->signalFrequency), double(s->signalFrequency)}, {lo, hi});
        m_spectrum->setTitle(tr("Weight spectrum, peak k = %1").arg(s->weightsFrequency));
    }
    m_curves->setLineData(m_separationCurve, iota(s->separationValidation.size(), 1.0), s->separationValidation);
    m_curves->setLineData(m_plainCurve, iota(s->plain.validationScore.size(), 1.0), s->plain.validationScore);
    m_curves->setReferenceValue(m_matchedExact, s->accuracyMatchedExact);

    auto error = [&](double a) { return std::isfinite(a) ? std::sqrt(a * (1 - a) / std::max(1, s->testSize)) : NAN; };
    m_bars->setBars({tr("plain network"), tr("feature separation"), tr("matched detector")},
                    {s->accuracyPlain, s->accuracySeparation, s->accuracyMatched},
                    {error(s->accuracyPlain), error(s->accuracySeparation), error(s->accuracyMatched)},
                    {widgets::categoricalColor(0), widgets::categoricalColor(1), QColor(120, 120, 120)});
    m_bars->setReference(s->accuracyMatchedExact,
                         tr("best possible (exact) %1").arg(s->accuracyMatchedExact, 0, 'f', 3));
    m_bars->setTitle(tr("Test accuracy (%1 signals)").arg(s->testSize));

    QString text = tr("<b>%1</b> · %2 % · signal k = %3, weights peak at k = %4 · test accuracy: plain %5, "
                      "feature separation %6, matched detector %7 (exact %8)")
                       .arg(QString::fromStdString(s->stage).toHtmlEscaped())
                       .arg(int(std::lround(100 * s->progress)))
                       .arg(s->signalFrequency)
                       .arg(s->weightsFrequency >= 0 ? QString::number(s->weightsFrequency) : QString("–"))
                       .arg(s->accuracyPlain, 0, 'f', 3)
                       .arg(s->accuracySeparation, 0, 'f', 3)
                       .arg(s->accuracyMatched, 0, 'f', 3)
                       .arg(s->accuracyMatchedExact, 0, 'f', 3);
    m_readout->setText(text.replace("nan", "–"));
}

QString DualFramesFourierTab::statusText() const
{
    if (!m_shown) return {};
    return tr("%1 · %2 %").arg(QString::fromStdString(m_shown->stage)).arg(int(std::lround(100 * m_shown->progress)));
}

QStringList DualFramesFourierTab::exportData(const QDir& dir) const
{
    if (!m_shown) throw std::runtime_error("nothing to export yet: run the experiment first");
    const auto& s = *m_shown;
    QStringList written;
    auto describe = [&](CsvTable& t) {
        t.addHeader("program", "DualityLab, dual frames C3: a sine in noise, time and Fourier frames");
        t.addHeader("length N", s.length);
        t.addHeader("signal frequency k", s.signalFrequency);
        t.addHeader("amplitude", s.amplitude);
        t.addHeader("noise sigma", s.noise);
        t.addHeader("seed", double(m_seed));
    };
    {
        CsvTable t({"accuracy_plain", "accuracy_feature_separation", "accuracy_matched_detector",
                    "accuracy_matched_detector_exact", "test_size"});
        describe(t);
        t.addRow(
            {s.accuracyPlain, s.accuracySeparation, s.accuracyMatched, s.accuracyMatchedExact, double(s.testSize)});
        writeTable(dir, "fourier_accuracy.csv", written, t);
    }
    {
        std::vector<std::string> columns{"t"};
        for (Eigen::Index u = 0; u < s.weights.rows(); ++u) {
            const std::string w = std::string(1, 'w').append(std::to_string(u + 1));
            columns.push_back(w);
            columns.push_back(w + "_in_mode");
        }
        columns.push_back("example_signal");
        columns.push_back("example_sine");
        CsvTable t(columns);
        describe(t);
        auto at = [](const std::vector<double>& v, Eigen::Index i) {
            return i < Eigen::Index(v.size()) ? v[std::size_t(i)] : NAN;
        };
        for (Eigen::Index k = 0; k < s.weights.cols(); ++k) {
            std::vector<double> row{double(k)};
            for (Eigen::Index u = 0; u < s.weights.rows(); ++u) {
                row.push_back(s.weights(u, k));
                row.push_back(s.weightsInMode(u, k));
            }
            row.push_back(at(s.exampleSignal, k));
            row.push_back(at(s.exampleSine, k));
            t.addRow(std::move(row));
        }
        writeTable(dir, "fourier_weights.csv", written, t);
    }
    {
        CsvTable t({"k", "power"});
        describe(t);
        for (Eigen::Index k = 0; k < s.weightSpectrum.size(); ++k)
            t.addRow({double(k), s.weightSpectrum[k]});
        writeTable(dir, "fourier_spectrum.csv", written, t);
    }
    {
        CsvTable t({"epoch", "separation_loss", "separation_validation", "plain_loss", "plain_validation"});
        describe(t);
        const std::size_t n = std::max(s.separationLoss.size(), s.plain.loss.size());
        auto at = [](const std::vector<double>& v, std::size_t i) { return i < v.size() ? v[i] : NAN; };
        for (std::size_t i = 0; i < n; ++i)
            t.addRow({double(i + 1), at(s.separationLoss, i), at(s.separationValidation, i), at(s.plain.loss, i),
                      at(s.plain.validationScore, i)});
        writeTable(dir, "fourier_training.csv", written, t);
    }
    if (s.weights.size() > 0) {
        std::vector<double> rowMajor;
        for (Eigen::Index u = 0; u < s.weights.rows(); ++u)
            for (Eigen::Index t = 0; t < s.weights.cols(); ++t)
                rowMajor.push_back(s.weights(u, t));
        const QString npy = dir.filePath("fourier_weights.npy");
        writeNpyFloat64(npy.toStdString(), {std::size_t(s.weights.rows()), std::size_t(s.weights.cols())}, rowMajor);
        written << npy;
    }
    return written;
}

void DualFramesFourierTab::scaleViews(double scale)
{
    for (auto* c : {m_signal, m_weights, m_spectrum, m_curves})
        c->setPresentationScale(scale);
    m_bars->setPresentationScale(scale);
}

} // namespace dlab::gui
