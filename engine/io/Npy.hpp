#pragma once
// NumPy .npy files (format 1.0/2.0, C order, little endian): Ising
// configurations as int8 [n, L, L], real data as float64 [n, d]. Files written
// here load with numpy.load; errors say what is wrong with the file.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace dlab {

class SpinConfiguration;

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

// Supported dtypes: int8, uint8, int16, int32, int64, float32, float64, bool.
NpyArray readNpy(const std::string& path);

void writeNpyInt8(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<std::int8_t>& data);
void writeNpyFloat64(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<double>& data);

// Configurations ↔ int8 [n, L, L] (row y, column x: element [k, y, x] is spin x + L·y).
void writeConfigurations(const std::string& path, const std::vector<SpinConfiguration>& configs);
// Every value must be ±1 and the array [n, L, L] with L ≥ 2.
std::vector<SpinConfiguration> readConfigurations(const std::string& path);

} // namespace dlab
