#pragma once
// The framed, selectable rich-text panel the autoregressive views use for
// their tables of numbers.

#include <QLabel>
#include <QScrollArea>

namespace dlab::gui {

inline QLabel* makeSummaryLabel(const char* objectName)
{
    auto* l = new QLabel;
    l->setObjectName(objectName);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    l->setFrameShape(QFrame::StyledPanel);
    l->setMargin(6);
    l->setMinimumWidth(160);
    return l;
}

// The label in a frameless scroll area: a long table in presentation-size
// fonts scrolls instead of stretching its row of the page.
inline QScrollArea* scrollable(QLabel* label)
{
    auto* area = new QScrollArea;
    area->setWidget(label);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    area->setMinimumHeight(80);
    return area;
}

} // namespace dlab::gui
