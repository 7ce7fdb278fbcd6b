#pragma once
// One tab of the "Dual frames" page (C1, C2 or C3 of docs/experiments/dualframes.md):
// its parameter form (one field table), its teaching note, its views, and
// how it turns into an experiment, a figure and data files. The page
// (DualFramesPage) owns the tabs and routes the shared run controls to the
// visible one.

#include "FieldForm.hpp"
#include "HeadlineViews.hpp"

#include "engine/experiments/Experiment.hpp"

#include <QDir>
#include <QJsonObject>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

class QGridLayout;
class QLabel;

namespace dlab {
class CsvTable;
}

namespace dlab::gui {

class DualFramesTab : public QWidget {
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual QString key() const = 0;   // session key: "temperature", "chain", "fourier"
    virtual QString title() const = 0; // tab text
    // The controls shown in the dock: the field form, a restart button and the note.
    QWidget* panel() const { return m_panel; }
    FieldForm* form() const { return m_form; }
    virtual std::unique_ptr<Experiment> create(std::uint64_t seed) = 0;
    virtual void show(const std::shared_ptr<const ExperimentSnapshot>& snapshot) = 0;
    virtual QString statusText() const = 0;
    // CSV / NPY files of what the tab shows; throws std::runtime_error.
    virtual QStringList exportData(const QDir& directory) const = 0;
    // Scales the views' fonts and reflows them: all views in three columns
    // normally; in presentation mode only the headline views, in two
    // columns, so that larger fonts still leave readable plots.
    void setPresentationScale(double scale);

Q_SIGNALS:
    void restartRequested();

protected:
    // Builds the dock panel around `form` with the teaching note (rich text).
    void buildPanel(FieldForm* form, const QString& note);
    // The views in reading order, those shown in presentation mode, and the
    // readout line below them; placed row by row, the last view spans the
    // rest of its row.
    void setViews(std::vector<QWidget*> views, std::vector<QWidget*> headline, QWidget* readout);
    virtual void scaleViews(double scale) = 0;
    // Writes `table` (engine/io/CsvTable, `# key: value` header lines first)
    // as `name` in `directory` and adds its path to `written`.
    static void writeTable(const QDir& directory, const QString& name, QStringList& written, const CsvTable& table);

private:
    void placeViews(bool presentation);

    QWidget* m_panel = nullptr;
    FieldForm* m_form = nullptr;
    HeadlineViews m_views;
    QWidget* m_readout = nullptr;
    QGridLayout* m_grid = nullptr;
};

} // namespace dlab::gui
