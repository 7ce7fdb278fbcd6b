#include "FieldTheoryPage.hpp"

#include "PresentationFonts.hpp"

#include "DiffusionTab.hpp"
#include "Phi4Tab.hpp"
#include "RbmTab.hpp"

#include "engine/core/ParameterError.hpp"

#include <QScrollArea>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>
#include <cmath>

namespace dlab::gui {

QString withError(double mean, double error)
{
    if (!std::isfinite(mean)) return QStringLiteral("—");
    if (!(error > 0) || !std::isfinite(error)) return QString::number(mean, 'g', 5);
    const int decimals = std::clamp(1 - int(std::floor(std::log10(error))), 0, 8);
    return QStringLiteral("%1 ± %2").arg(mean, 0, 'f', decimals).arg(error, 0, 'f', decimals);
}

FieldTheoryPage::FieldTheoryPage(QWidget* parent) : ExperimentPage(parent)
{
    m_rbm = new RbmTab(this, this);
    m_phi4 = new Phi4Tab(this, this);
    m_diffusion = new DiffusionTab(this, this);
    m_all = {m_rbm, m_phi4, m_diffusion};
    m_tabs = new QTabWidget;
    m_tabs->setObjectName("fieldTheoryTabs");
    m_panels = new QStackedWidget;
    for (FieldTheoryTab* t : m_all) {
        m_tabs->addTab(t->view(), t->title());
        m_panels->addWidget(t->panel());
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        m_panels->setCurrentIndex(index);
        if (!m_loading) Q_EMIT resetRequested();
    });
}

FieldTheoryPage::~FieldTheoryPage() = default;

QWidget* FieldTheoryPage::parameterPanel() { return m_panels; }
QJsonObject FieldTheoryPage::saveResults() const
{
    QJsonObject o;
    for (const FieldTheoryTab* t : m_all) {
        const QJsonObject r = t->saveResults();
        if (!r.isEmpty()) o[t->key()] = r;
    }
    return o;
}

ExperimentPage::ShowResults FieldTheoryPage::readResults(const QJsonObject& results)
{
    std::vector<std::function<void()>> shows;
    for (FieldTheoryTab* t : m_all) {
        if (!results.contains(t->key())) continue;
        if (!results.value(t->key()).isObject())
            throw std::runtime_error(t->key().toStdString() + ": must be an object");
        try {
            if (auto show = t->readResults(results.value(t->key()).toObject())) shows.push_back(std::move(show));
        } catch (const std::exception& e) {
            throw std::runtime_error(t->key().toStdString() + "." + e.what());
        }
    }
    if (shows.empty()) return {};
    return [shows = std::move(shows)] {
        for (const auto& show : shows)
            show();
    };
}

FieldTheoryTab* FieldTheoryPage::current() const { return m_all[std::size_t(std::max(0, m_tabs->currentIndex()))]; }
int FieldTheoryPage::currentTab() const { return m_tabs->currentIndex(); }
void FieldTheoryPage::setCurrentTab(int index) { m_tabs->setCurrentIndex(index); }

void FieldTheoryPage::requestReset()
{
    if (!m_loading) Q_EMIT resetRequested();
}
void FieldTheoryPage::requestEdit(ExperimentRunner::Edit edit) { Q_EMIT editRequested(std::move(edit)); }
void FieldTheoryPage::reportError(const QString& message) { Q_EMIT errorMessage(message); }

std::unique_ptr<Experiment> FieldTheoryPage::createExperiment(std::uint64_t seed)
{
    auto e = current()->create(seed);
    Q_EMIT errorMessage(QString());
    return e;
}

void FieldTheoryPage::showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    current()->show(snapshot);
}

QString FieldTheoryPage::statusText() const { return current()->status(); }
int FieldTheoryPage::workPerStep() const { return current()->workPerStep(); }
void FieldTheoryPage::setWorkPerStep(int n) { current()->setWorkPerStep(n); }
QString FieldTheoryPage::workUnit() const { return current()->workUnit(); }
QWidget* FieldTheoryPage::figureWidget() { return current()->view(); }

QJsonObject FieldTheoryPage::saveParameters() const
{
    QJsonObject o{{"tab", current()->key()}};
    for (const FieldTheoryTab* t : m_all)
        o[t->key()] = t->save();
    return o;
}

void FieldTheoryPage::loadParameters(const QJsonObject& o)
{
    int tab = m_tabs->currentIndex();
    if (o.contains("tab")) {
        tab = -1;
        for (std::size_t i = 0; i < m_all.size(); ++i)
            if (o["tab"].toString() == m_all[i]->key()) tab = int(i);
        if (tab < 0) throw ParameterError("tab", "must be one of rbm, phi4, diffusion");
    }
    for (FieldTheoryTab* t : m_all)
        if (o.contains(t->key())) {
            if (!o[t->key()].isObject()) throw ParameterError(t->key().toStdString(), "must be an object");
            t->load(o[t->key()].toObject());
        }
    m_loading = true;
    m_tabs->setCurrentIndex(tab);
    m_panels->setCurrentIndex(tab);
    m_loading = false;
}

void FieldTheoryPage::exportDataAsync(const QString& directory, ExperimentRunner& runner, ExportDone done)
{
    current()->exportData(directory, runner, std::move(done));
}

void FieldTheoryPage::setPresentationScale(double scale)
{
    for (FieldTheoryTab* t : m_all)
        t->setPresentationScale(scale);
    scaleTabBars(this, scale);
}

} // namespace dlab::gui
