#include "MainWindow.hpp"

#include "SessionFile.hpp"

#include "widgets/FigureExporter.hpp"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTimer>
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
    buildDock();
    buildMenus();

    m_statusState = new QLabel;
    m_statusThroughput = new QLabel;
    m_statusFps = new QLabel;
    m_statusSeed = new QLabel;
    for (QLabel* l : {m_statusState, m_statusThroughput, m_statusFps, m_statusSeed})
        statusBar()->addPermanentWidget(l);

    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index < 0) return;
        m_panels->setCurrentIndex(index);
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
    auto* dock = new QDockWidget(tr("Controls"), this);
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
    layout->addWidget(run);

    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setStyleSheet("QLabel { color: #b2182b; font-weight: bold; }");
    m_error->hide();
    layout->addWidget(m_error);

    m_panels = new QStackedWidget;
    layout->addWidget(m_panels);

    m_note = new QTextBrowser;
    m_note->setOpenExternalLinks(true);
    m_note->setMinimumHeight(140);
    layout->addWidget(m_note, 1);

    auto* scroll = m_dockScroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(330);
    dock->setWidget(scroll);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

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
        const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), QString(),
                                                          tr("DualityLab session (*.json);;All files (*)"));
        QString error;
        if (!path.isEmpty() && !openSession(path, &error)) QMessageBox::warning(this, tr("Open session"), error);
    });
    file->addAction(tr("&Save session…"), QKeySequence::Save, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Save session"), "session.json", tr("DualityLab session (*.json)"));
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
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export data into folder"));
        if (dir.isEmpty()) return;
        exportData(dir, [this](const QStringList& files, const QString& error) {
            if (files.isEmpty()) QMessageBox::warning(this, tr("Export data"), error);
        });
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    m_runAction =
        runMenu->addAction(tr("Run / Pause"), QKeySequence(Qt::Key_Space), this, [this] { setRunning(!m_running); });
    runMenu->addAction(tr("Step"), QKeySequence(Qt::Key_Right), this, &MainWindow::stepOnce);
    runMenu->addAction(tr("Reset"), QKeySequence(Qt::CTRL | Qt::Key_R), this, &MainWindow::reset);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_presentationAction = view->addAction(tr("&Presentation mode"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F5));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
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
        [this](const QString& name, std::shared_ptr<const ExperimentPage::EmbedData> data, const QString& error) {
            if (!data) return showError(tr("t-SNE: %1").arg(error));
            for (std::size_t i = 0; i < m_pages.size(); ++i)
                if (m_pages[i]->acceptsEmbedding()) {
                    m_tabs->setCurrentIndex(int(i)); // the source's run stops; its data is already copied
                    if (m_pages[i]->embed(name, data))
                        statusBar()->showMessage(
                            tr("Embedding %1 points of %2 with t-SNE").arg(data->points.rows()).arg(name), 5000);
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
    m_runButton->setToolTip(tr("Run or pause (Space)"));
    if (m_statusState) m_statusState->setText(m_running ? tr("running") : tr("paused"));
}

void MainWindow::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    if (!message.isEmpty()) statusBar()->showMessage(message, 10000);
}

QString MainWindow::errorText() const
{
    return m_error->isVisible() || !m_error->text().isEmpty() ? m_error->text() : QString();
}

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
    if (!m_noteText.isEmpty()) o["note"] = m_noteText;
    if (!m_noteTitle.isEmpty()) o["title"] = m_noteTitle;
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
    const QJsonObject previous = page->saveParameters();
    try {
        page->loadParameters(o.value("parameters").toObject());
    } catch (const std::exception& e) {
        page->loadParameters(previous); // leave the window as it was
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
    setTeachingNote(o.value("title").toString(), o.value("note").toString());
    m_running = o.value("running").toBool(false);
    updateRunButton();
    showError(QString());
    if (reset()) return true;
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

void MainWindow::setTeachingNote(const QString& title, const QString& note)
{
    m_noteTitle = title;
    m_noteText = note;
    m_note->setHtml(note.isEmpty() ? tr("<p><i>Load a preset (File ▸ Presets) for a guided tour.</i></p>")
                                   : QString("<h3>%1</h3>%2").arg(title.toHtmlEscaped(), note));
}

QString MainWindow::teachingNote() const { return m_noteText; }

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
    const double scale = on ? 1.6 : 1.0;
    QFont f = QApplication::font();
    f.setPointSizeF(f.pointSizeF() * scale);
    if (auto* dock = findChild<QDockWidget*>("controls")) dock->setFont(f);
    m_tabs->tabBar()->setFont(f);
    statusBar()->setFont(f);
    for (auto* p : m_pages)
        p->setPresentationScale(scale);
    // Controls stay fully visible: the dock widens with its fonts.
    m_dockScroll->widget()->adjustSize();
    m_dockScroll->setMinimumWidth(m_dockScroll->widget()->sizeHint().width() + 24);
    if (m_presentationAction && m_presentationAction->isChecked() != on) m_presentationAction->setChecked(on);
}

} // namespace dlab::gui
