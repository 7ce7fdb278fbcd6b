#include "engine/models/XyConfiguration.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/core/Rng.hpp"

#include <cmath>
#include <cstdlib>
#include <numbers>

namespace dlab {
namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

} // namespace

XyConfiguration::XyConfiguration(int L)
    : m_lattice(L), m_c(std::size_t(L) * std::size_t(L), 1.0), m_s(std::size_t(L) * std::size_t(L), 0.0)
{}

XyConfiguration XyConfiguration::fromAngles(int L, const std::vector<double>& theta)
{
    XyConfiguration s(L);
    if (theta.size() != std::size_t(s.sites()))
        throw ParameterError("angles",
                             "expected " + std::to_string(s.sites()) + " angles for L = " + std::to_string(L));
    for (int i = 0; i < s.sites(); ++i)
        s.setAngle(i, theta[std::size_t(i)]);
    return s;
}

XyConfiguration XyConfiguration::random(int L, RngStream& rng)
{
    XyConfiguration s(L);
    for (int i = 0; i < s.sites(); ++i)
        s.setAngle(i, kTwoPi * rng.uniform());
    return s;
}

double XyConfiguration::angle(int site) const
{
    const double t = std::atan2(m_s[std::size_t(site)], m_c[std::size_t(site)]);
    return t < 0 ? t + kTwoPi : t;
}

std::vector<double> XyConfiguration::angles() const
{
    std::vector<double> a(std::size_t(this->sites()));
    for (int i = 0; i < sites(); ++i)
        a[std::size_t(i)] = angle(i);
    return a;
}

void XyConfiguration::setAngle(int site, double theta)
{
    m_c[std::size_t(site)] = std::cos(theta);
    m_s[std::size_t(site)] = std::sin(theta);
}

void XyConfiguration::rotate(double alpha)
{
    const double ca = std::cos(alpha), sa = std::sin(alpha);
    for (std::size_t i = 0; i < m_c.size(); ++i) {
        const double c = m_c[i], s = m_s[i];
        m_c[i] = c * ca - s * sa;
        m_s[i] = s * ca + c * sa;
    }
}

void XyConfiguration::renormalise()
{
    for (std::size_t i = 0; i < m_c.size(); ++i) {
        const double r = 1.0 / std::sqrt(m_c[i] * m_c[i] + m_s[i] * m_s[i]);
        m_c[i] *= r;
        m_s[i] *= r;
    }
}

XyLinkSums xyLinkSums(const XyConfiguration& s)
{
    const int L = s.size();
    const double* c = s.cosData();
    const double* sn = s.sinData();
    XyLinkSums r;
    for (int y = 0; y < L; ++y) {
        const int yu = y + 1 == L ? 0 : y + 1;
        for (int x = 0; x < L; ++x) {
            const int i = x + L * y, jx = (x + 1 == L ? 0 : x + 1) + L * y, jy = x + L * yu;
            // cos(θi − θj) = ci cj + si sj, sin(θi − θj) = si cj − ci sj
            r.cosX += c[i] * c[jx] + sn[i] * sn[jx];
            r.sinX += sn[i] * c[jx] - c[i] * sn[jx];
            r.cosY += c[i] * c[jy] + sn[i] * sn[jy];
            r.sinY += sn[i] * c[jy] - c[i] * sn[jy];
        }
    }
    return r;
}

double xyEnergy(const XyConfiguration& s)
{
    const XyLinkSums r = xyLinkSums(s);
    return -(r.cosX + r.cosY);
}

std::array<double, 2> xyMagnetization(const XyConfiguration& s)
{
    double mx = 0, my = 0;
    for (int i = 0; i < s.sites(); ++i) {
        mx += s.cosine(i);
        my += s.sine(i);
    }
    return {mx / s.sites(), my / s.sites()};
}

double xyHelicitySample(const XyLinkSums& r, int sites, double beta)
{
    return ((r.cosX + r.cosY) - beta * (r.sinX * r.sinX + r.sinY * r.sinY)) / (2.0 * sites);
}

double wrappedDifference(double a, double b)
{
    double d = std::remainder(b - a, kTwoPi); // in [−π, π]
    if (d <= -std::numbers::pi) d += kTwoPi;
    return d;
}

std::vector<std::int8_t> vortexCharges(const XyConfiguration& s)
{
    const int L = s.size();
    const std::vector<double> t = s.angles();
    std::vector<std::int8_t> q(std::size_t(s.sites()));
    for (int y = 0; y < L; ++y)
        for (int x = 0; x < L; ++x) {
            const auto corners = s.lattice().plaquetteCorners(s.lattice().site(x, y));
            double winding = 0;
            for (int k = 0; k < 4; ++k)
                winding += wrappedDifference(t[std::size_t(corners[std::size_t(k)])],
                                             t[std::size_t(corners[std::size_t((k + 1) % 4)])]);
            q[std::size_t(x + L * y)] = std::int8_t(std::lround(winding / kTwoPi));
        }
    return q;
}

double vortexDensity(const XyConfiguration& s)
{
    long long n = 0;
    for (std::int8_t q : vortexCharges(s))
        n += std::abs(int(q));
    return double(n) / s.sites();
}

} // namespace dlab
