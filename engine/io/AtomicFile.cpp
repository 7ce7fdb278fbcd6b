#include "engine/io/AtomicFile.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace dlab {
namespace fs = std::filesystem;
namespace {

std::string reason(int error) { return std::strerror(error); }

// A unique file beside `path`, created empty with mkstemp (no name races).
std::string makeTemporary(const std::string& path)
{
    const fs::path target(path);
    const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string leaf = ".";
    leaf += target.filename().string();
    leaf += ".XXXXXX";
    std::string pattern = (folder / leaf).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw OutputError("cannot write '" + path + "': " + reason(errno));
    ::close(fd);
    return std::string(name.data());
}

void syncFile(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

AtomicFile::AtomicFile(std::string path, std::ios::openmode mode)
    : m_path(std::move(path)), m_temporary(makeTemporary(m_path))
{
    m_out.open(m_temporary, mode | std::ios::out | std::ios::trunc);
    if (!m_out) {
        const int error = errno;
        std::remove(m_temporary.c_str());
        throw OutputError("cannot write '" + m_path + "': " + reason(error));
    }
}

AtomicFile::~AtomicFile()
{
    if (m_committed) return;
    m_out.close();
    std::remove(m_temporary.c_str());
}

void AtomicFile::commit()
{
    if (m_committed) return;
    m_out.flush();
    const bool written = bool(m_out);
    m_out.close();
    if (!written || m_out.fail()) throw OutputError("writing '" + m_path + "' failed: " + reason(errno ? errno : EIO));
    syncFile(m_temporary);
    // mkstemp creates 0600; give the file the permissions a plain ofstream would have.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::chmod(m_temporary.c_str(), 0666 & ~mask);
    if (std::rename(m_temporary.c_str(), m_path.c_str()) != 0)
        throw OutputError("cannot replace '" + m_path + "': " + reason(errno));
    m_committed = true;
}

void writeFileAtomically(const std::string& path, std::string_view content)
{
    AtomicFile f(path);
    f.stream().write(content.data(), std::streamsize(content.size()));
    f.commit();
}

void checkOutputFolder(const std::string& folder, CreateFolder create)
{
    const fs::path dir = folder.empty() ? fs::path(".") : fs::path(folder);
    std::error_code ec;
    const auto status = fs::status(dir, ec);
    if (!fs::exists(status)) {
        fs::path normal = dir.lexically_normal();
        if (normal.filename().empty()) normal = normal.parent_path(); // "a/b/" names "a/b"
        const fs::path parent = normal.parent_path();                 // empty: the current folder
        if (create == CreateFolder::No) throw OutputError("output folder '" + folder + "' does not exist");
        if (!parent.empty() && !fs::is_directory(parent, ec))
            throw OutputError("output folder '" + folder + "' cannot be created: its parent '" + parent.string() +
                              "' does not exist (only the last path component is created)");
        if (!fs::create_directory(dir, ec) && ec)
            throw OutputError("cannot create output folder '" + folder + "': " + ec.message());
    } else if (!fs::is_directory(status)) {
        throw OutputError("output folder '" + folder + "' is not a folder");
    }
    std::string probe = (dir / ".dualitylab-write-test.XXXXXX").string();
    std::vector<char> name(probe.begin(), probe.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw OutputError("output folder '" + folder + "' is not writable: " + reason(errno));
    ::close(fd);
    ::unlink(name.data());
}

void checkOutputFile(const std::string& file)
{
    const fs::path target(file);
    std::error_code ec;
    if (fs::is_directory(target, ec)) throw OutputError("output file '" + file + "' is a folder");
    try {
        checkOutputFolder(target.has_parent_path() ? target.parent_path().string() : std::string("."));
    } catch (const OutputError& e) {
        throw OutputError("cannot write '" + file + "': " + e.what());
    }
}

} // namespace dlab
