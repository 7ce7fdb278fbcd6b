#include "Potential.hpp"

#include "engine/core/ParameterError.hpp"

#include <muParser.h>

#include <cmath>
#include <regex>
#include <sstream>

namespace dlab::symmetry {

struct Potential::Parser {
    mu::Parser parser;
    double vars[5] = {0, 0, 0, 0, 0}; // x y z w r

    explicit Parser(const std::string& text, int dim)
    {
        static const char* names[5] = {"x", "y", "z", "w", "r"};
        try {
            for (int k = 0; k < 5; ++k)
                parser.DefineVar(names[k], &vars[k]);
            parser.SetExpr(text);
            parser.Eval(); // parses now, so errors surface here
            for (const auto& [name, unused] : parser.GetUsedVar()) {
                const int index = int(std::string("xyzw").find(name));
                if (index >= dim && name != "r") {
                    std::ostringstream s;
                    s << "'" << text << "' uses " << name << " but the dimension is " << dim
                      << " (allowed variables: " << std::string("xyzw").substr(0, dim) << ", r)";
                    throw ParameterError("potential", s.str());
                }
            }
        } catch (const mu::Parser::exception_type& e) {
            // muParser's own text may already quote a 0-based position; say
            // it once, 1-based, like an editor's column.
            std::string msg = std::regex_replace(e.GetMsg(), std::regex(" ?(found )?at position [0-9]+\\.?"), "");
            while (!msg.empty() && (msg.back() == '.' || msg.back() == ' '))
                msg.pop_back();
            std::ostringstream s;
            s << "cannot parse '" << text << "': " << msg;
            if (e.GetPos() >= 0) {
                if (std::size_t(e.GetPos()) >= text.size())
                    s << " at position " << text.size() + 1 << " (end of expression)";
                else
                    s << " at position " << e.GetPos() + 1 << " (near '" << text.substr(std::size_t(e.GetPos()))
                      << "')";
            }
            throw ParameterError("potential", s.str());
        }
    }
};

Potential Potential::radial(int dim, double a)
{
    requireInRange("dim", dim, 2, 4);
    requireInRange("a", a, -100.0, 100.0);
    Potential p;
    p.m_dim = dim;
    p.m_a = a;
    p.m_kind = PotentialKind::Radial;
    return p;
}

Potential Potential::cylinder(double a)
{
    requireInRange("a", a, -100.0, 100.0);
    Potential p;
    p.m_dim = 3;
    p.m_a = a;
    p.m_kind = PotentialKind::Cylinder;
    return p;
}

Potential Potential::expression(int dim, const std::string& text)
{
    requireInRange("dim", dim, 2, 4);
    if (text.find_first_not_of(" \t") == std::string::npos) throw ParameterError("potential", "expression is empty");
    Potential p;
    p.m_dim = dim;
    p.m_kind = PotentialKind::Expression;
    p.m_text = text;
    p.m_parser = std::make_unique<Parser>(text, dim);
    return p;
}

Potential::Potential(const Potential& o) : m_dim(o.m_dim), m_kind(o.m_kind), m_a(o.m_a), m_text(o.m_text)
{
    // muParser holds pointers to its variables: re-parse rather than copy.
    if (o.m_parser) m_parser = std::make_unique<Parser>(m_text, m_dim);
}

Potential& Potential::operator=(const Potential& o)
{
    if (this != &o) {
        m_dim = o.m_dim;
        m_kind = o.m_kind;
        m_a = o.m_a;
        m_text = o.m_text;
        m_parser = o.m_parser ? std::make_unique<Parser>(m_text, m_dim) : nullptr;
    }
    return *this;
}

Potential::~Potential() = default;

std::string Potential::description() const
{
    std::ostringstream s;
    switch (m_kind) {
    case PotentialKind::Radial:
        s << "r^4 - " << m_a << "*r^2 (d = " << m_dim << ")";
        break;
    case PotentialKind::Cylinder:
        s << "rho^4 - " << m_a << "*rho^2 + z^2 (d = 3)";
        break;
    case PotentialKind::Expression:
        s << m_text << " (d = " << m_dim << ")";
        break;
    }
    return s.str();
}

double Potential::value(const double* p) const
{
    switch (m_kind) {
    case PotentialKind::Radial: {
        double r2 = 0;
        for (int k = 0; k < m_dim; ++k)
            r2 += p[k] * p[k];
        return r2 * r2 - m_a * r2;
    }
    case PotentialKind::Cylinder: {
        const double rho2 = p[0] * p[0] + p[1] * p[1];
        return rho2 * rho2 - m_a * rho2 + p[2] * p[2];
    }
    case PotentialKind::Expression: {
        double r2 = 0;
        for (int k = 0; k < m_dim; ++k) {
            m_parser->vars[k] = p[k];
            r2 += p[k] * p[k];
        }
        m_parser->vars[4] = std::sqrt(r2);
        return m_parser->parser.Eval();
    }
    }
    return 0;
}

void Potential::gradient(const double* p, double* g) const
{
    switch (m_kind) {
    case PotentialKind::Radial: {
        double r2 = 0;
        for (int k = 0; k < m_dim; ++k)
            r2 += p[k] * p[k];
        for (int k = 0; k < m_dim; ++k)
            g[k] = (4 * r2 - 2 * m_a) * p[k];
        return;
    }
    case PotentialKind::Cylinder: {
        const double rho2 = p[0] * p[0] + p[1] * p[1];
        g[0] = (4 * rho2 - 2 * m_a) * p[0];
        g[1] = (4 * rho2 - 2 * m_a) * p[1];
        g[2] = 2 * p[2];
        return;
    }
    case PotentialKind::Expression: {
        double q[4];
        const double h = 1e-6;
        for (int k = 0; k < m_dim; ++k)
            q[k] = p[k];
        for (int k = 0; k < m_dim; ++k) {
            q[k] = p[k] + h;
            const double up = value(q);
            q[k] = p[k] - h;
            const double down = value(q);
            q[k] = p[k];
            g[k] = (up - down) / (2 * h);
        }
        return;
    }
    }
}

Eigen::MatrixXd rotationGenerator(int dim, int i, int j)
{
    Eigen::MatrixXd g = Eigen::MatrixXd::Zero(dim, dim);
    g(i, j) = -1;
    g(j, i) = 1;
    return g;
}

std::vector<Eigen::MatrixXd> Potential::expectedGenerators() const
{
    std::vector<Eigen::MatrixXd> out;
    if (m_kind == PotentialKind::Radial)
        for (int i = 0; i < m_dim; ++i)
            for (int j = i + 1; j < m_dim; ++j)
                out.push_back(rotationGenerator(m_dim, i, j));
    else if (m_kind == PotentialKind::Cylinder)
        out.push_back(rotationGenerator(3, 0, 1));
    return out;
}

} // namespace dlab::symmetry
