#pragma once
// Data for "t-SNE of anything": a matrix (rows = points) from a NumPy .npy
// file (any supported dtype; trailing dimensions are flattened, so Ising
// configurations [n, L, L] become n × L²) or a CSV file of numbers (comma,
// semicolon, tab or space separated; a non-numeric first line is a header).
// Labels: one per line (integers, or any text mapped to 0, 1, … in order of
// first appearance). Errors are std::runtime_error naming file and line.
// Lines starting with '#' are comments (CsvTable's header lines), so every
// table the program writes can be read back.

#include "engine/io/CsvTable.hpp"

#include <Eigen/Core>

#include <istream>
#include <string>
#include <vector>

namespace dlab::embed {

Eigen::MatrixXd loadMatrix(const std::string& path);
// The CSV reader behind loadMatrix; `name` is used in messages. Empty fields
// ("1,,2") are errors naming line and column; lines over 16 MB and more than
// 2²⁷ values are refused before they fill the memory.
Eigen::MatrixXd loadCsvMatrix(std::istream& in, const std::string& name);
std::vector<int> loadLabels(const std::string& path);
// An embedding as a table "x,y" (and ",label" if labels are given); callers
// add header lines saying what was embedded, and describeTsne() how.
CsvTable embeddingTable(const Eigen::MatrixXd& y, const std::vector<int>& labels = {});
struct TsneOptions;
void describeTsne(CsvTable& table, const TsneOptions& options, int iterationsDone);
// embeddingTable(y, labels) without header lines, written atomically.
void saveEmbeddingCsv(const std::string& path, const Eigen::MatrixXd& y, const std::vector<int>& labels = {});

} // namespace dlab::embed
