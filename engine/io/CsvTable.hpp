#pragma once
// The one CSV writer: a table of numbers with `# key: value` header lines
// saying what produced it (model, β, L, algorithm, seed, …), so a file found
// later still tells its own story. numpy.loadtxt, pandas.read_csv(comment='#')
// and gnuplot skip the header lines.

#include <string>
#include <utility>
#include <vector>

namespace dlab {

class CsvTable {
public:
    explicit CsvTable(std::vector<std::string> columns) : m_columns(std::move(columns)) {}

    void addHeader(const std::string& key, const std::string& value) { m_header.emplace_back(key, value); }
    void addHeader(const std::string& key, double value);
    // One value per column (throws std::invalid_argument otherwise).
    void addRow(std::vector<double> row);

    const std::vector<std::string>& columns() const { return m_columns; }
    std::size_t rows() const { return m_rows.size(); }

    // Full-precision numbers (%.12g); NaN is written "nan".
    std::string text() const;
    // Atomically (AtomicFile); throws OutputError (a std::runtime_error) naming the path when it cannot write.
    void write(const std::string& path) const;

private:
    std::vector<std::pair<std::string, std::string>> m_header;
    std::vector<std::string> m_columns;
    std::vector<std::vector<double>> m_rows;
};

} // namespace dlab
