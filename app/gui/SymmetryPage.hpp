#pragma once
// The Symmetries page (docs/experiments/symmetries.md): the sampled level-set cloud coloured by
// class, live loss and accuracy curves, the t-SNE of the network's embedding
// layer (animated, hover shows the class and the original point), the
// extracted generator matrices next to the expected ones, and their explained
// variance. "t-SNE of anything" (DataEmbedding) embeds a loaded .npy / CSV
// file, or another page's data, in the same scatter view.

#include "ExperimentPage.hpp"
#include "HeadlineViews.hpp"

#include "engine/experiments/symmetry/SymmetryExperiment.hpp"

#include <QElapsedTimer>
#include <functional>
#include <memory>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace dlab::widgets {
class ChartPanel;
class Heatmap;
class ScatterPlot;
} // namespace dlab::widgets

namespace dlab::gui {

class DataEmbedding;
class SymmetryBars;

class SymmetryPage : public ExperimentPage {
    Q_OBJECT
public:
    explicit SymmetryPage(QWidget* parent = nullptr);
    ~SymmetryPage() override;

    QString id() const override { return QStringLiteral("symmetry"); }
    QString title() const override { return tr("Symmetries"); }
    QWidget* parameterPanel() override { return m_panel; }
    std::unique_ptr<Experiment> createExperiment(std::uint64_t seed) override;
    void showSnapshot(const std::shared_ptr<const ExperimentSnapshot>& snapshot) override;
    QString statusText() const override;
    int workPerStep() const override { return m_workPerStep; }
    void setWorkPerStep(int n) override { m_workPerStep = n; }
    QString workUnit() const override { return tr("steps"); }
    QJsonObject saveParameters() const override;
    void loadParameters(const QJsonObject& params) override;
    QWidget* figureWidget() override { return m_figure; }
    QStringList exportData(const QString& directory, ExperimentRunner& runner) override;
    void setPresentationScale(double scale) override;

    // The parameters the controls show (seed from the last createExperiment).
    symmetry::SymmetryParams currentParams() const;
    std::shared_ptr<const symmetry::SymmetrySnapshot> shownSnapshot() const { return m_shown; }
    QString panelError() const;

    // "t-SNE of anything": starts embedding a .npy / CSV file (labels
    // optional: one per line). The file is read on a worker thread; returns
    // false and shows why when the file cannot be read at all. Problems found
    // while reading (bad format, label count) are shown when the read ends,
    // and the embedding on screen stays.
    bool embedFile(const QString& path, const QString& labelsPath = {});
    // The same for any loader, run on a worker thread.
    bool embedData(const QString& name, std::function<EmbedData()> load);
    // Data handed over from another page (e.g. Monte Carlo configurations).
    bool acceptsEmbedding() const override { return true; }
    bool embed(const QString& name, std::shared_ptr<const EmbedData> points) override;
    bool fileLoading() const;
    bool fileEmbeddingRunning() const;
    bool fileEmbeddingFinished() const;
    void cancelFileEmbedding();
    widgets::ScatterPlot* tsneView() const { return m_tsneView; }
    widgets::ScatterPlot* sampleView() const { return m_sampleView; }

private:
    void buildPanel();
    void buildViews();
    void updatePotentialControls();
    void setPanelError(const QString& message);
    void reportFileError(const QString& message);
    void showNetworkEmbedding();
    void showTsneHover(int index);
    void showGenerators(const symmetry::SymmetrySnapshot& s);

    QWidget* m_panel = nullptr;
    QWidget* m_figure = nullptr;
    QSpinBox* m_dim = nullptr;
    QComboBox* m_potential = nullptr;
    QDoubleSpinBox* m_a = nullptr;
    QLineEdit* m_expression = nullptr;
    QLabel* m_error = nullptr;
    QSpinBox* m_perplexity = nullptr;
    QSpinBox* m_iterations = nullptr;
    QPushButton* m_loadFile = nullptr;
    QPushButton* m_cancelFile = nullptr;
    QPushButton* m_showEmbedding = nullptr;
    QLabel* m_fileStatus = nullptr;

    widgets::ScatterPlot* m_sampleView = nullptr;
    widgets::ScatterPlot* m_tsneView = nullptr;
    widgets::ChartPanel* m_lossChart = nullptr;
    widgets::ChartPanel* m_accuracyChart = nullptr;
    HeadlineViews m_curves; // presentation mode: the accuracy alone
    widgets::Heatmap* m_found = nullptr;
    widgets::Heatmap* m_expected = nullptr;
    SymmetryBars* m_bars = nullptr;
    QLabel* m_readout = nullptr;
    int m_lossLine = -1, m_trainLine = -1, m_testLine = -1, m_targetLine = -1;

    int m_workPerStep = 1;
    bool m_loading = false;
    std::uint64_t m_seed = 1;
    std::shared_ptr<const symmetry::SymmetrySnapshot> m_shown;
    long long m_shownSamples = -1;
    std::size_t m_shownEpochs = 0;
    int m_shownTsneIteration = -1;
    bool m_shownGenerators = false;

    // t-SNE of a file or of another page's data, in m_tsneView while it is shown.
    DataEmbedding* m_data = nullptr;
};

} // namespace dlab::gui
