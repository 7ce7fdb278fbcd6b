#include "DataFile.hpp"
#include "Tsne.hpp"

#include "engine/io/AtomicFile.hpp"
#include "engine/io/Npy.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace dlab::embed {

namespace {

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

constexpr std::size_t kMaxLineLength = std::size_t(1) << 24; // 16 MB
constexpr std::size_t kMaxCsvValues = std::size_t(1) << 27;  // 1 GB as doubles

// One line of at most kMaxLineLength characters (a binary file or /dev/zero
// has no newlines; getline would grow without bound). False at end of input.
bool nextLine(std::istream& in, std::string& line, const std::string& path, int lineNo)
{
    line.clear();
    std::streambuf* buffer = in.rdbuf();
    for (;;) {
        const int c = buffer->sbumpc();
        if (c == std::char_traits<char>::eof()) return !line.empty();
        if (c == '\n') return true;
        if (line.size() >= kMaxLineLength)
            throw std::runtime_error(path + ":" + std::to_string(lineNo) + ": line longer than " +
                                     std::to_string(kMaxLineLength >> 20) + " MB; not a text data file?");
        line.push_back(char(c));
    }
}

enum class Fields { Numbers, NotANumber, EmptyField };

// A line with a comma, semicolon or tab is split on exactly that separator,
// so "1,,2" has an empty second field (an error, never a silent shift of the
// columns); otherwise runs of spaces separate the fields.
Fields parseNumbers(const std::string& line, std::vector<double>& out, std::size_t& badColumn)
{
    out.clear();
    char separator = ' ';
    for (char s : {',', ';', '\t'})
        if (line.find(s) != std::string::npos) {
            separator = s;
            break;
        }
    auto number = [&](std::size_t from, std::size_t to) {
        while (from < to && (line[from] == ' ' || line[from] == '\r' || line[from] == '\t'))
            ++from;
        while (to > from && (line[to - 1] == ' ' || line[to - 1] == '\r' || line[to - 1] == '\t'))
            --to;
        if (from == to) return separator == ' ' ? Fields::Numbers : Fields::EmptyField;
        const std::string field = line.substr(from, to - from);
        char* end = nullptr;
        const double v = std::strtod(field.c_str(), &end);
        if (end == field.c_str() || *end != '\0') return Fields::NotANumber;
        out.push_back(v);
        return Fields::Numbers;
    };
    std::size_t from = 0;
    for (;;) {
        std::size_t to = line.find(separator, from);
        if (to == std::string::npos) to = line.size();
        const Fields f = number(from, to);
        if (f != Fields::Numbers) {
            badColumn = out.size() + 1;
            return f;
        }
        if (to == line.size()) return Fields::Numbers;
        from = to + 1;
    }
}

} // namespace

Eigen::MatrixXd loadMatrix(const std::string& path)
{
    if (endsWith(path, ".npy")) {
        const NpyArray a = readNpy(path);
        if (a.shape.empty()) throw std::runtime_error(path + ": a scalar is not a data set");
        const std::size_t n = a.shape[0], d = n ? a.elements() / n : 0;
        if (n == 0 || d == 0) throw std::runtime_error(path + ": the array is empty");
        Eigen::MatrixXd m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(d));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < d; ++j)
                m(Eigen::Index(i), Eigen::Index(j)) = a.values[i * d + j];
        return m;
    }
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw std::runtime_error(path + ": is a folder, not a data file");
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(path + ": cannot open");
    return loadCsvMatrix(f, path);
}

Eigen::MatrixXd loadCsvMatrix(std::istream& f, const std::string& path)
{
    std::vector<double> flat;
    std::size_t columns = 0;
    std::string line;
    std::vector<double> values;
    int lineNo = 0;
    auto where = [&] { return path + ":" + std::to_string(lineNo) + ": "; };
    bool firstLine = true; // of those that are neither blank nor comments
    while (nextLine(f, line, path, lineNo + 1)) {
        ++lineNo;
        const std::size_t start = line.find_first_not_of(" \t\r");
        if (start == std::string::npos) continue;
        // "# key: value" lines (CsvTable's header: what produced the file) are comments.
        if (line[start] == '#') continue;
        const bool header = firstLine;
        firstLine = false;
        std::size_t column = 0;
        const Fields parsed = parseNumbers(line, values, column);
        if (parsed == Fields::NotANumber) {
            if (header) continue; // column names
            throw std::runtime_error(where() + "column " + std::to_string(column) + " is not a number in '" +
                                     line.substr(0, 80) + "'");
        }
        if (parsed == Fields::EmptyField)
            throw std::runtime_error(where() + "column " + std::to_string(column) + " is empty");
        if (columns == 0) columns = values.size();
        if (values.size() != columns)
            throw std::runtime_error(where() + "expected " + std::to_string(columns) + " columns, found " +
                                     std::to_string(values.size()));
        if (flat.size() + values.size() > kMaxCsvValues)
            throw std::runtime_error(where() + "more than " + std::to_string(kMaxCsvValues) +
                                     " values; save large data sets as .npy");
        flat.insert(flat.end(), values.begin(), values.end());
    }
    if (flat.empty()) throw std::runtime_error(path + ": no data rows");
    const Eigen::Index rows = Eigen::Index(flat.size() / columns);
    return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
        flat.data(), rows, Eigen::Index(columns));
}

std::vector<int> loadLabels(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw std::runtime_error(path + ": is a folder, not a labels file");
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error(path + ": cannot open");
    std::vector<std::string> text;
    std::string line;
    int lineNo = 0;
    while (nextLine(f, line, path, ++lineNo)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (!line.empty()) text.push_back(line);
    }
    std::vector<int> out;
    bool integers = true;
    for (const auto& t : text) {
        char* end = nullptr;
        const long v = std::strtol(t.c_str(), &end, 10);
        if (end == t.c_str() || *end != '\0') {
            integers = false;
            break;
        }
        out.push_back(int(v));
    }
    if (!integers) { // text labels: number them in order of appearance
        out.clear();
        std::map<std::string, int> ids;
        for (const auto& t : text)
            out.push_back(ids.emplace(t, int(ids.size())).first->second);
    }
    return out;
}

namespace {
std::string shortNumber(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}
} // namespace

CsvTable embeddingTable(const Eigen::MatrixXd& y, const std::vector<int>& labels)
{
    CsvTable t(labels.empty() ? std::vector<std::string>{"x", "y"} : std::vector<std::string>{"x", "y", "label"});
    for (Eigen::Index i = 0; i < y.rows(); ++i) {
        if (labels.empty())
            t.addRow({y(i, 0), y(i, 1)});
        else
            t.addRow({y(i, 0), y(i, 1), double(labels[std::size_t(i)])});
    }
    return t;
}

void describeTsne(CsvTable& t, const TsneOptions& o, int iterationsDone)
{
    t.addHeader("method", o.theta > 0 ? "Barnes-Hut t-SNE, theta " + shortNumber(o.theta) : "exact t-SNE");
    t.addHeader("perplexity", o.perplexity);
    t.addHeader("iterations", std::to_string(iterationsDone) + " of " + std::to_string(o.iterations));
    t.addHeader("start", o.pcaInit ? "PCA" : "random (seeded)");
    t.addHeader("seed", double(o.seed));
}

void saveEmbeddingCsv(const std::string& path, const Eigen::MatrixXd& y, const std::vector<int>& labels)
{
    embeddingTable(y, labels).write(path); // atomic: an interrupted or failed write leaves no half file
}

} // namespace dlab::embed
