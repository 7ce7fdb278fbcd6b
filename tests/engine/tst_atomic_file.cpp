// AtomicFile: a target is either its old or its new content, never half of
// either; output folder checks say what is wrong before any work is done.
#include "engine/io/AtomicFile.hpp"

#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace dlab;
namespace fs = std::filesystem;

namespace {
std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
int filesIn(const std::string& folder)
{
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(folder))
        ++n;
    return n;
}
// A folder no one may create files in: a 0555 folder for ordinary users; for
// root (CI runs as root) permission bits do not apply, so sysfs, which is
// mounted read-only in containers.
std::string readOnlyFolder(const QTemporaryDir& dir)
{
    if (::geteuid() != 0) {
        const std::string ro = dir.filePath("ro").toStdString();
        fs::create_directory(ro);
        ::chmod(ro.c_str(), 0555);
        return ro;
    }
    return "/sys";
}
} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string path(const char* name) { return m_dir.filePath(name).toStdString(); }

private Q_SLOTS:
    void commitReplacesTheTargetInOneStep()
    {
        writeFileAtomically(path("a.csv"), "old\n");
        {
            AtomicFile f(path("a.csv"));
            f.stream() << "new line 1\n";
            // Until commit the reader still sees the old content.
            QCOMPARE(slurp(path("a.csv")), std::string("old\n"));
            QVERIFY(fs::exists(f.temporaryPath()));
            QCOMPARE(fs::path(f.temporaryPath()).parent_path(), fs::path(path("a.csv")).parent_path());
            f.stream() << "new line 2\n";
            f.commit();
        }
        QCOMPARE(slurp(path("a.csv")), std::string("new line 1\nnew line 2\n"));
        QCOMPARE(filesIn(m_dir.path().toStdString()), 1); // no temporary left behind
        // Committed files get the usual permissions, not mkstemp's 0600.
        struct stat st {};
        QCOMPARE(::stat(path("a.csv").c_str(), &st), 0);
        const mode_t mask = ::umask(0);
        ::umask(mask);
        QCOMPARE(st.st_mode & 0777, mode_t(0666 & ~mask));
    }

    void abandonedWriteKeepsTheOldFileAndLeavesNoTemporary()
    {
        QTemporaryDir dir;
        const std::string target = dir.filePath("b.txt").toStdString();
        writeFileAtomically(target, "finished runs\n");
        try {
            AtomicFile f(target);
            f.stream() << "half a line";
            throw std::runtime_error("interrupted");
        } catch (const std::runtime_error&) {
        }
        QCOMPARE(slurp(target), std::string("finished runs\n"));
        QCOMPARE(filesIn(dir.path().toStdString()), 1);
    }

    void missingFolderIsReportedByName()
    {
        const std::string missing = path("no/such/folder");
        try {
            checkOutputFolder(missing);
            QFAIL("expected an error for a missing folder");
        } catch (const OutputError& e) {
            QVERIFY2(std::string(e.what()).find("'" + missing + "' does not exist") != std::string::npos, e.what());
        }
        try {
            AtomicFile f(missing + "/x.csv");
            QFAIL("expected an error writing into a missing folder");
        } catch (const OutputError& e) {
            QVERIFY2(std::string(e.what()).find(missing + "/x.csv") != std::string::npos, e.what());
        }
    }

    void onlyTheLastComponentIsCreated()
    {
        const std::string deep = path("p/q/r");
        try {
            checkOutputFolder(deep, CreateFolder::LastComponent);
            QFAIL("expected a refusal to create a whole tree");
        } catch (const OutputError& e) {
            QVERIFY2(std::string(e.what()).find("parent") != std::string::npos, e.what());
        }
        QVERIFY(!fs::exists(path("p")));
        checkOutputFolder(path("p"), CreateFolder::LastComponent);
        QVERIFY(fs::is_directory(path("p")));
        checkOutputFolder(path("p/q/"), CreateFolder::LastComponent); // trailing slash names the same folder
        QVERIFY(fs::is_directory(path("p/q")));
        QCOMPARE(filesIn(path("p")), 1); // the write probe is removed again
    }

    void fileInPlaceOfFolderAndFolderInPlaceOfFile()
    {
        writeFileAtomically(path("plain"), "x");
        QVERIFY_THROWS_EXCEPTION(OutputError, checkOutputFolder(path("plain")));
        try {
            checkOutputFile(m_dir.path().toStdString());
            QFAIL("expected an error for a folder given as output file");
        } catch (const OutputError& e) {
            QVERIFY2(std::string(e.what()).find("is a folder") != std::string::npos, e.what());
        }
        checkOutputFile(path("fresh.npy")); // a new file in an existing folder is fine
        QVERIFY(!fs::exists(path("fresh.npy")));
    }

    void readOnlyFolderIsRefusedBeforeAnyWork()
    {
        const std::string ro = readOnlyFolder(m_dir);
        try {
            checkOutputFolder(ro);
            QFAIL(qPrintable(QString::fromStdString("expected '" + ro + "' to be refused as not writable")));
        } catch (const OutputError& e) {
            QVERIFY2(std::string(e.what()).find("not writable") != std::string::npos, e.what());
        }
        QVERIFY_THROWS_EXCEPTION(OutputError, checkOutputFile(ro + "/configs.npy"));
    }
};

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
