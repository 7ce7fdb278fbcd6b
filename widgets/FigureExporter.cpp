#include "widgets/FigureExporter.hpp"

#include "widgets/RecentFolder.hpp"

#include <QAction>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QInputDialog>
#include <QMessageBox>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSvgGenerator>
#include <QWidget>
#include <cmath>

namespace dlab::widgets {
namespace {

bool fail(QString* error, const QString& message)
{
    if (error) *error = message;
    return false;
}

void renderInto(QPainter& p, QWidget* view)
{
    view->render(&p, QPoint(), QRegion(), QWidget::DrawWindowBackground | QWidget::DrawChildren);
}

} // namespace

FigureExporter::Format FigureExporter::formatForPath(const QString& path)
{
    const QString s = QFileInfo(path).suffix().toLower();
    if (s == "png") return Format::Png;
    if (s == "svg") return Format::Svg;
    if (s == "pdf") return Format::Pdf;
    return Format::Unknown;
}

QSize FigureExporter::pngPixelSize(const QSize& logical, int dpi)
{
    return {int(std::lround(logical.width() * double(dpi) / kScreenDpi)),
            int(std::lround(logical.height() * double(dpi) / kScreenDpi))};
}

QImage FigureExporter::renderImage(QWidget* view, int dpi)
{
    const QSize px = pngPixelSize(view->size(), dpi);
    QImage image(px, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    const int dpm = int(std::lround(dpi / 0.0254));
    image.setDotsPerMeterX(dpm);
    image.setDotsPerMeterY(dpm);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    p.scale(double(px.width()) / view->width(), double(px.height()) / view->height());
    renderInto(p, view);
    return image;
}

bool FigureExporter::exportPng(QWidget* view, const QString& path, int dpi, QString* error)
{
    if (dpi < 24 || dpi > 2400)
        return fail(error, QObject::tr("DPI %1 is out of range (allowed: 24 to 2400)").arg(dpi));
    const QImage image = renderImage(view, dpi);
    if (!image.save(path, "PNG")) return fail(error, QObject::tr("cannot write %1").arg(path));
    return true;
}

bool FigureExporter::exportSvg(QWidget* view, const QString& path, QString* error)
{
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(view->size());
    svg.setViewBox(QRect(QPoint(0, 0), view->size()));
    svg.setResolution(kScreenDpi);
    svg.setTitle(view->windowTitle().isEmpty() ? QStringLiteral("DualityLab figure") : view->windowTitle());
    svg.setDescription(QStringLiteral("Exported from DualityLab"));
    QPainter p;
    if (!p.begin(&svg)) return fail(error, QObject::tr("cannot write %1").arg(path));
    renderInto(p, view);
    p.end();
    if (!QFileInfo(path).exists()) return fail(error, QObject::tr("cannot write %1").arg(path));
    return true;
}

bool FigureExporter::exportPdf(QWidget* view, const QString& path, QString* error)
{
    QPdfWriter pdf(path);
    pdf.setCreator(QStringLiteral("DualityLab"));
    pdf.setTitle(view->windowTitle());
    // The widgets' own resolution: at 300 DPI Qt Charts laid the legend out
    // for one device and drew it on another, and all entries but the first
    // went missing (in Ghostscript and poppler alike). A PDF is vector: the
    // resolution only sets its coordinate unit; images keep their pixels.
    pdf.setResolution(kScreenDpi);
    // A page exactly the size of the view (in points), no margins.
    const QSizeF points(view->width() * 72.0 / kScreenDpi, view->height() * 72.0 / kScreenDpi);
    pdf.setPageLayout(QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                  QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    QPainter p;
    if (!p.begin(&pdf)) return fail(error, QObject::tr("cannot write %1").arg(path));
    // Images (lattices, heatmaps) go in losslessly: JPEG turns single minority
    // spins into smudges.
    p.setRenderHint(QPainter::LosslessImageRendering);
    const double scale = std::min(double(pdf.width()) / view->width(), double(pdf.height()) / view->height());
    p.scale(scale, scale);
    renderInto(p, view);
    p.end();
    if (!QFileInfo(path).exists()) return fail(error, QObject::tr("cannot write %1").arg(path));
    return true;
}

bool FigureExporter::exportFigure(QWidget* view, const QString& path, int dpi, QString* error)
{
    switch (formatForPath(path)) {
    case Format::Png:
        return exportPng(view, path, dpi, error);
    case Format::Svg:
        return exportSvg(view, path, error);
    case Format::Pdf:
        return exportPdf(view, path, error);
    case Format::Unknown:
        break;
    }
    return fail(error, QObject::tr("unknown figure format for %1 (allowed: .png, .svg, .pdf)").arg(path));
}

void FigureExporter::copyToClipboard(QWidget* view, int dpi)
{
    QGuiApplication::clipboard()->setImage(renderImage(view, dpi));
}

QString FigureExporter::exportWithDialog(QWidget* view, QWidget* dialogParent)
{
    QString path = QFileDialog::getSaveFileName(
        dialogParent, QObject::tr("Export figure"), RecentFolder::suggest("figures", QStringLiteral("figure.png")),
        QObject::tr("PNG image (*.png);;SVG vector image (*.svg);;PDF (*.pdf)"));
    if (path.isEmpty()) return {};
    RecentFolder::remember("figures", path);
    int dpi = 300;
    if (formatForPath(path) == Format::Png) {
        bool ok = false;
        dpi = QInputDialog::getInt(dialogParent, QObject::tr("Export figure"), QObject::tr("Resolution (DPI):"), 300,
                                   24, 2400, 1, &ok);
        if (!ok) return {};
    }
    QString error;
    if (!exportFigure(view, path, dpi, &error)) {
        QMessageBox::warning(dialogParent, QObject::tr("Export figure"), error);
        return {};
    }
    return path;
}

void FigureExporter::installContextMenu(QWidget* view)
{
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copy = new QAction(QObject::tr("Copy figure"), view);
    QObject::connect(copy, &QAction::triggered, view, [view] { copyToClipboard(view); });
    auto* save = new QAction(QObject::tr("Export figure…"), view);
    QObject::connect(save, &QAction::triggered, view, [view] { exportWithDialog(view, view->window()); });
    view->addAction(copy);
    view->addAction(save);
}

} // namespace dlab::widgets
