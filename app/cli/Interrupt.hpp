#pragma once
// Ctrl-C (SIGINT) and SIGTERM for dualitylab-cli: the first signal asks the
// running command to stop at its next cancel check and keep what it has
// computed; a second signal ends the process at once (the default action).
//
// Usage in a command: pass interruptFeedback() (or poll its isCancelled())
// wherever a long loop takes a dlab::Feedback, then write what is finished.

#include "engine/core/Feedback.hpp"

namespace dlab::cli {

// Called once from app/cli/main.cpp, before any command runs.
void installInterruptHandlers();

// isCancelled() is true once SIGINT or SIGTERM arrived. The handler only
// stores a lock-free atomic, which is async-signal-safe.
dlab::Feedback& interruptFeedback();

// 130 for SIGINT, 143 for SIGTERM (128 + signal number) after a signal, else 0:
// the exit code an interrupted command returns after saving its work.
int interruptExitCode();

} // namespace dlab::cli
