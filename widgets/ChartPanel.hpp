#pragma once
// Our own chart class (Qt Charts stays an implementation detail, replaceable
// when Qt Charts goes): line series decimated to the panel's width, so a 10⁶
// point curve costs only a few thousand plotted points and no copy of the data;
// horizontal reference lines for exact values; points with error bars; linear
// or logarithmic axes with titles (put units in them); a legend.
// Every chart can be explored the same way: the mouse wheel zooms around the
// cursor (Ctrl: x only, Shift: y only), dragging pans, a double click returns to
// the automatic range, hovering reads out the nearest point, and the context
// menu copies or exports the chart (FigureExporter). Colours of text, grid and
// ground follow the widget's palette (a dark theme gives a dark chart).

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>
#include <QWidget>
#include <cstddef>
#include <vector>

class QChart;
class QAbstractAxis;
class QCategoryAxis;
class QLineSeries;
class QScatterSeries;

namespace dlab::widgets {

class ErrorBarChartView;

class ChartPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);
    ~ChartPanel() override;

    void setTitle(const QString& title);
    void setAxisTitles(const QString& x, const QString& y);
    void setLogX(bool on);
    void setLogY(bool on);
    bool logX() const { return m_logX; }
    bool logY() const { return m_logY; }
    void setLegendVisible(bool on);
    // Leaves one series out of the legend (e.g. when a neighbouring panel's
    // legend already explains its colour).
    void setLegendEntryVisible(int id, bool on);
    // Larger fonts and thicker lines for projectors (1 = normal).
    void setPresentationScale(double scale);

    // A line series; returns its id. Colours default to the Okabe–Ito palette.
    int addLine(const QString& name, QColor color = {}, double width = 1.5, Qt::PenStyle style = Qt::SolidLine);
    // x must be non-decreasing. Only a min/max envelope of ≈ 2 × pixel-width
    // points is kept; the caller keeps the full data.
    void setLineData(int id, const double* x, const double* y, std::size_t n);
    void setLineData(int id, const std::vector<double>& x, const std::vector<double>& y);

    // A horizontal line across the whole x range at y (NaN hides it).
    int addReferenceLine(const QString& name, QColor color, Qt::PenStyle style = Qt::DashLine);
    void setReferenceValue(int id, double y);

    // Points with vertical error bars (y ± err).
    int addErrorBars(const QString& name, QColor color = {});
    void setErrorBarData(int id, const std::vector<double>& x, const std::vector<double>& y,
                         const std::vector<double>& err);

    void clearData();
    // The number of points handed to Qt Charts for a line (after decimation).
    int plottedPoints(int id) const;

    // Min/max decimation: for each of `buckets` equal slices of the x range
    // (of log x when logX) keep its lowest and highest point in x order, so
    // spikes survive and the envelope is exact. Non-finite points are dropped.
    static std::vector<QPointF> decimate(const double* x, const double* y, std::size_t n, int buckets,
                                         bool logX = false);

    // Zoom by `factor` (< 1 zooms in) around the point at widget position
    // `centre`, in x, y or both; the view stays put until resetView().
    void zoom(double factor, QPointF centre, bool inX = true, bool inY = true);
    void pan(QPointF pixels);
    void resetView();
    bool hasUserView() const { return m_userView; }
    // The axes' current ranges.
    QRectF viewRange() const;
    // "name: x = …, y = … ± …" of the plotted point nearest to a widget
    // position (within 12 px), or "" — what the hover readout shows.
    QString readoutAt(QPointF widgetPos) const;

    // For white-box tests only (they link Qt6::Charts themselves).
    QChart* chart() const { return m_chart; }
    QSize sizeHint() const override { return {520, 300}; }
    // Room for the title, the legend, both axes' labels and titles and a
    // plot area at the current fonts: below it Qt Charts elides tick labels to
    // "…", so layouts must not squeeze a chart further (a page that cannot
    // fit then shows up as a window that grows, which tests catch).
    QSize minimumSizeHint() const override;
    // Empty when both axis titles fit along the plot area at their fonts;
    // otherwise the chart's title and which does not (Qt Charts elides such a
    // title to "…"). For
    // layout tests: axis titles are drawn by the chart, not QLabels.
    QString crampedAxisTitles() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Series;
    void applyPalette();
    void fitYTitle();
    static constexpr double kMinTitleShrink = 0.6; // smallest y-title font, relative to the labels'
    void rebuildAxes();
    void rescale();
    void applyPens();
    // Ticks for the axis' current range, as many as its labels leave room for.
    void retick(QCategoryAxis* axis);
    QColor nextColor(QColor c);

    QChart* m_chart = nullptr;
    ErrorBarChartView* m_view = nullptr;
    QAbstractAxis* m_xAxis = nullptr;
    QAbstractAxis* m_yAxis = nullptr;
    std::vector<Series*> m_series;
    QString m_xTitle, m_yTitle;
    bool m_logX = false, m_logY = false;
    double m_scale = 1.0;
    bool m_userView = false;
    double m_vx0 = 0, m_vx1 = 1, m_vy0 = 0, m_vy1 = 1; // the user's view while m_userView
    QSizeF m_tickedPlotSize;                           // plot area size the ticks were last fitted to
    friend class ErrorBarChartView;
};

} // namespace dlab::widgets
