#pragma once
// NumPy .npy files (format 1.0/2.0, C order, little endian): Ising
// configurations as int8 [n, L, L], real data as float64 [n, d]. Files written
// here load with numpy.load; errors say what is wrong with the file.

#include <cstdint>
#include <istream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace dlab {

class SpinConfiguration;
class AtomicFile;

class NpyError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct NpyArray {
    std::vector<std::size_t> shape;
    std::vector<double> values; // converted from any supported dtype, C order
    std::string dtype;          // as in the file, e.g. "<f4", "|i1"
    std::size_t elements() const { return values.size(); }
};

// Largest array readNpy accepts (values are held as doubles: 4.3 GB).
inline constexpr std::size_t kMaxNpyElements = std::size_t(1) << 29;

// Supported dtypes: int8, uint8, int16, int32, int64, float32, float64, bool.
// The header is checked against the file size before anything is allocated.
NpyArray readNpy(const std::string& path);
// The same from a seekable stream; `name` is used in messages (the fuzz
// harness and tests read from memory).
NpyArray readNpy(std::istream& in, const std::string& name);

void writeNpyInt8(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<std::int8_t>& data);
void writeNpyFloat64(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<double>& data);

// Configurations ↔ int8 [n, L, L] (row y, column x: element [k, y, x] is spin x + L·y).
void writeConfigurations(const std::string& path, const std::vector<SpinConfiguration>& configs);
// Configurations written one at a time as they are made (memory stays one
// configuration, whatever the run length). The file appears at `path` only on
// finish(), with the final count in its header; until then it is a temporary
// beside it, removed if the writer is destroyed unfinished.
class NpyConfigurationWriter {
public:
    NpyConfigurationWriter(const std::string& path, int L);
    ~NpyConfigurationWriter();
    void append(const SpinConfiguration& c);
    std::size_t count() const { return m_count; }
    void finish();

private:
    std::unique_ptr<AtomicFile> m_file;
    std::size_t m_L = 0, m_count = 0;
};

// Every value must be ±1 and the array [n, L, L] with L ≥ 2.
std::vector<SpinConfiguration> readConfigurations(const std::string& path);

} // namespace dlab
