#include "engine/io/Npy.hpp"

#include "engine/io/AtomicFile.hpp"
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

// Magic, version 1.0, length and the header dict, padded with spaces so the
// data starts at a multiple of 64 bytes and at least at `minSize` (a streamed
// file rewrites its header with the final count in the same room).
std::string npyPreamble(const std::string& descr, const std::vector<std::size_t>& shape, std::size_t minSize = 0)
{
    std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
    std::size_t total = 10 + header.size() + 1;
    if (total < minSize) {
        header.append(minSize - total, ' ');
        total = minSize;
    }
    header.append((64 - total % 64) % 64, ' ');
    header.push_back('\n');
    const std::uint16_t len = std::uint16_t(header.size());
    std::string preamble("\x93NUMPY\x01\x00", 8);
    preamble.push_back(char(len & 0xff));
    preamble.push_back(char(len >> 8));
    return preamble + header;
}

void writeNpy(const std::string& path, const std::string& descr, const std::vector<std::size_t>& shape,
              const void* data, std::size_t bytes)
{
    AtomicFile out(path); // never a half-written .npy, even on Ctrl-C or a full disk
    const std::string preamble = npyPreamble(descr, shape);
    out.stream().write(preamble.data(), std::streamsize(preamble.size()));
    out.stream().write(static_cast<const char*>(data), std::streamsize(bytes));
    out.commit();
}

std::size_t product(const std::vector<std::size_t>& shape)
{
    std::size_t n = 1;
    for (auto s : shape)
        n *= s;
    return n;
}

// Element count of a shape read from a file, or nullopt-like false when the
// product does not fit in size_t (a header like (1, 2⁶³+8, 2⁶³+8) must not
// wrap around to a small count).
bool checkedProduct(const std::vector<std::size_t>& shape, std::size_t width, std::size_t& bytes)
{
    std::size_t n = width;
    for (auto s : shape)
        if (__builtin_mul_overflow(n, s, &n)) return false;
    bytes = n;
    return true;
}

[[noreturn]] void badHeader(const std::string& path, const std::string& what)
{
    throw NpyError("'" + path + "' is not a valid .npy file: " + what);
}

// Value of `key` in the header dict, e.g. 'descr': '<f8' → <f8. Every search
// is checked: a header cut off after "'descr':" is an error, not a read past
// its end.
std::string headerField(const std::string& header, const std::string& key, const std::string& path)
{
    const auto k = header.find("'" + key + "'");
    if (k == std::string::npos) badHeader(path, "header has no '" + key + "'");
    const auto colon = header.find(':', k + key.size() + 2);
    const auto start = colon == std::string::npos ? colon : header.find_first_not_of(' ', colon + 1);
    if (start == std::string::npos) badHeader(path, "header has no value for '" + key + "'");
    std::size_t end = std::string::npos;
    if (header[start] == '(') {
        end = header.find(')', start);
        if (end == std::string::npos) badHeader(path, "'" + key + "' has no closing ')'");
        return header.substr(start + 1, end - start - 1);
    }
    if (header[start] == '\'') {
        end = header.find('\'', start + 1);
        if (end == std::string::npos) badHeader(path, "'" + key + "' has no closing quote");
        return header.substr(start + 1, end - start - 1);
    }
    end = header.find_first_of(",}", start);
    if (end == std::string::npos) badHeader(path, "'" + key + "' is not followed by ',' or '}'");
    return header.substr(start, end - start);
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
    return readNpy(in, path);
}

NpyArray readNpy(std::istream& in, const std::string& path)
{
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
        const auto last = item.find_last_not_of(' ');
        const std::string digits = item.substr(first, last - first + 1);
        std::size_t used = 0;
        unsigned long long extent = 0;
        try {
            if (digits.find_first_not_of("0123456789") == std::string::npos) extent = std::stoull(digits, &used);
        } catch (...) {
            used = 0;
        }
        if (used == 0 || used != digits.size())
            throw NpyError("'" + path + "' has an unreadable shape entry '" + digits + "'");
        a.shape.push_back(std::size_t(extent));
    }
    const std::string& d = a.dtype;
    const std::string kind = d.size() == 3 ? d.substr(1) : std::string();
    std::size_t width = 0;
    if (kind == "i1" || kind == "u1" || kind == "b1")
        width = 1;
    else if (kind == "i2")
        width = 2;
    else if (kind == "i4" || kind == "f4")
        width = 4;
    else if (kind == "i8" || kind == "f8")
        width = 8;
    if (width == 0 || (d[0] != '<' && d[0] != '|' && d[0] != '=' && d[0] != '>'))
        throw NpyError("'" + path + "' has unsupported dtype " + d +
                       " (supported: int8/16/32/64, uint8, bool, float32/64)");
    if (d[0] == '>' && width > 1)
        throw NpyError("'" + path + "' has big-endian dtype " + d + "; only little-endian data is supported");
    // The header's claim is checked against the file before anything is
    // allocated: a 100-byte file cannot make us reserve gigabytes.
    std::size_t bytes = 0;
    if (!checkedProduct(a.shape, width, bytes))
        throw NpyError("'" + path + "' has shape " + shapeText(a.shape) + ", too large to address");
    const auto dataStart = in.tellg();
    in.seekg(0, std::ios::end);
    const auto fileEnd = in.tellg();
    in.seekg(dataStart);
    if (dataStart < 0 || fileEnd < dataStart || std::size_t(fileEnd - dataStart) < bytes)
        throw NpyError("'" + path + "' is truncated: shape " + shapeText(a.shape) + " needs " + std::to_string(bytes) +
                       " data bytes, the file has " +
                       std::to_string(fileEnd >= dataStart ? std::size_t(fileEnd - dataStart) : 0));
    if (bytes / width > kMaxNpyElements)
        throw NpyError("'" + path + "' has " + std::to_string(bytes / width) + " elements; at most " +
                       std::to_string(kMaxNpyElements) + " are read (8 bytes each in memory)");
    std::vector<char> raw(bytes);
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

// Room for a shape of three 20-digit extents: the final count always fits.
constexpr std::size_t kStreamPreamble = 128;

NpyConfigurationWriter::NpyConfigurationWriter(const std::string& path, int L)
    : m_file(std::make_unique<AtomicFile>(path)), m_L(std::size_t(L))
{
    const std::string preamble = npyPreamble("|i1", {0, m_L, m_L}, kStreamPreamble);
    m_file->stream().write(preamble.data(), std::streamsize(preamble.size()));
}

NpyConfigurationWriter::~NpyConfigurationWriter() = default;

void NpyConfigurationWriter::append(const SpinConfiguration& c)
{
    if (std::size_t(c.size()) != m_L) throw NpyError("NpyConfigurationWriter: configurations of different sizes");
    m_file->stream().write(reinterpret_cast<const char*>(c.spins().data()), std::streamsize(m_L * m_L));
    if (!m_file->stream()) throw OutputError("writing '" + m_file->path() + "' failed: " + std::strerror(errno));
    ++m_count;
}

void NpyConfigurationWriter::finish()
{
    const std::string preamble = npyPreamble("|i1", {m_count, m_L, m_L}, kStreamPreamble);
    m_file->stream().seekp(0);
    m_file->stream().write(preamble.data(), std::streamsize(preamble.size()));
    m_file->commit();
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
