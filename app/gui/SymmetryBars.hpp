#pragma once
// A tiny bar chart for the explained-variance ratios of the principal
// generators: one bar per component, y axis 0 … 1, values above the bars.

#include <QWidget>
#include <vector>

namespace dlab::gui {

class SymmetryBars : public QWidget {
    Q_OBJECT
public:
    explicit SymmetryBars(QWidget* parent = nullptr);
    void setValues(std::vector<double> values);
    void setPresentationScale(double scale);
    const std::vector<double>& values() const { return m_values; }
    QSize sizeHint() const override { return {260, 220}; }
    QSize minimumSizeHint() const override { return {160, 140}; }

protected:
    void paintEvent(QPaintEvent*) override;

private:
    std::vector<double> m_values;
    double m_scale = 1;
};

} // namespace dlab::gui
