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
#include <map>
#include <memory>
#include <vector>

class QAction;
class QDockWidget;
class QToolBar;
class QCheckBox;
class QLabel;
class QPushButton;
class QToolButton;
class QScrollArea;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;
class QTimer;

namespace dlab::gui {

class ErrorBanner;
class HelpGuide;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kSessionVersion = ::dlab::gui::kSessionVersion;

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void addPage(ExperimentPage* page);
    ExperimentPage* currentPage() const;
    const std::vector<ExperimentPage*>& pages() const { return m_pages; }
    QStringList pageIds() const;
    bool showPage(const QString& id); // false for an unknown id
    ExperimentRunner* runner() const { return m_runner.get(); }

    // Run controls (also bound to Space, →, Ctrl+R). Space toggles Run/Pause
    // whatever has the focus, except a field that takes typed text.
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
    // The current page's teaching note (from the preset or session that set
    // its parameters); empty when it has none.
    QString teachingNote() const;
    // True when the current page's parameters are no longer those its note
    // was written for (the note then says so).
    bool teachingNoteStale() const;

    bool exportFigure(const QString& path, int dpi, QString* error);
    // Writes the current page's data files into `directory` without waiting
    // for the engine: returns at once, shows progress in the status bar and
    // emits dataExported() (then calls `then`, if given) when done.
    void exportData(const QString& directory,
                    std::function<void(const QStringList& files, const QString& error)> then = {});
    // Larger fonts and lines for a projector; the control column becomes a
    // drawer (View ▸ Controls, F4) and the run buttons move to the tab bar, so
    // every page fits 1280×720. Fonts follow the window's size.
    void setPresentationMode(bool on);
    bool presentationMode() const { return m_presentation; }
    void setFullScreen(bool on);
    void setControlsVisible(bool on);
    void setDarkTheme(bool on);
    bool darkTheme() const { return m_dark; }
    // Help ▸ Guide at the current page (F1).
    HelpGuide* showGuide();
    // Markdown table of every action with a shortcut, for the guide.
    QString shortcutList() const;

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
    bool eventFilter(QObject* watched, QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void applyScale();
    void buildDock();
    void buildMenus();
    void poll();
    void showError(const QString& message);
    void updateRunButton();
    void onEdit(const ExperimentRunner::Edit& edit);
    void setTeachingNote(const QString& pageId, const QString& title, const QString& note);
    void showTeachingNote();

    QTabWidget* m_tabs = nullptr;
    QStackedWidget* m_panels = nullptr;
    std::vector<ExperimentPage*> m_pages;
    std::unique_ptr<ExperimentRunner> m_runner;
    bool m_running = false;

    QPushButton* m_runButton = nullptr;
    QSpinBox* m_speed = nullptr;
    QCheckBox* m_fullSpeed = nullptr;
    QSpinBox* m_seed = nullptr;
    ErrorBanner* m_banner = nullptr;
    QDockWidget* m_dock = nullptr;
    QWidget* m_cornerControls = nullptr; // run buttons on the tab bar in presentation mode
    QToolButton* m_cornerRun = nullptr;
    HelpGuide* m_guide = nullptr;
    QAction* m_fullScreenAction = nullptr;
    QAction* m_controlsAction = nullptr;
    QAction* m_darkAction = nullptr;
    bool m_dark = false;
    double m_appliedScale = 0;
    QTextBrowser* m_note = nullptr;
    QScrollArea* m_dockScroll = nullptr;
    // Notes belong to a page, with the parameters they were written for.
    struct PageNote {
        QString title, html;
        QJsonObject parameters;
    };
    std::map<QString, PageNote> m_notes;
    bool m_noteShownStale = false;
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
