#pragma once
// Files that are either complete or absent, and output folders checked before
// any work is done.
//
//   AtomicFile f("out/sweep.csv");      // writes to out/.sweep.csv.XXXXXX
//   f.stream() << ...;
//   f.commit();                         // flush, fsync, rename over out/sweep.csv
//
// Without commit() (an exception, an interrupt that skips the write) the
// temporary is removed and the target keeps its previous content. A reader
// therefore never sees a half-written file, and a rewrite of a growing file
// (one more finished run appended) replaces the old version in one step.

#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace dlab {

// Any failure to create, write or rename an output file; the message names
// the path and the system's reason.
class OutputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class AtomicFile {
public:
    // Creates the temporary beside `path` (same folder, so rename is atomic).
    explicit AtomicFile(std::string path, std::ios::openmode mode = std::ios::out | std::ios::binary);
    ~AtomicFile(); // removes the temporary unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ostream& stream() { return m_out; }
    const std::string& path() const { return m_path; }
    const std::string& temporaryPath() const { return m_temporary; }

    // Flushes, syncs to disk and renames over the target; throws OutputError.
    void commit();

private:
    std::string m_path;
    std::string m_temporary;
    std::ofstream m_out;
    bool m_committed = false;
};

// Writes `content` to `path` atomically (see AtomicFile).
void writeFileAtomically(const std::string& path, std::string_view content);

enum class CreateFolder { No, LastComponent };

// Throws OutputError unless `folder` exists, is a directory and a file can be
// created in it (probed by creating and removing one, which is the only test
// that is also right for root and read-only mounts). With LastComponent a
// missing folder whose parent exists is created; a missing parent is an
// error (a typo like /nonexitent/a/b never creates a tree).
void checkOutputFolder(const std::string& folder, CreateFolder create = CreateFolder::No);

// checkOutputFolder on the folder that will hold `file` ("." for a bare name);
// also refuses a `file` that is an existing directory.
void checkOutputFile(const std::string& file);

} // namespace dlab
