// dualitylab: the desktop application. Without a display it says so and runs
// the headless default (dualitylab-cli simulate) instead of crashing.
//
// Automation for docs and tests:
//   dualitylab --preset critical --run-for 3 --screenshot shot.png --quit
//   dualitylab --preset critical --presentation --size 1280x720 --screenshot shot.png --quit
// (with QT_QPA_PLATFORM=offscreen, or no display at all: automation flags
// switch to the offscreen platform by themselves).
#include "MainWindow.hpp"
#include "Pages.hpp"
#include "widgets/LatticeView.hpp"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimer>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <vector>

namespace {

bool hasDisplay()
{
    for (const char* v : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        const char* s = std::getenv(v);
        if (s && *s) return true;
    }
    return false;
}

bool wantsAutomation(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* flag :
             {"--screenshot", "--quit", "--measure-latency", "--measure-lattice-fps", "--help", "-h", "--version"})
            if (std::strcmp(argv[i], flag) == 0) return true;
    return false;
}

[[noreturn]] void runHeadlessDefault()
{
    std::fprintf(stderr, "dualitylab: no display found (DISPLAY, WAYLAND_DISPLAY and QT_QPA_PLATFORM are unset).\n"
                         "dualitylab: running the headless default instead: dualitylab-cli simulate\n"
                         "dualitylab: (use `xvfb-run -a dualitylab` or QT_QPA_PLATFORM=offscreen for the window)\n");
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::vector<std::filesystem::path> candidates;
    if (!ec) {
        candidates.push_back(self.parent_path() / "dualitylab-cli");
        candidates.push_back(self.parent_path().parent_path() / "cli" / "dualitylab-cli");
    }
    for (const auto& c : candidates)
        if (std::filesystem::exists(c)) {
            const std::string path = c.string();
            char* args[] = {const_cast<char*>("dualitylab-cli"), const_cast<char*>("simulate"), nullptr};
            execv(path.c_str(), args);
        }
    execlp("dualitylab-cli", "dualitylab-cli", "simulate", static_cast<char*>(nullptr));
    std::fprintf(stderr, "dualitylab: dualitylab-cli not found either\n");
    std::exit(2);
}

double percentile(std::vector<double> v, double q)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(q * double(v.size() - 1) + 0.5))];
}

// GUI event-loop responsiveness under full engine load: a 10 ms timer's lateness.
void measureLatency(dlab::gui::MainWindow& w, double seconds, bool engineRunning)
{
    QJsonObject s = w.sessionJson();
    QJsonObject p = s["parameters"].toObject();
    p["chains"] = 2; // both cores busy
    s["parameters"] = p;
    s["fullSpeed"] = true;
    s["running"] = engineRunning; // --paused gives the baseline without engine load
    QString error;
    if (!w.applySession(s, &error)) std::fprintf(stderr, "%s\n", qPrintable(error));
    auto* samples = new std::vector<double>;
    auto* clock = new QElapsedTimer;
    auto* timer = new QTimer(&w);
    timer->setTimerType(Qt::PreciseTimer);
    clock->start();
    QObject::connect(timer, &QTimer::timeout, &w, [=] {
        samples->push_back(double(clock->nsecsElapsed()) / 1e6 - 10.0);
        clock->restart();
    });
    timer->start(10);
    QTimer::singleShot(int(seconds * 1000), &w, [=, &w] {
        timer->stop();
        std::printf("{\"timer_interval_ms\": 10, \"samples\": %zu, \"lateness_ms\": {\"p50\": %.2f, \"p99\": %.2f, "
                    "\"max\": %.2f}, \"frames_per_second\": %.1f}\n",
                    samples->size(), percentile(*samples, 0.5), percentile(*samples, 0.99),
                    samples->empty() ? 0.0 : *std::max_element(samples->begin(), samples->end()), w.framesPerSecond());
        QApplication::quit();
    });
}

