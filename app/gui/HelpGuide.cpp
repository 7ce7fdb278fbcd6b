#include "HelpGuide.hpp"

#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QTextBrowser>

namespace dlab::gui {
namespace {

// index.txt: one "id | title" per line.
QList<QPair<QString, QString>> index()
{
    QList<QPair<QString, QString>> out;
    QFile f(":/help/index.txt");
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return out;
    for (const QString& line : QString::fromUtf8(f.readAll()).split('\n')) {
        const int bar = line.indexOf('|');
        if (bar > 0) out.append({line.left(bar).trimmed(), line.mid(bar + 1).trimmed()});
    }
    return out;
}

} // namespace

HelpGuide::HelpGuide(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("DualityLab guide"));
    auto* layout = new QHBoxLayout(this);
    m_list = new QListWidget;
    m_list->setObjectName("guidePages");
    m_list->setMaximumWidth(260);
    m_text = new QTextBrowser;
    m_text->setObjectName("guideText");
    m_text->setOpenExternalLinks(true);
    layout->addWidget(m_list);
    layout->addWidget(m_text, 1);
    for (const auto& [id, title] : index()) {
        auto* item = new QListWidgetItem(title, m_list);
        item->setData(Qt::UserRole, id);
    }
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0) return;
        const QString id = m_list->item(row)->data(Qt::UserRole).toString();
        m_text->setMarkdown(id == m_generatedId ? m_generatedMarkdown : pageMarkdown(id));
    });
    resize(900, 640);
}

void HelpGuide::setGeneratedPage(const QString& id, const QString& title, const QString& markdown)
{
    m_generatedId = id;
    m_generatedMarkdown = markdown;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == id) return;
    auto* item = new QListWidgetItem(title, m_list);
    item->setData(Qt::UserRole, id);
}

void HelpGuide::showPage(const QString& id)
{
    int row = 0;
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == id) row = i;
    m_list->setCurrentRow(-1);
    m_list->setCurrentRow(row);
}

QString HelpGuide::currentId() const
{
    auto* item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

QString HelpGuide::currentText() const { return m_text->toMarkdown(); }

QStringList HelpGuide::pageIds()
{
    QStringList ids;
    for (const auto& entry : index())
        ids << entry.first;
    return ids;
}

QString HelpGuide::pageTitle(const QString& id)
{
    for (const auto& [key, title] : index())
        if (key == id) return title;
    return {};
}

QString HelpGuide::pageMarkdown(const QString& id)
{
    QFile f(":/help/" + id + ".md");
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) return tr("*No guide page for \"%1\".*").arg(id);
    return QString::fromUtf8(f.readAll());
}

} // namespace dlab::gui
