#pragma once
// Presentation mode scales fonts (docs/gui.md): a page's own tab bars (the
// duality page's Training/Attention/sweeps, the dual frames' C1–C3, the
// autoregressive D1–D3, the field theory's RBM/φ⁴/Diffusion) must grow with
// the charts, or they stay at desktop size on a projector.

class QWidget;

namespace dlab::gui {

// The application font times `scale` for every tab bar inside `page`.
void scaleTabBars(QWidget* page, double scale);

} // namespace dlab::gui
