#include "DualFramesPage.hpp"

#include "PresentationFonts.hpp"

#include "DualFramesChainTab.hpp"
#include "DualFramesFourierTab.hpp"
#include "DualFramesTemperatureTab.hpp"

#include "engine/core/ParameterError.hpp"

#include <QDir>
#include <QJsonValue>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

namespace dlab::gui {

DualFramesPage::DualFramesPage(QWidget* parent) : ExperimentPage(parent)
{
    m_temperature = new DualFramesTemperatureTab;
    m_chain = new DualFramesChainTab;
    m_fourier = new DualFramesFourierTab;
    m_all = {m_temperature, m_chain, m_fourier};

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName("dualFramesTabs");
    m_panels = new QStackedWidget;
    for (DualFramesTab* t : m_all) {
        m_tabs->addTab(t, t->title());
        m_panels->addWidget(t->panel());
        connect(t, &DualFramesTab::restartRequested, this, [this, t] {
            if (!m_loading && t == currentTab()) Q_EMIT resetRequested();
        });
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        m_panels->setCurrentIndex(index);
        if (!m_loading) Q_EMIT resetRequested(); // the visible tab's experiment runs
    });
}

DualFramesTab* DualFramesPage::currentTab() const { return m_all[std::size_t(std::max(0, m_tabs->currentIndex()))]; }

void DualFramesPage::setCurrentTab(const QString& key)
{
    for (std::size_t i = 0; i < m_all.size(); ++i)
        if (m_all[i]->key() == key) m_tabs->setCurrentIndex(int(i));
}

std::unique_ptr<Experiment> DualFramesPage::createExperiment(std::uint64_t seed)
{
    auto e = currentTab()->create(seed);
    Q_EMIT errorMessage(QString());
    return e;
}

void DualFramesPage::showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot)
{
    currentTab()->show(snapshot);
}

QString DualFramesPage::statusText() const { return currentTab()->statusText(); }

QJsonObject DualFramesPage::saveParameters() const
{
    QJsonObject o{{"tab", currentTab()->key()}};
    for (const DualFramesTab* t : m_all)
        o[t->key()] = t->form()->save();
    return o;
}

void DualFramesPage::loadParameters(const QJsonObject& o)
{
    QString tab = currentTab()->key();
    if (o.contains("tab")) {
        tab = o["tab"].toString();
        bool known = false;
        for (const DualFramesTab* t : m_all)
            known = known || t->key() == tab;
        if (!known) throw ParameterError("tab", "must be \"temperature\", \"chain\" or \"fourier\"");
    }
    for (const DualFramesTab* t : m_all)
        if (o.contains(t->key()) && !o[t->key()].isObject())
            throw ParameterError(t->key().toStdString(), "must be an object of parameters");
    // Check every tab's values before changing any (no half-loaded page).
    std::vector<QJsonObject> previous;
    for (const DualFramesTab* t : m_all)
        previous.push_back(t->form()->save());
    m_loading = true;
    try {
        for (DualFramesTab* t : m_all)
            if (o.contains(t->key())) t->form()->load(o[t->key()].toObject());
    } catch (...) {
        for (std::size_t i = 0; i < m_all.size(); ++i)
            m_all[i]->form()->load(previous[i]);
        m_loading = false;
        throw;
    }
    setCurrentTab(tab);
    m_loading = false;
}

QWidget* DualFramesPage::figureWidget() { return currentTab(); }

QStringList DualFramesPage::exportData(const QString& directory, ExperimentRunner&)
{
    QDir dir(directory);
    if (!dir.exists() && !QDir().mkpath(directory))
        throw std::runtime_error(("cannot create " + directory).toStdString());
    return currentTab()->exportData(dir);
}

void DualFramesPage::setPresentationScale(double scale)
{
    for (DualFramesTab* t : m_all)
        t->setPresentationScale(scale);
    scaleTabBars(this, scale);
}

} // namespace dlab::gui
