#include "engine/io/CsvTable.hpp"

#include "engine/io/AtomicFile.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace dlab {
namespace {

std::string number(double v)
{
    if (std::isnan(v)) return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", v);
    return buf;
}

} // namespace

void CsvTable::addHeader(const std::string& key, double value) { addHeader(key, number(value)); }

void CsvTable::addRow(std::vector<double> row)
{
    if (row.size() != m_columns.size())
        throw std::invalid_argument("CSV row has " + std::to_string(row.size()) + " values for " +
                                    std::to_string(m_columns.size()) + " columns");
    m_rows.push_back(std::move(row));
}

std::string CsvTable::text() const
{
    std::string out;
    for (const auto& [key, value] : m_header)
        out += "# " + key + ": " + value + "\n";
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (i) out += ',';
        out += m_columns[i];
    }
    out += "\n";
    for (const auto& row : m_rows) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += ',';
            out += number(row[i]);
        }
        out += "\n";
    }
    return out;
}

void CsvTable::write(const std::string& path) const
{
    // Complete or absent: a table rewritten while a sweep runs (or cut by an
    // interrupt) never leaves a half-written file.
    writeFileAtomically(path, text());
}

} // namespace dlab
