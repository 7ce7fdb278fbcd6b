#include "engine/io/Npy.hpp"

#include "engine/models/SpinConfiguration.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace dlab {
namespace {

std::string shapeText(const std::vector<std::size_t>& shape)
{
    std::ostringstream s;
    s << "(";
    for (std::size_t i = 0; i < shape.size(); ++i)
        s << shape[i] << (shape.size() == 1 || i + 1 < shape.size() ? ", " : "");
    s << ")";
    return s.str();
}

void writeNpy(const std::string& path, const std::string& descr, const std::vector<std::size_t>& shape,
              const void* data, std::size_t bytes)
{
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    // Pad so that magic (6) + version (2) + length (2) + header is a multiple of 64.
    const std::size_t total = 10 + header.size() + 1;
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    if (!out) throw NpyError("cannot open '" + path + "' for writing: " + std::strerror(errno));
    const std::uint16_t len = std::uint16_t(header.size());
    out.write("\x93NUMPY\x01\x00", 8);
    out.put(char(len & 0xff));
    out.put(char(len >> 8));
    out.write(header.data(), std::streamsize(header.size()));
    out.write(static_cast<const char*>(data), std::streamsize(bytes));
    if (!out) throw NpyError("writing '" + path + "' failed: " + std::strerror(errno));
}

std::size_t product(const std::vector<std::size_t>& shape)
{
    std::size_t n = 1;
    for (auto s : shape)
        n *= s;
    return n;
}

// Value of `key` in the header dict, e.g. 'descr': '<f8' → <f8.
std::string headerField(const std::string& header, const std::string& key, const std::string& path)
{
    const auto k = header.find("'" + key + "'");
    if (k == std::string::npos) throw NpyError("'" + path + "' is not a valid .npy file: header has no '" + key + "'");
    auto colon = header.find(':', k);
    auto start = header.find_first_not_of(' ', colon + 1);
    if (header[start] == '(') return header.substr(start + 1, header.find(')', start) - start - 1);
    if (header[start] == '\'') return header.substr(start + 1, header.find('\'', start + 1) - start - 1);
    return header.substr(start, header.find_first_of(",}", start) - start);
}

template <class T> void convert(const std::vector<char>& raw, std::vector<double>& out)
{
    const std::size_t n = raw.size() / sizeof(T);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        T v;
        std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
        out[i] = double(v);
    }
}

} // namespace

