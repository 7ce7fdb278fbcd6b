#include "MainWindow.hpp"

#include "ErrorBanner.hpp"
#include "HelpGuide.hpp"
#include "SessionFile.hpp"
#include "widgets/FigureExporter.hpp"
#include "widgets/RecentFolder.hpp"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyleFactory>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTextEdit>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <limits>

namespace dlab::gui {
namespace {

constexpr double kFramesPerSecond = 30; // "sweeps per frame" means per 1/30 s

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent)
{
    setWindowTitle(tr("DualityLab"));
    setWindowIcon(QIcon(":/icons/dualitylab.svg"));
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    m_banner = new ErrorBanner(m_tabs);
    buildDock();
    buildMenus();
    // Space = Run/Pause wherever the focus is (buttons and charts included),
    // except in fields that take typed text.
    qApp->installEventFilter(this);

    m_statusState = new QLabel;
    m_statusThroughput = new QLabel;
    m_statusFps = new QLabel;
    m_statusSeed = new QLabel;
    for (QLabel* l : {m_statusState, m_statusThroughput, m_statusFps, m_statusSeed})
        statusBar()->addPermanentWidget(l);

    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index < 0) return;
        m_panels->setCurrentIndex(index);
        showTeachingNote(); // notes belong to their page
        m_lastShown.reset();
        reset();
    });

    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(33);
    connect(m_timer, &QTimer::timeout, this, &MainWindow::poll);
    m_timer->start();
    m_fpsClock.start();
    resize(1360, 860);
}

MainWindow::~MainWindow()
{
    m_timer->stop();
    m_runner.reset(); // cancels the current step and joins the worker
}

