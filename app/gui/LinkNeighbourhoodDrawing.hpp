#pragma once
// A small drawing of the 7 candidate links around a link l = (a → b) in the
// mirrored frame of docs/experiments/duality.md, for a horizontal link and for a vertical one
// (x ↔ y swapped, not rotated), with the slot numbers and one slot
// highlighted (the one the attention rests on). Pure geometry, no physics.

#include <QWidget>
#include <array>

namespace dlab::gui {

class LinkNeighbourhoodDrawing : public QWidget {
    Q_OBJECT
public:
    explicit LinkNeighbourhoodDrawing(QWidget* parent = nullptr);

    // −1: nothing highlighted. Weights (0…1) set each link's line width.
    void setSelectedSlot(int slot);
    void setWeights(const std::array<double, 7>& w);
    int selectedSlot() const { return m_selected; }

    QSize sizeHint() const override { return {260, 170}; }
    QSize minimumSizeHint() const override { return {200, 140}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    int m_selected = -1;
    std::array<double, 7> m_weights{};
};

} // namespace dlab::gui
