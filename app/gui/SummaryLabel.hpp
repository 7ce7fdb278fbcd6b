#pragma once
// The framed, selectable rich-text panel the autoregressive views use for
// their tables of numbers.

#include <QLabel>

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

} // namespace dlab::gui
