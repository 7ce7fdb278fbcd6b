#include "MemoryLimit.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace dlab::cli {

double maxMemoryBytes(const Arguments& a)
{
    if (a.helpRequested()) a.text("max-memory", "4G (bytes, or K/M/G/T: powers of 1024; 1M to 1T)");
    if (!a.has("max-memory")) return kDefaultMaxMemoryBytes;
    const std::string text = a.text("max-memory", "");
    const char* allowed = " (allowed: 1M to 1T, e.g. 512M, 16G; K/M/G/T are powers of 1024)";
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (...) {
        used = 0;
    }
    double scale = 1;
    if (used > 0 && used + 1 == text.size()) {
        switch (text.back()) {
        case 'K':
        case 'k':
            scale = 1024.0;
            break;
        case 'M':
        case 'm':
            scale = 1024.0 * 1024;
            break;
        case 'G':
        case 'g':
            scale = 1024.0 * 1024 * 1024;
            break;
        case 'T':
        case 't':
            scale = 1024.0 * 1024 * 1024 * 1024;
            break;
        default:
            used = 0;
        }
        if (used > 0) ++used;
    }
    if (used == 0 || used != text.size() || !std::isfinite(value))
        throw std::invalid_argument("--max-memory must be a size, got '" + text + "'" + allowed);
    const double bytes = value * scale;
    if (!(bytes >= 1024.0 * 1024 && bytes <= 1024.0 * 1024 * 1024 * 1024))
        throw std::invalid_argument("--max-memory = " + text + " is out of range" + allowed);
    return bytes;
}

std::string formatBytes(double bytes)
{
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int u = 0;
    while (bytes >= 1024 && u < 6) {
        bytes /= 1024;
        ++u;
    }
    char text[64];
    std::snprintf(text, sizeof text, bytes < 10 ? "%.1f %s" : "%.0f %s", bytes, units[u]);
    return text;
}

void requireMemory(double estimate, double limit, const std::string& what)
{
    if (estimate <= limit) return;
    char suggestion[64];
    std::snprintf(suggestion, sizeof suggestion, "%.0fG", std::ceil(estimate / (1ull << 30)));
    throw ParameterError("max-memory", what + " needs about " + formatBytes(estimate) + ", above the limit of " +
                                           formatBytes(limit) + " (raise it with --max-memory, e.g. --max-memory " +
                                           suggestion + ", or make the run smaller)");
}

} // namespace dlab::cli
