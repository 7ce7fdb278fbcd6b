#include "Interrupt.hpp"

#include <atomic>
#include <csignal>
#include <unistd.h>

namespace dlab::cli {
namespace {

dlab::Feedback g_feedback;
std::atomic<int> g_signal{0};

static_assert(std::atomic<bool>::is_always_lock_free && std::atomic<int>::is_always_lock_free,
              "the signal handler may only touch lock-free atomics");

extern "C" void onInterrupt(int signal)
{
    // A second signal while the command is still winding down: give the
    // default action back so it ends the process.
    if (g_signal.exchange(signal) != 0) {
        std::signal(signal, SIG_DFL);
        std::raise(signal);
        return;
    }
    g_feedback.cancel();
    static const char message[] = "\ninterrupted: stopping after the current step and keeping what is finished "
                                  "(signal again to quit at once)\n";
    const auto ignored = ::write(STDERR_FILENO, message, sizeof message - 1);
    (void)ignored;
}

} // namespace

void installInterruptHandlers()
{
    struct sigaction action {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // blocking reads/writes resume instead of failing with EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

dlab::Feedback& interruptFeedback() { return g_feedback; }

int interruptExitCode()
{
    const int s = g_signal.load();
    return s == 0 ? 0 : 128 + s;
}

} // namespace dlab::cli
