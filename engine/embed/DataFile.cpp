#include "DataFile.hpp"

#include "engine/io/Npy.hpp"

#include <cstdlib>
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

// Splits on , ; tab or spaces; returns false if a field is not a number.
bool parseNumbers(const std::string& line, std::vector<double>& out)
{
    out.clear();
    std::string field;
    auto flush = [&]() {
        if (field.empty()) return true;
        char* end = nullptr;
        const double v = std::strtod(field.c_str(), &end);
        if (end == field.c_str() || *end != '\0') return false;
        out.push_back(v);
        field.clear();
        return true;
    };
    for (char c : line) {
        if (c == ',' || c == ';' || c == '\t' || c == ' ' || c == '\r') {
            if (!flush()) return false;
        } else {
            field += c;
        }
    }
    return flush();
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
    std::ifstream f(path);
    if (!f) throw std::runtime_error(path + ": cannot open");
    std::vector<std::vector<double>> rows;
    std::string line;
    std::vector<double> values;
    int lineNo = 0;
    while (std::getline(f, line)) {
        ++lineNo;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (!parseNumbers(line, values)) {
            if (rows.empty() && lineNo == 1) continue; // header
            throw std::runtime_error(path + ":" + std::to_string(lineNo) + ": not a number in '" + line + "'");
        }
        if (!rows.empty() && values.size() != rows[0].size())
            throw std::runtime_error(path + ":" + std::to_string(lineNo) + ": expected " +
                                     std::to_string(rows[0].size()) + " columns, found " +
                                     std::to_string(values.size()));
        rows.push_back(values);
    }
    if (rows.empty()) throw std::runtime_error(path + ": no data rows");
    Eigen::MatrixXd m(Eigen::Index(rows.size()), Eigen::Index(rows[0].size()));
    for (std::size_t i = 0; i < rows.size(); ++i)
        for (std::size_t j = 0; j < rows[0].size(); ++j)
            m(Eigen::Index(i), Eigen::Index(j)) = rows[i][j];
    return m;
}

std::vector<int> loadLabels(const std::string& path)
{
    std::ifstream f(path);
    if (!f) throw std::runtime_error(path + ": cannot open");
    std::vector<std::string> text;
    std::string line;
    while (std::getline(f, line)) {
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

void saveEmbeddingCsv(const std::string& path, const Eigen::MatrixXd& y, const std::vector<int>& labels)
{
    std::ofstream f(path);
    if (!f) throw std::runtime_error(path + ": cannot open for writing");
    f << (labels.empty() ? "x,y\n" : "x,y,label\n");
    f.precision(9);
    for (Eigen::Index i = 0; i < y.rows(); ++i) {
        f << y(i, 0) << "," << y(i, 1);
        if (!labels.empty()) f << "," << labels[std::size_t(i)];
        f << "\n";
    }
    if (!f) throw std::runtime_error(path + ": write failed");
}

} // namespace dlab::embed
