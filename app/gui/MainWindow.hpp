#pragma once
// The application window: pages (one per experiment) in tabs, the shared run
// controls and the teaching note in a dock beside them, one ExperimentRunner
// for the visible page, sessions and presets, figure and data export.
// The GUI thread only ever reads the runner's latest snapshot (≈ 30 Hz timer).

#include "ExperimentPage.hpp"

#include "SessionFile.hpp"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QMainWindow>
#include <functional>
#include <memory>
#include <vector>

class QAction;
class QCheckBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace dlab::gui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kSessionVersion = ::dlab::gui::kSessionVersion;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void addPage(ExperimentPage* page);
    ExperimentPage* currentPage() const;
    ExperimentRunner* runner() const { return m_runner.get(); }

    // Run controls (also bound to Space, →, Ctrl+R).
    void setRunning(bool on);
    bool isRunning() const { return m_running; }
    void stepOnce();
    bool reset(); // a new experiment from the current parameters and seed
    std::uint64_t seed() const;
    void setSeed(std::uint64_t seed);
    void setFullSpeed(bool on);

    // Sessions and presets. Each returns false and sets `error` on failure,
    // leaving the current state untouched.
    QJsonObject sessionJson() const;
    bool applySession(const QJsonObject& session, QString* error);
    bool openSession(const QString& path, QString* error);
    bool saveSession(const QString& path, QString* error) const;
    static QStringList presetNames();
    bool loadPreset(const QString& name, QString* error);
    QString teachingNote() const;

    bool exportFigure(const QString& path, int dpi, QString* error);
    // Writes the current page's data files into `directory` without waiting
    // for the engine: returns at once, shows progress in the status bar and
    // emits dataExported() (then calls `then`, if given) when done.
    void exportData(const QString& directory,
                    std::function<void(const QStringList& files, const QString& error)> then = {});
    void setPresentationMode(bool on);

    // Pull the latest snapshot into the page now (normally the timer does it).
    void pollNow();
    QString errorText() const;
    double framesPerSecond() const { return m_fps; }

Q_SIGNALS:
    // The written files, or none and a readable error.
    void dataExported(const QStringList& files, const QString& error);

private:
    // "t-SNE of anything": the page's data, embedded on the page that accepts it.
    void embedFrom(ExperimentPage* source);
    void buildDock();
    void buildMenus();
    void poll();
    void showError(const QString& message);
    void updateRunButton();
    void onEdit(const ExperimentRunner::Edit& edit);
    void setTeachingNote(const QString& title, const QString& note);

    QTabWidget* m_tabs = nullptr;
    QStackedWidget* m_panels = nullptr;
    std::vector<ExperimentPage*> m_pages;
    std::unique_ptr<ExperimentRunner> m_runner;
    bool m_running = false;

    QPushButton* m_runButton = nullptr;
    QSpinBox* m_speed = nullptr;
    QCheckBox* m_fullSpeed = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_error = nullptr;
    QTextBrowser* m_note = nullptr;
    QScrollArea* m_dockScroll = nullptr;
    QString m_noteTitle, m_noteText;
    QAction* m_runAction = nullptr;
    QAction* m_presentationAction = nullptr;
    QLabel* m_statusThroughput = nullptr;
    QLabel* m_statusFps = nullptr;
    QLabel* m_statusSeed = nullptr;
    QLabel* m_statusState = nullptr;

    QTimer* m_timer = nullptr;
    std::shared_ptr<const ExperimentSnapshot> m_lastShown;
    QElapsedTimer m_fpsClock;
    int m_framesThisSecond = 0;
    double m_fps = 0;
    bool m_presentation = false;
};

} // namespace dlab::gui
