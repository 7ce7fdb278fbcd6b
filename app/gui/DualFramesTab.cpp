#include "DualFramesTab.hpp"

#include <QFile>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QTextStream>
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
    m_views = std::move(views);
    m_headline = std::move(headline);
    m_readout = readout;
    m_grid = new QGridLayout(this);
    placeViews(false);
}

void DualFramesTab::placeViews(bool presentation)
{
    for (QWidget* w : m_views)
        m_grid->removeWidget(w);
    m_grid->removeWidget(m_readout);
    const std::vector<QWidget*>& shown = presentation ? m_headline : m_views;
    for (QWidget* w : m_views)
        w->setVisible(std::find(shown.begin(), shown.end(), w) != shown.end());
    const int columns = presentation ? 2 : 3;
    const int n = int(shown.size()), rows = (n + columns - 1) / columns;
    for (int i = 0; i < n; ++i) {
        const int row = i / columns, column = i % columns;
        const bool last = i == n - 1;
        m_grid->addWidget(shown[std::size_t(i)], row, column, 1, last ? columns - column : 1);
    }
    m_grid->addWidget(m_readout, rows, 0, 1, columns);
    for (int r = 0; r < 4; ++r)
        m_grid->setRowStretch(r, r < rows ? 1 : 0);
    for (int c = 0; c < 3; ++c)
        m_grid->setColumnStretch(c, c < columns ? 1 : 0);
}

void DualFramesTab::setPresentationScale(double scale)
{
    scaleViews(scale);
    placeViews(scale > 1);
}

void DualFramesTab::writeFile(const QDir& directory, const QString& name, QStringList& written,
                              const std::function<void(QTextStream&)>& fill)
{
    QFile f(directory.filePath(name));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        throw std::runtime_error(("cannot write " + f.fileName()).toStdString());
    QTextStream out(&f);
    fill(out);
    written << f.fileName();
}

QString csvNumber(double v) { return std::isfinite(v) ? QString::number(v, 'g', 12) : QStringLiteral("nan"); }

} // namespace dlab::gui
