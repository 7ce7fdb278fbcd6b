#pragma once
// Reads back a CSV file the program wrote (engine/io/CsvTable): its
// `# key: value` header lines, its column names and its numbers (through the
// t-SNE data reader, which skips the header lines). Tests use it to check that
// every exported table says what produced it and reads back whole.

#include "engine/embed/DataFile.hpp"

#include <Eigen/Core>
#include <QFile>
#include <QMap>
#include <QString>
#include <QStringList>
#include <sstream>

namespace dlab::test {

struct CsvReadBack {
    QMap<QString, QString> header; // "seed" → "7"
    QStringList columns;
    Eigen::MatrixXd values;
};

inline CsvReadBack readBackCsv(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error(("cannot open " + path).toStdString());
    const QByteArray bytes = f.readAll();
    CsvReadBack r;
    int rows = 0;
    for (const QByteArray& line : bytes.split('\n')) {
        if (line.startsWith('#')) {
            const QString text = QString::fromUtf8(line.mid(1)).trimmed();
            const qsizetype colon = text.indexOf(':');
            if (colon > 0) r.header[text.left(colon).trimmed()] = text.mid(colon + 1).trimmed();
        } else if (!line.isEmpty() && r.columns.isEmpty()) {
            r.columns = QString::fromUtf8(line).trimmed().split(',');
        } else if (!line.trimmed().isEmpty()) {
            ++rows;
        }
    }
    if (rows == 0) { // a table with no rows yet (the reader refuses those)
        r.values.resize(0, r.columns.size());
        return r;
    }
    std::istringstream in(bytes.toStdString());
    r.values = embed::loadCsvMatrix(in, path.toStdString());
    return r;
}

} // namespace dlab::test
