#include "engine/core/ValueList.hpp"

#include "engine/core/ParameterError.hpp"

#include <cmath>
#include <cstdlib>
#include <sstream>

namespace dlab {

bool wholeNumber(const std::string& s, double& v)
{
    if (s.empty()) return false;
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    return end == s.c_str() + s.size();
}

std::vector<double> parseValueList(const std::string& text, const std::string& field)
{
    auto number = [&](const std::string& s) {
        double v = 0;
        if (!wholeNumber(s, v) || !std::isfinite(v))
            throw ParameterError(field, "'" + s + "' is not a number (allowed: start:stop:step or a,b,c)");
        return v;
    };
    std::vector<double> out;
    if (text.find(':') != std::string::npos) {
        std::stringstream in(text);
        std::string a, b, c;
        std::getline(in, a, ':');
        std::getline(in, b, ':');
        std::getline(in, c);
        const double start = number(a), stop = number(b), step = number(c);
        if (!(step > 0) || stop < start)
            throw ParameterError(field, "need start ≤ stop and step > 0 in start:stop:step");
        // Counted in floating point first: a tiny step overflows any integer.
        const double count = std::floor((stop - start) / step + 1e-3) + 1;
        if (!(count <= 10'000)) {
            std::ostringstream many;
            many << "at most 10000 values (start:stop:step '" << text << "' gives " << count
                 << "; allowed: a larger step)";
            throw ParameterError(field, many.str());
        }
        const long n = long(count);
        for (long i = 0; i < n; ++i)
            out.push_back(start + double(i) * step);
    } else {
        std::stringstream in(text);
        std::string item;
        while (std::getline(in, item, ','))
            out.push_back(number(item));
    }
    if (out.empty()) throw ParameterError(field, "no value given");
    return out;
}

} // namespace dlab
