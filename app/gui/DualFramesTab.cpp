#include "DualFramesTab.hpp"

#include "engine/io/CsvTable.hpp"

#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace dlab::gui {

void DualFramesTab::buildPanel(FieldForm* form, const QString& note)
{
    m_form = form;
    m_panel = new QWidget;
    auto* layout = new QVBoxLayout(m_panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(form);
    auto* restart = new QPushButton(tr("Restart with these settings"));
    restart->setObjectName("restart");
    layout->addWidget(restart);
    auto* text = new QLabel(note);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setObjectName("tabNote");
    layout->addWidget(text);
    layout->addStretch(1);
    connect(restart, &QPushButton::clicked, this, &DualFramesTab::restartRequested);
    connect(form, &FieldForm::edited, this, &DualFramesTab::restartRequested);
}

void DualFramesTab::setViews(std::vector<QWidget*> views, std::vector<QWidget*> headline, QWidget* readout)
{
    m_views = HeadlineViews(std::move(views), std::move(headline));
    m_readout = readout;
    m_grid = new QGridLayout(this);
    placeViews(false);
}

void DualFramesTab::placeViews(bool presentation)
{
    // Three columns normally; two in presentation mode, where fewer, larger views remain.
    const int columns = presentation ? 2 : 3;
    m_grid->removeWidget(m_readout);
    const int rows = m_views.placeInGrid(m_grid, presentation, columns);
    m_grid->addWidget(m_readout, rows, 0, 1, columns);
    m_grid->setRowStretch(rows, 0);
}

void DualFramesTab::setPresentationScale(double scale)
{
    scaleViews(scale);
    placeViews(HeadlineViews::presenting(scale));
}

void DualFramesTab::writeTable(const QDir& directory, const QString& name, QStringList& written, const CsvTable& table)
{
    const QString path = directory.filePath(name);
    table.write(path.toStdString());
    written << path;
}

} // namespace dlab::gui
