#include "ErrorBanner.hpp"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace dlab::gui {

ErrorBanner::ErrorBanner(QWidget* overlaid) : QFrame(overlaid)
{
    setObjectName("errorBanner");
    setAutoFillBackground(true);
    setStyleSheet("#errorBanner { background: #b2182b; border-radius: 4px; } "
                  "#errorBanner QLabel { color: white; font-weight: bold; } "
                  "#errorBanner QToolButton { color: white; border: none; font-weight: bold; }");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    m_text = new QLabel;
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close = new QToolButton;
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Hide this message"));
    layout->addWidget(m_text, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    overlaid->installEventFilter(this);
    hide();
}

void ErrorBanner::showMessage(const QString& message)
{
    m_text->setText(message);
    setVisible(!message.isEmpty());
    if (!message.isEmpty()) {
        place();
        raise();
    }
}

QString ErrorBanner::message() const { return isHidden() ? QString() : m_text->text(); }

void ErrorBanner::setScale(double scale)
{
    QFont f = font();
    f.setPointSizeF(QFont().pointSizeF() * scale);
    m_text->setFont(f);
    place();
}

bool ErrorBanner::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parent() && (event->type() == QEvent::Resize || event->type() == QEvent::LayoutRequest)) place();
    return QFrame::eventFilter(watched, event);
}

void ErrorBanner::place()
{
    auto* host = parentWidget();
    const int margin = 8, width = std::max(100, host->width() - 2 * margin);
    const int height = std::min(heightForWidth(width) > 0 ? heightForWidth(width) : sizeHint().height(),
                                std::max(40, host->height() / 3));
    setGeometry(margin, host->height() - height - margin, width, height);
}

} // namespace dlab::gui