NpyArray readNpy(const std::string& path)
{
    // A directory opens as a stream on Linux; say what it is rather than
    // "not a .npy file".
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw NpyError("'" + path + "' is a directory, not a .npy file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NpyError("cannot open '" + path + "': " + std::strerror(errno));
    char magic[8];
    if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0)
        throw NpyError("'" + path + "' is not a .npy file (no \\x93NUMPY magic)");
    const int major = magic[6];
    std::size_t headerLen = 0;
    if (major == 1) {
        unsigned char b[2];
        if (!in.read(reinterpret_cast<char*>(b), 2)) throw NpyError("'" + path + "' is truncated in its header");
        headerLen = b[0] | (std::size_t(b[1]) << 8);
    } else if (major == 2 || major == 3) {
        unsigned char b[4];
        if (!in.read(reinterpret_cast<char*>(b), 4)) throw NpyError("'" + path + "' is truncated in its header");
        headerLen = b[0] | (std::size_t(b[1]) << 8) | (std::size_t(b[2]) << 16) | (std::size_t(b[3]) << 24);
    } else {
        throw NpyError("'" + path + "' has unsupported .npy version " + std::to_string(major));
    }
    if (headerLen > (1u << 20)) throw NpyError("'" + path + "' has an implausible header length");
    std::string header(headerLen, '\0');
    if (!in.read(header.data(), std::streamsize(headerLen)))
        throw NpyError("'" + path + "' is truncated in its header");

    NpyArray a;
    a.dtype = headerField(header, "descr", path);
    if (headerField(header, "fortran_order", path) != "False")
        throw NpyError("'" + path + "' is in Fortran order; save it with numpy.ascontiguousarray first");
    std::istringstream shape(headerField(header, "shape", path));
    std::string item;
    while (std::getline(shape, item, ',')) {
        const auto first = item.find_first_not_of(' ');
        if (first == std::string::npos) continue;
        try {
            a.shape.push_back(std::stoull(item.substr(first)));
        } catch (...) {
            throw NpyError("'" + path + "' has an unreadable shape '" + item + "'");
        }
    }
    const std::string& d = a.dtype;
    if (d.size() < 3 || (d[0] == '>' && d.substr(1) != "i1" && d.substr(1) != "u1"))
        throw NpyError("'" + path + "' has dtype " + d + "; only little-endian data is supported");
    const std::string kind = d.substr(1);
    std::size_t width = 0;
    if (kind == "i1" || kind == "u1" || kind == "b1")
        width = 1;
    else if (kind == "i2")
        width = 2;
    else if (kind == "i4" || kind == "f4")
        width = 4;
    else if (kind == "i8" || kind == "f8")
        width = 8;
    else
        throw NpyError("'" + path + "' has unsupported dtype " + d +
                       " (supported: int8/16/32/64, uint8, bool, float32/64)");
    const std::size_t n = product(a.shape);
    std::vector<char> raw(n * width);
    if (!in.read(raw.data(), std::streamsize(raw.size())))
        throw NpyError("'" + path + "' is truncated: shape " + shapeText(a.shape) + " needs " +
                       std::to_string(raw.size()) + " data bytes");
    if (kind == "i1")
        convert<std::int8_t>(raw, a.values);
    else if (kind == "u1" || kind == "b1")
        convert<std::uint8_t>(raw, a.values);
    else if (kind == "i2")
        convert<std::int16_t>(raw, a.values);
    else if (kind == "i4")
        convert<std::int32_t>(raw, a.values);
    else if (kind == "i8")
        convert<std::int64_t>(raw, a.values);
    else if (kind == "f4")
        convert<float>(raw, a.values);
    else
        convert<double>(raw, a.values);
    return a;
}

void writeNpyInt8(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<std::int8_t>& data)
{
    if (product(shape) != data.size()) throw NpyError("writeNpyInt8: shape does not match data size");
    writeNpy(path, "|i1", shape, data.data(), data.size());
}

void writeNpyFloat64(const std::string& path, const std::vector<std::size_t>& shape, const std::vector<double>& data)
{
    if (product(shape) != data.size()) throw NpyError("writeNpyFloat64: shape does not match data size");
    writeNpy(path, "<f8", shape, data.data(), data.size() * sizeof(double));
}

void writeConfigurations(const std::string& path, const std::vector<SpinConfiguration>& configs)
{
    const std::size_t L = configs.empty() ? 0 : std::size_t(configs.front().size());
    std::vector<std::int8_t> data;
    data.reserve(configs.size() * L * L);
    for (const auto& c : configs) {
        if (std::size_t(c.size()) != L) throw NpyError("writeConfigurations: configurations of different sizes");
        data.insert(data.end(), c.spins().begin(), c.spins().end());
    }
    writeNpyInt8(path, {configs.size(), L, L}, data);
}

std::vector<SpinConfiguration> readConfigurations(const std::string& path)
{
    const NpyArray a = readNpy(path);
    if (a.shape.size() != 3 || a.shape[1] != a.shape[2] || a.shape[1] < 2)
        throw NpyError("'" + path + "' has shape " + shapeText(a.shape) +
                       "; expected configurations [n, L, L] with L ≥ 2");
    const std::size_t n = a.shape[0], L = a.shape[1];
    std::vector<SpinConfiguration> out;
    out.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
        SpinConfiguration c{int(L)};
        for (std::size_t i = 0; i < L * L; ++i) {
            const double v = a.values[k * L * L + i];
            if (v != 1.0 && v != -1.0)
                throw NpyError("'" + path + "': configuration " + std::to_string(k) + " has value " +
                               std::to_string(v) + " at site " + std::to_string(i) + "; spins must be ±1");
            c[int(i)] = std::int8_t(v);
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace dlab