void MainWindow::buildDock()
{
    auto* dock = m_dock = new QDockWidget(tr("Controls"), this);
    dock->setObjectName("controls");
    dock->setFeatures(QDockWidget::DockWidgetMovable);
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);

    auto* run = new QGroupBox(tr("Run"));
    auto* rl = new QFormLayout(run);
    m_runButton = new QPushButton;
    auto* step = new QPushButton(tr("Step →"));
    step->setToolTip(tr("One step while paused (→)"));
    auto* resetButton = new QPushButton(tr("Reset"));
    resetButton->setToolTip(tr("Start again from the same seed (Ctrl+R)"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_runButton);
    buttons->addWidget(step);
    buttons->addWidget(resetButton);
    rl->addRow(buttons);
    m_speed = new QSpinBox;
    m_speed->setRange(1, 100000);
    m_speed->setKeyboardTracking(false);
    m_speed->setToolTip(tr("Work done per frame (1/30 s) unless running at full speed"));
    m_fullSpeed = new QCheckBox(tr("full speed"));
    m_fullSpeed->setToolTip(tr("Run as fast as the engine can; the view still refreshes at 30 Hz"));
    auto* speedRow = new QHBoxLayout;
    speedRow->addWidget(m_speed, 1);
    speedRow->addWidget(m_fullSpeed);
    rl->addRow(tr("Sweeps / frame"), speedRow);
    m_seed = new QSpinBox;
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setKeyboardTracking(false);
    m_seed->setToolTip(tr("Random seed: the same seed and parameters give the same run"));
    rl->addRow(tr("Seed"), m_seed);
    auto* guide = new QPushButton(tr("Guide to this page (F1)"));
    guide->setObjectName("guideButton");
    guide->setToolTip(tr("What this page shows, what to try, the physics in a few lines"));
    connect(guide, &QPushButton::clicked, this, &MainWindow::showGuide);
    rl->addRow(guide);
    layout->addWidget(run);

    m_panels = new QStackedWidget;
    layout->addWidget(m_panels);

    m_note = new QTextBrowser;
    m_note->setOpenExternalLinks(true);
    m_note->setMinimumHeight(140);
    layout->addWidget(m_note, 1);

    auto* scroll = m_dockScroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    // A fixed width that suits the panels at normal size; wider content
    // scrolls instead of widening the window past the screen.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    scroll->setMinimumWidth(340);
    scroll->setMaximumWidth(420);
    dock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    // In presentation mode the dock is a drawer; these stay on the tab bar.
    m_cornerControls = new QWidget;
    auto* corner = new QHBoxLayout(m_cornerControls);
    corner->setContentsMargins(0, 0, 4, 0);
    auto* drawer = new QToolButton;
    drawer->setText(tr("☰ Controls"));
    drawer->setToolTip(tr("Show or hide the control column (F4)"));
    // Tool buttons: no taller than the tabs, so the tab bar keeps its height.
    m_cornerRun = new QToolButton;
    auto* cornerStep = new QToolButton;
    cornerStep->setText(tr("Step"));
    auto* cornerReset = new QToolButton;
    cornerReset->setText(tr("Reset"));
    for (QWidget* w : std::initializer_list<QWidget*>{drawer, m_cornerRun, cornerStep, cornerReset})
        corner->addWidget(w);
    connect(drawer, &QToolButton::clicked, this, [this] { setControlsVisible(!m_dock->isVisible()); });
    connect(m_cornerRun, &QToolButton::clicked, this, [this] { setRunning(!m_running); });
    connect(cornerStep, &QToolButton::clicked, this, &MainWindow::stepOnce);
    connect(cornerReset, &QToolButton::clicked, this, &MainWindow::reset);
    m_tabs->setCornerWidget(m_cornerControls, Qt::TopRightCorner);
    m_cornerControls->hide();

    connect(m_runButton, &QPushButton::clicked, this, [this] { setRunning(!m_running); });
    connect(step, &QPushButton::clicked, this, &MainWindow::stepOnce);
    connect(resetButton, &QPushButton::clicked, this, &MainWindow::reset);
    connect(m_speed, &QSpinBox::valueChanged, this, [this](int n) {
        if (auto* p = currentPage()) p->setWorkPerStep(n);
    });
    connect(m_fullSpeed, &QCheckBox::toggled, this, [this](bool on) {
        if (m_runner) m_runner->setStepRate(on ? 0 : kFramesPerSecond);
        m_speed->setEnabled(true);
    });
    connect(m_seed, &QSpinBox::valueChanged, this, [this] { reset(); });
    updateRunButton();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open session…"), QKeySequence::Open, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open session"), widgets::RecentFolder::folder("sessions"),
                                         tr("DualityLab session (*.json);;All files (*)"));
        widgets::RecentFolder::remember("sessions", path);
        QString error;
        if (!path.isEmpty() && !openSession(path, &error)) QMessageBox::warning(this, tr("Open session"), error);
    });
    file->addAction(tr("&Save session…"), QKeySequence::Save, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save session"),
                                                          widgets::RecentFolder::suggest("sessions", "session.json"),
                                                          tr("DualityLab session (*.json)"));
        widgets::RecentFolder::remember("sessions", path);
        QString error;
        if (!path.isEmpty() && !saveSession(path, &error)) QMessageBox::warning(this, tr("Save session"), error);
    });
    QMenu* presets = file->addMenu(tr("&Presets"));
    for (const QString& name : presetNames())
        presets->addAction(name, this, [this, name] {
            QString error;
            if (!loadPreset(name, &error)) QMessageBox::warning(this, tr("Preset"), error);
        });
    file->addSeparator();
    file->addAction(tr("Export &figure…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] {
        if (auto* p = currentPage()) widgets::FigureExporter::exportWithDialog(p->figureWidget(), this);
    });
    file->addAction(tr("Export &data…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export data into folder"),
                                                              widgets::RecentFolder::folder("data"));
        if (dir.isEmpty()) return;
        widgets::RecentFolder::remember("data", dir);
        exportData(dir, [this](const QStringList& files, const QString& error) {
            if (files.isEmpty()) QMessageBox::warning(this, tr("Export data"), error);
        });
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    // Space is handled by eventFilter() so that it works whatever has the
    // focus; the menu still shows it.
    m_runAction = runMenu->addAction(tr("Run / Pause\tSpace"), this, [this] { setRunning(!m_running); });
    runMenu->addAction(tr("Step"), QKeySequence(Qt::Key_Right), this, &MainWindow::stepOnce);
    runMenu->addAction(tr("Reset"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::reset);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_presentationAction = view->addAction(tr("&Presentation mode"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);
    m_fullScreenAction = view->addAction(tr("&Full screen"));
    m_fullScreenAction->setCheckable(true);
    m_fullScreenAction->setShortcut(QKeySequence(Qt::Key_F11));
    connect(m_fullScreenAction, &QAction::toggled, this, &MainWindow::setFullScreen);
    m_controlsAction = view->addAction(tr("&Controls"));
    m_controlsAction->setCheckable(true);
    m_controlsAction->setChecked(true);
    m_controlsAction->setShortcut(QKeySequence(Qt::Key_F4));
    connect(m_controlsAction, &QAction::toggled, this, &MainWindow::setControlsVisible);
    m_darkAction = view->addAction(tr("&Dark, high-contrast theme"));
    m_darkAction->setCheckable(true);
    m_darkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_darkAction, &QAction::toggled, this, &MainWindow::setDarkTheme);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Guide to this page"), QKeySequence(Qt::Key_F1), this, &MainWindow::showGuide);
    help->addAction(tr("&Keyboard shortcuts"), this, [this] { showGuide()->showPage("shortcuts"); });
    help->addAction(tr("&About DualityLab"), this, [this] {
        QMessageBox::about(this, tr("About DualityLab"),
                           tr("<b>DualityLab %1</b><p>Machine learning finds dualities and symmetries in "
                              "statistical physics: live Monte Carlo of the generalised Ising model with exact "
                              "references.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::addPage(ExperimentPage* page)
{
    m_pages.push_back(page);
    m_panels->addWidget(page->parameterPanel());
    connect(page, &ExperimentPage::editRequested, this, &MainWindow::onEdit);
    connect(page, &ExperimentPage::resetRequested, this, [this] { reset(); });
    connect(page, &ExperimentPage::errorMessage, this, &MainWindow::showError);
    connect(page, &ExperimentPage::embedRequested, this, [this, page] { embedFrom(page); });
    const QSignalBlocker block(m_tabs);
    m_tabs->addTab(page, page->title());
    if (m_pages.size() == 1) {
        m_speed->setValue(page->workPerStep());
        reset();
    }
}

void MainWindow::embedFrom(ExperimentPage* source)
{
    if (source != currentPage() || !m_runner) return;
    statusBar()->showMessage(tr("Collecting data to embed…"));
    source->collectEmbedData(
        *m_runner,
        [this](const QString& name, std::shared_ptr<const ExperimentPage::EmbedData> points, const QString& error) {
            if (!points) return showError(tr("t-SNE: %1").arg(error));
            for (std::size_t i = 0; i < m_pages.size(); ++i)
                if (m_pages[i]->acceptsEmbedding()) {
                    m_tabs->setCurrentIndex(int(i)); // the source's run stops; its data is already copied
                    if (m_pages[i]->embed(name, points))
                        statusBar()->showMessage(
                            tr("Embedding %1 points of %2 with t-SNE").arg(points->points.rows()).arg(name), 5000);
                    return;
                }
            showError(tr("t-SNE: no page can embed data"));
        });
}

ExperimentPage* MainWindow::currentPage() const
{
    const int i = m_tabs->currentIndex();
    return i >= 0 && i < int(m_pages.size()) ? m_pages[std::size_t(i)] : nullptr;
}

QStringList MainWindow::pageIds() const
{
    QStringList ids;
    for (const auto* p : m_pages)
        ids << p->id();
    return ids;
}

bool MainWindow::showPage(const QString& id)
{
    const int i = int(pageIds().indexOf(id));
    if (i < 0) return false;
    m_tabs->setCurrentIndex(i);
    return true;
}

void MainWindow::onEdit(const ExperimentRunner::Edit& edit)
{
    if (m_runner) m_runner->post(edit);
}

std::uint64_t MainWindow::seed() const { return std::uint64_t(m_seed->value()); }

void MainWindow::setSeed(std::uint64_t seed) { m_seed->setValue(int(std::min<std::uint64_t>(seed, INT_MAX))); }

void MainWindow::setFullSpeed(bool on) { m_fullSpeed->setChecked(on); }

bool MainWindow::reset()
{
    ExperimentPage* page = currentPage();
    if (!page) return false;
    std::unique_ptr<Experiment> experiment;
    try {
        experiment = page->createExperiment(seed());
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    m_runner.reset(); // cancels within one cancellation check of the old step
    m_runner = std::make_unique<ExperimentRunner>(std::move(experiment), /*backgroundPriority=*/true);
    m_runner->setStepRate(m_fullSpeed->isChecked() ? 0 : kFramesPerSecond);
    if (m_running) m_runner->run();
    m_lastShown.reset();
    pollNow();
    return true;
}

void MainWindow::setRunning(bool on)
{
    m_running = on;
    if (m_runner) {
        if (on)
            m_runner->run();
        else
            m_runner->pause();
    }
    updateRunButton();
}

void MainWindow::stepOnce()
{
    if (m_running) setRunning(false);
    if (m_runner) m_runner->stepOnce();
}

void MainWindow::updateRunButton()
{
    m_runButton->setText(m_running ? tr("Pause") : tr("Run"));
    m_cornerRun->setText(m_running ? tr("❚❚ Pause") : tr("▶ Run"));
    m_runButton->setToolTip(tr("Run or pause (Space)"));
    const bool finished = m_runner && m_runner->latest() && m_runner->latest()->finished;
    if (m_statusState) m_statusState->setText(m_running ? tr("running") : finished ? tr("finished") : tr("paused"));
}

void MainWindow::showError(const QString& message)
{
    m_banner->showMessage(message);
    if (!message.isEmpty()) statusBar()->showMessage(message, 10000);
}

QString MainWindow::errorText() const { return m_banner->message(); }

void MainWindow::pollNow() { poll(); }

void MainWindow::poll()
{
    if (!m_runner) return;
    const std::string error = m_runner->lastError();
    if (!error.empty()) {
        m_runner->clearError();
        showError(QString::fromStdString(error));
        m_running = m_runner->isRunning();
        updateRunButton();
    }
    auto snapshot = m_runner->latest();
    if (snapshot && snapshot != m_lastShown) {
        m_lastShown = snapshot;
        // An experiment that ended by itself (a converged learner, a finished
        // scan) is not "running": pause, and say it is finished.
        if (snapshot->finished && m_running) setRunning(false);
        if (auto* page = currentPage()) {
            page->showSnapshot(snapshot);
            m_statusThroughput->setText(page->statusText());
        }
        ++m_framesThisSecond;
    }
    if (m_fpsClock.elapsed() >= 1000) {
        m_fps = m_framesThisSecond * 1000.0 / double(m_fpsClock.restart());
        m_framesThisSecond = 0;
        m_statusFps->setText(tr("%1 frames/s").arg(m_fps, 0, 'f', 0));
    }
    m_statusSeed->setText(tr("seed %1").arg(seed()));
    if (m_fpsClock.elapsed() < 40 && teachingNoteStale() != m_noteShownStale) showTeachingNote(); // ≈ once a second
}

QJsonObject MainWindow::sessionJson() const
{
    const ExperimentPage* page = currentPage();
    QJsonObject o{{"schema", kSessionSchema},
                  {"version", kSessionVersion},
                  {"page", page ? page->id() : QString()},
                  {"seed", double(seed())},
                  {"sweepsPerFrame", m_speed->value()},
                  {"fullSpeed", m_fullSpeed->isChecked()},
                  {"running", m_running},
                  {"parameters", page ? page->saveParameters() : QJsonObject()}};
    // Every page's parameters, so a saved lecture comes back whole.
    QJsonObject pages;
    for (const auto* p : m_pages)
        pages[p->id()] = p->saveParameters();
    o["pages"] = pages;
    // Every page's finished results, where cheap: a reopened demo shows its plots.
    QJsonObject results;
    qint64 resultBytes = 0;
    for (const auto* p : m_pages) {
        const QJsonObject r = p->saveResults();
        if (r.isEmpty()) continue;
        resultBytes += QJsonDocument(r).toJson(QJsonDocument::Indented).size();
        if (resultBytes > kMaxResultsBytes) break; // the file must still open
        results[p->id()] = r;
    }
    if (!results.isEmpty()) o["results"] = results;
    // The current page's note travels with the session only while it still
    // describes the parameters.
    if (page && m_notes.count(page->id()) && !teachingNoteStale()) {
        o["note"] = m_notes.at(page->id()).html;
        o["title"] = m_notes.at(page->id()).title;
    }
    return o;
}

bool MainWindow::applySession(const QJsonObject& o, QString* error)
{
    auto fail = [&](const QString& message) {
        if (error) *error = message;
        return false;
    };
    QString envelopeError;
    if (!checkSessionEnvelope(o, &envelopeError)) return fail(envelopeError);
    const QString pageId = o.value("page").toString();
    int index = -1;
    for (std::size_t i = 0; i < m_pages.size(); ++i)
        if (m_pages[i]->id() == pageId) index = int(i);
    if (index < 0) return fail(tr("session is for an unknown page \"%1\"").arg(pageId));
    const int seedValue = int(o.value("seed").toDouble()); // checked by the envelope
    const int speed = o.value("sweepsPerFrame").toInt(1);

    ExperimentPage* page = m_pages[std::size_t(index)];
    if (o.contains("pages") && !o.value("pages").isObject()) return fail(tr("pages: must be an object"));
    const QJsonObject pages = o.value("pages").toObject();
    if (o.contains("results") && !o.value("results").isObject()) return fail(tr("results: must be an object"));
    const QJsonObject results = o.value("results").toObject();
    // Results are read before anything changes and shown after the reset below.
    std::vector<ExperimentPage::ShowResults> showResults;
    for (auto* p : m_pages) {
        if (!results.contains(p->id())) continue;
        if (!results.value(p->id()).isObject()) return fail(tr("results: %1: must be an object").arg(p->id()));
        try {
            if (auto show = p->readResults(results.value(p->id()).toObject())) showResults.push_back(std::move(show));
        } catch (const std::exception& e) {
            return fail(tr("bad results in session: %1 page: %2").arg(p->title(), QString::fromUtf8(e.what())));
        }
    }
    // Other pages first, the current page last: a session is loaded whole or not at all.
    std::vector<std::pair<ExperimentPage*, QJsonObject>> loaded;
    auto restore = [&] {
        for (auto it = loaded.rbegin(); it != loaded.rend(); ++it)
            it->first->loadParameters(it->second);
    };
    try {
        for (auto* p : m_pages) {
            if (p == page || !pages.contains(p->id())) continue;
            if (!pages.value(p->id()).isObject())
                throw std::runtime_error(p->id().toStdString() + ": must be an object");
            loaded.emplace_back(p, p->saveParameters());
            try {
                p->loadParameters(pages.value(p->id()).toObject());
            } catch (const std::exception& e) {
                throw std::runtime_error(QString("%1 page: %2").arg(p->title(), e.what()).toStdString());
            }
        }
        loaded.emplace_back(page, page->saveParameters());
        page->loadParameters(o.contains("parameters") ? o.value("parameters").toObject()
                                                      : pages.value(page->id()).toObject());
    } catch (const std::exception& e) {
        restore(); // leave the window as it was
        return fail(tr("bad parameter in session: %1").arg(QString::fromUtf8(e.what())));
    }
    {
        const QSignalBlocker b1(m_tabs), b2(m_seed), b3(m_speed), b4(m_fullSpeed);
        m_tabs->setCurrentIndex(index);
        m_panels->setCurrentIndex(index);
        m_seed->setValue(seedValue);
        m_speed->setValue(speed);
        m_fullSpeed->setChecked(o.value("fullSpeed").toBool(false));
    }
    page->setWorkPerStep(speed);
    setTeachingNote(page->id(), o.value("title").toString(), o.value("note").toString());
    m_running = o.value("running").toBool(false);
    updateRunButton();
    showError(QString());
    const bool built = reset();
    for (const auto& show : showResults)
        show();
    if (!showResults.empty()) m_statusThroughput->setText(page->statusText()); // a restored run's status
    if (built) return true;
    // The page's parameters are loaded and shown, but no experiment can be
    // built from them (e.g. a constant potential): say why.
    if (error) *error = errorText();
    return false;
}

bool MainWindow::openSession(const QString& path, QString* error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("cannot open %1: %2").arg(path, f.errorString());
        return false;
    }
    // The size is checked before reading: a session file is a few kB.
    if (f.size() > kMaxSessionBytes) {
        if (error)
            *error = tr("%1 is %2 bytes; a session file is at most %3 bytes")
                         .arg(QFileInfo(path).fileName())
                         .arg(f.size())
                         .arg(kMaxSessionBytes);
        return false;
    }
    QJsonObject session;
    if (!parseSessionFile(f.read(kMaxSessionBytes + 1), QFileInfo(path).fileName(), session, error)) return false;
    QString why;
    if (!applySession(session, &why)) {
        if (error) *error = tr("%1: %2").arg(QFileInfo(path).fileName(), why);
        return false;
    }
    return true;
}

bool MainWindow::saveSession(const QString& path, QString* error) const
{
    QSaveFile f(path); // temporary + rename: a failed save keeps the old session
    if (!f.open(QIODevice::WriteOnly)) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    f.write(QJsonDocument(sessionJson()).toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        if (error) *error = tr("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QStringList MainWindow::presetNames()
{
    QStringList names;
    for (const QString& file : QDir(":/presets").entryList({"*.json"}, QDir::Files, QDir::Name))
        names << QFileInfo(file).completeBaseName();
    return names;
}

bool MainWindow::loadPreset(const QString& name, QString* error)
{
    if (!presetNames().contains(name)) {
        if (error) *error = tr("unknown preset \"%1\" (available: %2)").arg(name, presetNames().join(", "));
        return false;
    }
    return openSession(":/presets/" + name + ".json", error);
}

namespace {

// Parameters a note depends on: the speed of the animation is not one of them.
QJsonObject noteRelevant(QJsonObject p)
{
    p.remove("sweepsPerStep");
    return p;
}

} // namespace

void MainWindow::setTeachingNote(const QString& pageId, const QString& title, const QString& note)
{
    ExperimentPage* page = nullptr;
    for (auto* p : m_pages)
        if (p->id() == pageId) page = p;
    if (note.isEmpty() || !page)
        m_notes.erase(pageId);
    else
        m_notes[pageId] = PageNote{title, note, noteRelevant(page->saveParameters())};
    showTeachingNote();
}

bool MainWindow::teachingNoteStale() const
{
    const ExperimentPage* page = currentPage();
    if (!page || !m_notes.count(page->id())) return false;
    return noteRelevant(page->saveParameters()) != m_notes.at(page->id()).parameters;
}

void MainWindow::showTeachingNote()
{
    const ExperimentPage* page = currentPage();
    const auto it = page ? m_notes.find(page->id()) : m_notes.end();
    m_noteShownStale = teachingNoteStale();
    if (it == m_notes.end()) {
        m_note->setHtml(tr("<p><i>Load a preset (File ▸ Presets) for a guided tour, or press F1 for this page's "
                           "guide.</i></p>"));
        return;
    }
    QString html = QString("<h3>%1</h3>").arg(it->second.title.toHtmlEscaped());
    if (m_noteShownStale)
        html += tr("<p style='color:#b2182b'><i>The parameters have changed since this preset was loaded: the note "
                   "describes the preset, not what runs now.</i></p>");
    m_note->setHtml(html + it->second.html);
}

QString MainWindow::teachingNote() const
{
    const ExperimentPage* page = currentPage();
    return page && m_notes.count(page->id()) ? m_notes.at(page->id()).html : QString();
}

bool MainWindow::exportFigure(const QString& path, int dpi, QString* error)
{
    ExperimentPage* page = currentPage();
    if (!page) return false;
    return widgets::FigureExporter::exportFigure(page->figureWidget(), path, dpi, error);
}

void MainWindow::exportData(const QString& directory,
                            std::function<void(const QStringList& files, const QString& error)> then)
{
    auto finish = [this, then = std::move(then)](const QStringList& files, const QString& error) {
        if (files.isEmpty())
            statusBar()->showMessage(tr("Export failed: %1").arg(error), 8000);
        else
            statusBar()->showMessage(tr("Wrote %1").arg(files.join(", ")), 8000);
        Q_EMIT dataExported(files, error);
        if (then) then(files, error);
    };
    ExperimentPage* page = currentPage();
    if (!page || !m_runner) return finish({}, tr("no experiment to export"));
    statusBar()->showMessage(tr("Exporting data to %1…").arg(directory));
    page->exportDataAsync(directory, *m_runner, finish);
}

void MainWindow::setPresentationMode(bool on)
{
    m_presentation = on;
    m_cornerControls->setVisible(on);
    // The control column becomes a drawer: hidden until asked for (F4).
    setControlsVisible(!on);
    m_appliedScale = 0;
    applyScale();
    if (m_presentationAction && m_presentationAction->isChecked() != on) m_presentationAction->setChecked(on);
}

void MainWindow::applyScale()
{
    // Normal mode: the desktop's fonts. Presentation: fonts grow with the
    // window, 1.25× at 1280×720 up to 2× — readable from the back of a
    // lecture hall, and still fitting the window.
    double scale = 1.0;
    if (m_presentation) {
        const double byHeight = height() / 720.0, byWidth = width() / 1280.0;
        scale = std::clamp(1.25 * std::min(byHeight, byWidth), 1.25, 2.0);
    }
    if (std::abs(scale - m_appliedScale) < 0.05) return;
    m_appliedScale = scale;
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * scale);
    m_dock->setFont(f);
    m_tabs->tabBar()->setFont(f);
    m_cornerControls->setFont(f);
    // The status bar keeps the desktop's font: it is for the lecturer, not the
    // back row, and every pixel of height goes to the page.
    m_banner->setScale(scale);
    for (auto* p : m_pages)
        p->setPresentationScale(scale);
}

void MainWindow::resizeEvent(QResizeEvent* event)
{
    QMainWindow::resizeEvent(event);
    if (m_presentation) applyScale();
}

void MainWindow::setFullScreen(bool on)
{
    if (on)
        showFullScreen();
    else
        showNormal();
    if (m_fullScreenAction->isChecked() != on) m_fullScreenAction->setChecked(on);
}

void MainWindow::setControlsVisible(bool on)
{
    m_dock->setVisible(on);
    if (m_controlsAction && m_controlsAction->isChecked() != on) m_controlsAction->setChecked(on);
}

void MainWindow::setDarkTheme(bool on)
{
    m_dark = on;
    static const QPalette light = QApplication::palette();
    QPalette p = light;
    if (on) {
        // High contrast for projectors: near-black ground, white text, a
        // saturated highlight.
        const QColor ground(18, 18, 18), base(30, 30, 30), text(245, 245, 245);
        for (auto group : {QPalette::Active, QPalette::Inactive}) {
            p.setColor(group, QPalette::Window, ground);
            p.setColor(group, QPalette::WindowText, text);
            p.setColor(group, QPalette::Base, base);
            p.setColor(group, QPalette::AlternateBase, ground);
            p.setColor(group, QPalette::Text, text);
            p.setColor(group, QPalette::Button, QColor(45, 45, 45));
            p.setColor(group, QPalette::ButtonText, text);
            p.setColor(group, QPalette::ToolTipBase, base);
            p.setColor(group, QPalette::ToolTipText, text);
            p.setColor(group, QPalette::Highlight, QColor(255, 176, 0));
            p.setColor(group, QPalette::HighlightedText, Qt::black);
            p.setColor(group, QPalette::Link, QColor(120, 190, 255));
        }
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(140, 140, 140));
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(140, 140, 140));
        p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(140, 140, 140));
    }
    QApplication::setPalette(p);
    // Charts follow the palette (ChartPanel listens for palette changes).
    if (m_darkAction && m_darkAction->isChecked() != on) m_darkAction->setChecked(on);
}

HelpGuide* MainWindow::showGuide()
{
    if (!m_guide) m_guide = new HelpGuide(this);
    m_guide->setGeneratedPage("shortcuts", tr("Keyboard shortcuts"), shortcutList());
    m_guide->showPage(currentPage() ? currentPage()->id() : QString());
    m_guide->show();
    m_guide->raise();
    return m_guide;
}

QString MainWindow::shortcutList() const
{
    QString md = tr("# Keyboard shortcuts\n\n| key | action |\n|---|---|\n");
    md += tr("| Space | Run / Pause (whatever has the focus, except a text field) |\n");
    for (QAction* menu : menuBar()->actions()) {
        if (!menu->menu()) continue;
        for (QAction* a : menu->menu()->actions())
            if (!a->shortcut().isEmpty())
                md += QString("| %1 | %2 |\n")
                          .arg(a->shortcut().toString(QKeySequence::NativeText),
                               a->text().remove('&').section('\t', 0, 0));
    }
    return md;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress || event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier && !key->isAutoRepeat()) {
            auto* w = qobject_cast<QWidget*>(watched);
            const bool ours = w && w->window() == this;
            auto takesText = [](QObject* o) {
                auto* combo = qobject_cast<QComboBox*>(o);
                return qobject_cast<QLineEdit*>(o) || qobject_cast<QAbstractSpinBox*>(o) ||
                       qobject_cast<QTextEdit*>(o) || qobject_cast<QPlainTextEdit*>(o) ||
                       (combo && combo->isEditable());
            };
            const bool typing = takesText(w) || takesText(QApplication::focusWidget());
            if (ours && !typing) {
                if (event->type() == QEvent::KeyPress) setRunning(!m_running);
                event->accept();
                return true;
            }
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

} // namespace dlab::gui