// LatticeView refresh rate: new values and a synchronous repaint each frame.
void measureLatticeFps(int L)
{
    dlab::widgets::LatticeView view;
    view.resize(700, 700);
    view.show();
    std::vector<std::int8_t> spins(std::size_t(L) * L);
    std::uint32_t x = 12345;
    QElapsedTimer t;
    t.start();
    int frames = 0;
    while (t.elapsed() < 2000) {
        for (auto& s : spins) {
            x = x * 1664525u + 1013904223u;
            s = (x >> 31) ? 1 : -1;
        }
        view.setValues(spins.data(), L, L);
        view.repaint();
        ++frames;
    }
    std::printf("{\"L\": %d, \"view_px\": 700, \"frames\": %d, \"frames_per_second\": %.1f}\n", L, frames,
                frames * 1000.0 / double(t.elapsed()));
}

// The value of a numeric option, or an error naming it with its range: NaN
// used to become a negative timer interval (the run never ended) and inf or
// out-of-range values were clamped without a word.
bool numberOption(const QCommandLineParser& cli, const QCommandLineOption& option, double lo, double hi, double& value)
{
    const QString text = cli.value(option);
    bool ok = false;
    value = text.toDouble(&ok);
    if (ok && std::isfinite(value) && value >= lo && value <= hi) return true;
    std::fprintf(stderr, "dualitylab: --%s must be a number in [%g, %g], got '%s'\n",
                 qPrintable(option.names().first()), lo, hi, qPrintable(text));
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    if (!hasDisplay()) {
        if (!wantsAutomation(argc, argv)) runHeadlessDefault();
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    }
    // QGuiApplication takes "-session"/"--session" for X11 session management
    // and swallows it: pull our --session FILE out before Qt sees argv.
    QString sessionPath;
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        if ((std::strcmp(argv[i], "--session") == 0 || std::strcmp(argv[i], "-session") == 0) && i + 1 < argc) {
            sessionPath = QString::fromLocal8Bit(argv[++i]);
            continue;
        }
        if (std::strncmp(argv[i], "--session=", 10) == 0) {
            sessionPath = QString::fromLocal8Bit(argv[i] + 10);
            continue;
        }
        args.push_back(argv[i]);
    }
    args.push_back(nullptr);
    int qtArgc = int(args.size()) - 1;
    QApplication app(qtArgc, args.data());
    QApplication::setApplicationName("DualityLab");
    QApplication::setOrganizationName("DualityLab");
    QApplication::setOrganizationDomain("dualitylab.org");
    QApplication::setApplicationVersion(DLAB_VERSION);
    QApplication::setDesktopFileName("org.dualitylab.DualityLab");

    QCommandLineParser cli;
    cli.setApplicationDescription("DualityLab: machine learning finds dualities and symmetries in statistical physics");
    cli.addHelpOption();
    cli.addVersionOption();
    const QCommandLineOption preset("preset", "Start from a preset: " + dlab::gui::MainWindow::presetNames().join(", "),
                                    "NAME");
    const QCommandLineOption session("session", "Open a saved session file.", "FILE");
    const QCommandLineOption runFor("run-for", "Run for this many seconds, then continue with --screenshot/--quit.",
                                    "SECONDS");
    const QCommandLineOption screenshot("screenshot", "Save the window as a PNG after --run-for.", "FILE");
    const QCommandLineOption quit("quit", "Quit after --run-for (and --screenshot).");
    const QCommandLineOption paused("paused", "Do not start running.");
    const QCommandLineOption presentation("presentation", "Start in presentation mode.");
    const QCommandLineOption dark("dark", "Start with the dark, high-contrast projector theme.");
    const QCommandLineOption size("size",
                                  "Open the window at exactly WxH pixels (e.g. 1280x720); a window that cannot "
                                  "shrink to it is an error.",
                                  "WxH");
    const QCommandLineOption page("page", "Show this page (its session id, e.g. montecarlo).", "ID");
    const QCommandLineOption latency("measure-latency", "Measure GUI timer latency under full load; print JSON.",
                                     "SECONDS");
    const QCommandLineOption latticeFps("measure-lattice-fps", "Measure L×L LatticeView refresh rate; print JSON.",
                                        "L");
    cli.addOptions(
        {preset, session, runFor, screenshot, quit, paused, presentation, dark, size, page, latency, latticeFps});
    cli.process(app);

    // Every number is checked before any window or engine work starts.
    double latticeL = 0, latencySeconds = 0, runSeconds = 0;
    if (cli.isSet(latticeFps)) {
        if (!numberOption(cli, latticeFps, 2, 4096, latticeL)) return 2;
        if (latticeL != std::floor(latticeL)) {
            std::fprintf(stderr, "dualitylab: --measure-lattice-fps must be an integer in [2, 4096], got '%s'\n",
                         qPrintable(cli.value(latticeFps)));
            return 2;
        }
    }
    if (cli.isSet(latency) && !numberOption(cli, latency, 0.5, 600.0, latencySeconds)) return 2;
    if (cli.isSet(runFor) && !numberOption(cli, runFor, 0.0, 86400.0, runSeconds)) return 2;
    if (cli.isSet(latticeFps)) {
        measureLatticeFps(int(latticeL));
        return 0;
    }

    QSize windowSize;
    if (cli.isSet(size)) {
        const auto m = QRegularExpression("^(\\d{1,5})x(\\d{1,5})$").match(cli.value(size));
        const int w = m.hasMatch() ? m.captured(1).toInt() : 0, h = m.hasMatch() ? m.captured(2).toInt() : 0;
        if (w < 320 || w > 7680 || h < 240 || h > 4320) {
            std::fprintf(stderr,
                         "dualitylab: --size: expected WxH with W from 320 to 7680 and H from 240 to 4320 "
                         "(e.g. 1280x720), got \"%s\"\n",
                         qPrintable(cli.value(size)));
            return 2;
        }
        windowSize = QSize(w, h);
    }

    dlab::gui::MainWindow window;
    dlab::gui::addStandardPages(window);
    QString error;
    bool ok = true;
    if (!sessionPath.isEmpty())
        ok = window.openSession(sessionPath, &error);
    else
        ok = window.loadPreset(cli.isSet(preset) ? cli.value(preset) : QStringLiteral("critical"), &error);
    if (!ok) {
        std::fprintf(stderr, "dualitylab: %s\n", qPrintable(error));
        if (cli.isSet(quit)) return 1;
    }
    if (cli.isSet(paused))
        window.setRunning(false);
    else
        window.setRunning(true);
    if (cli.isSet(page) && !window.showPage(cli.value(page))) {
        std::fprintf(stderr, "dualitylab: --page: unknown page \"%s\" (available: %s)\n", qPrintable(cli.value(page)),
                     qPrintable(window.pageIds().join(", ")));
        return 2;
    }
    if (cli.isSet(presentation)) window.setPresentationMode(true);
    if (cli.isSet(dark)) window.setDarkTheme(true);
    if (windowSize.isValid()) window.resize(windowSize);
    window.show();
    if (windowSize.isValid()) {
        QApplication::processEvents();
        if (window.size() != windowSize) {
            std::fprintf(stderr, "dualitylab: --size %dx%d: the window cannot be that small (it is %dx%d)\n",
                         windowSize.width(), windowSize.height(), window.width(), window.height());
            return 1;
        }
    }

    if (cli.isSet(latency)) {
        measureLatency(window, latencySeconds, !cli.isSet(paused));
        return app.exec();
    }
    if (cli.isSet(runFor) || cli.isSet(screenshot) || cli.isSet(quit)) {
        const int ms = int(runSeconds * 1000);
        const QString shot = cli.value(screenshot);
        const bool quitAfter = cli.isSet(quit);
        QTimer::singleShot(ms, &window, [&window, shot, quitAfter] {
            window.pollNow();
            if (!shot.isEmpty()) {
                QApplication::processEvents();
                if (!window.grab().save(shot, "PNG")) {
                    std::fprintf(stderr, "dualitylab: cannot write %s\n", qPrintable(shot));
                    if (quitAfter) QApplication::exit(1);
                    return;
                }
            }
            if (quitAfter) QApplication::quit();
        });
    }
    return app.exec();
}
