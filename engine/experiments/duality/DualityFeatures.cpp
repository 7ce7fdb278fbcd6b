#include "engine/experiments/duality/DualityFeatures.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab {

ObservableParams ObservableParams::identity()
{
    ObservableParams o;
    o.w[Itself] = 1.0;
    return o;
}

ObservableGradient& ObservableGradient::operator+=(const ObservableGradient& o)
{
    theta2 += o.theta2;
    theta3 += o.theta3;
    for (int k = 0; k < kNeighbourhoodSlots; ++k) {
        w[k] += o.w[k];
        theta1[k] += o.theta1[k];
    }
    return *this;
}

DualityFeatures::DualityFeatures(int L, std::vector<LinkShape> shapes, NeighbourhoodFrame frame)
    : m_mirrored(frame == NeighbourhoodFrame::Mirrored), m_lattice(L), m_shapes(std::move(shapes)),
      m_table(m_lattice, m_shapes), m_nb(m_lattice, frame)
{
    if (m_shapes.empty()) throw ParameterError("shapes", "the feature set needs at least one link shape");
    using D = LinkDirection;
    const ShapeLink sides[4] = {{D::Horizontal, 0, 0}, {D::Vertical, 1, 0}, {D::Horizontal, 0, 1}, {D::Vertical, 0, 0}};
    m_plaquetteShapes = true;
    for (const auto& shape : m_shapes) {
        int mask = 0;
        for (const auto& l : shape.links) {
            int bit = -1;
            for (int j = 0; j < 4; ++j)
                if (l == sides[j]) bit = j;
            if (bit < 0)
                m_plaquetteShapes = false;
            else
                mask |= 1 << bit;
        }
        m_masks.push_back(mask);
    }
    for (int p = 0; p < m_lattice.sites(); ++p)
        m_plaquette.push_back(m_lattice.plaquetteLinks(p));
}

void DualityFeatures::linkValues(const std::int8_t* s, std::int8_t* sigma) const
{
    const int L = m_lattice.size(), N = m_lattice.sites();
    for (int y = 0; y < L; ++y) {
        const std::int8_t* row = s + y * L;
        const std::int8_t* up = s + ((y + 1) % L) * L;
        for (int x = 0; x < L; ++x) {
            const int xr = x + 1 == L ? 0 : x + 1;
            sigma[y * L + x] = std::int8_t(row[x] * row[xr]);
            sigma[N + y * L + x] = std::int8_t(row[x] * up[x]);
        }
    }
}

void DualityFeatures::observable(const std::int8_t* sigma, const ObservableParams& o, double* f) const
{
    const int n = links();
    // One-hot attention (the data side, the exact dual): no weighted sum needed.
    for (int k = 0; k < kNeighbourhoodSlots; ++k)
        if (o.w[k] == 1.0) {
            for (int l = 0; l < n; ++l)
                f[l] = o.theta2 * sigma[m_nb[l][k]] + o.theta3;
            return;
        }
    if (m_mirrored) {
        // The mirrored neighbourhood written out row by row (same links as
        // LinkNeighbourhood): h(x,y) sees v(x,y), v(x,y−1), v(x+1,y),
        // v(x+1,y−1), h(x,y+1), h(x,y−1), h; v(x,y) sees h(x,y), h(x−1,y),
        // h(x,y+1), h(x−1,y+1), v(x+1,y), v(x−1,y), v.
        const int L = m_lattice.size(), N = m_lattice.sites();
        const double a = o.theta2, b = o.theta3;
        const double w0 = a * o.w[0], w1 = a * o.w[1], w2 = a * o.w[2], w3 = a * o.w[3], w4 = a * o.w[4],
                     w5 = a * o.w[5], w6 = a * o.w[6];
        for (int y = 0; y < L; ++y) {
            const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
            const std::int8_t *H = sigma + y * L, *Hu = sigma + yu * L, *Hd = sigma + yd * L;
            const std::int8_t *V = sigma + N + y * L, *Vd = sigma + N + yd * L;
            double *fh = f + y * L, *fv = f + N + y * L;
            auto at = [&](int x, int xl, int xr) {
                fh[x] = w0 * V[x] + w1 * Vd[x] + w2 * V[xr] + w3 * Vd[xr] + w4 * Hu[x] + w5 * Hd[x] + w6 * H[x] + b;
                fv[x] = w0 * H[x] + w1 * H[xl] + w2 * Hu[x] + w3 * Hu[xl] + w4 * V[xr] + w5 * V[xl] + w6 * V[x] + b;
            };
            at(0, L - 1, 1 % L);
            for (int x = 1; x < L - 1; ++x)
                at(x, x - 1, x + 1);
            if (L > 1) at(L - 1, L - 2, 0);
        }
        return;
    }
    for (int l = 0; l < n; ++l) {
        const auto& nb = m_nb[l];
        double x = 0;
        for (int k = 0; k < kNeighbourhoodSlots; ++k)
            x += o.w[k] * sigma[nb[k]];
        f[l] = o.theta2 * x + o.theta3;
    }
}

void DualityFeatures::shapeAverages(const double* f, double* psi) const
{
    const int anchors = m_table.anchors();
    if (m_plaquetteShapes) {
        double sum[16] = {};
        for (int p = 0; p < anchors; ++p) {
            const auto& q = m_plaquette[p];
            const double f0 = f[q[0]], f1 = f[q[1]], f2 = f[q[2]], f3 = f[q[3]];
            const double f01 = f0 * f1, f23 = f2 * f3;
            sum[1] += f0, sum[2] += f1, sum[3] += f01;
            sum[4] += f2, sum[5] += f0 * f2, sum[6] += f1 * f2, sum[7] += f01 * f2;
            sum[8] += f3, sum[9] += f0 * f3, sum[10] += f1 * f3, sum[11] += f01 * f3;
            sum[12] += f23, sum[13] += f0 * f23, sum[14] += f1 * f23, sum[15] += f01 * f23;
        }
        for (int a = 0; a < shapes(); ++a)
            psi[a] = sum[m_masks[a]] / anchors;
        return;
    }
    for (int a = 0; a < shapes(); ++a) {
        const int m = m_table.shapeSize(a);
        const int* ids = m_table.links(a, 0);
        double sum = 0;
        switch (m) { // the default shapes have 1–4 links: keep those loops tight
        case 1:
            for (int p = 0; p < anchors; ++p)
                sum += f[ids[p]];
            break;
        case 2:
            for (int p = 0; p < anchors; ++p, ids += 2)
                sum += f[ids[0]] * f[ids[1]];
            break;
        case 3:
            for (int p = 0; p < anchors; ++p, ids += 3)
                sum += f[ids[0]] * f[ids[1]] * f[ids[2]];
            break;
        case 4:
            for (int p = 0; p < anchors; ++p, ids += 4)
                sum += f[ids[0]] * f[ids[1]] * f[ids[2]] * f[ids[3]];
            break;
        default:
            for (int p = 0; p < anchors; ++p, ids += m) {
                double prod = 1;
                for (int j = 0; j < m; ++j)
                    prod *= f[ids[j]];
                sum += prod;
            }
        }
        psi[a] = sum / anchors;
    }
}

void DualityFeatures::backwardToLinks(const double* f, const double* g, double* adj) const
{
    const int n = links(), anchors = m_table.anchors();
    for (int l = 0; l < n; ++l)
        adj[l] = 0;
    if (m_plaquetteShapes) {
        // c[j][S]: summed g of the shapes S ∪ {j}, for S ⊆ the other three links.
        double c[4][16] = {};
        for (int a = 0; a < shapes(); ++a)
            for (int j = 0; j < 4; ++j)
                if (m_masks[a] & (1 << j)) c[j][m_masks[a] & ~(1 << j)] += g[a] / anchors;
        for (int p = 0; p < anchors; ++p) {
            const auto& q = m_plaquette[p];
            double P[16];
            P[0] = 1;
            P[1] = f[q[0]], P[2] = f[q[1]], P[4] = f[q[2]], P[8] = f[q[3]];
            P[3] = P[1] * P[2], P[5] = P[1] * P[4], P[6] = P[2] * P[4], P[7] = P[3] * P[4];
            P[9] = P[1] * P[8], P[10] = P[2] * P[8], P[11] = P[3] * P[8], P[12] = P[4] * P[8];
            P[13] = P[5] * P[8], P[14] = P[6] * P[8];
            (void)P[0];
            // Subsets of the three other links, written out per link.
            adj[q[0]] += c[0][0] + c[0][2] * P[2] + c[0][4] * P[4] + c[0][6] * P[6] + c[0][8] * P[8] +
                         c[0][10] * P[10] + c[0][12] * P[12] + c[0][14] * P[14];
            adj[q[1]] += c[1][0] + c[1][1] * P[1] + c[1][4] * P[4] + c[1][5] * P[5] + c[1][8] * P[8] + c[1][9] * P[9] +
                         c[1][12] * P[12] + c[1][13] * P[13];
            adj[q[2]] += c[2][0] + c[2][1] * P[1] + c[2][2] * P[2] + c[2][3] * P[3] + c[2][8] * P[8] + c[2][9] * P[9] +
                         c[2][10] * P[10] + c[2][11] * P[11];
            adj[q[3]] += c[3][0] + c[3][1] * P[1] + c[3][2] * P[2] + c[3][3] * P[3] + c[3][4] * P[4] + c[3][5] * P[5] +
                         c[3][6] * P[6] + c[3][7] * P[7];
        }
        return;
    }
    double prefix[17];
    for (int a = 0; a < shapes(); ++a) {
        const double ga = g[a] / anchors;
        if (ga == 0) continue;
        const int m = m_table.shapeSize(a);
        const int* ids = m_table.links(a, 0);
        // ∂(Π_j f_j)/∂f_j = product of the others, never by division (f may vanish).
        switch (m) {
        case 1:
            for (int p = 0; p < anchors; ++p)
                adj[ids[p]] += ga;
            break;
        case 2:
            for (int p = 0; p < anchors; ++p, ids += 2) {
                const double f0 = f[ids[0]], f1 = f[ids[1]];
                adj[ids[0]] += ga * f1;
                adj[ids[1]] += ga * f0;
            }
            break;
        case 3:
            for (int p = 0; p < anchors; ++p, ids += 3) {
                const double f0 = f[ids[0]], f1 = f[ids[1]], f2 = f[ids[2]];
                adj[ids[0]] += ga * f1 * f2;
                adj[ids[1]] += ga * f0 * f2;
                adj[ids[2]] += ga * f0 * f1;
            }
            break;
        case 4:
            for (int p = 0; p < anchors; ++p, ids += 4) {
                const double f0 = f[ids[0]], f1 = f[ids[1]], f2 = f[ids[2]], f3 = f[ids[3]];
                const double f01 = ga * f0 * f1, f23 = ga * f2 * f3;
                adj[ids[0]] += f1 * f23;
                adj[ids[1]] += f0 * f23;
                adj[ids[2]] += f3 * f01;
                adj[ids[3]] += f2 * f01;
            }
            break;
        default:
            for (int p = 0; p < anchors; ++p, ids += m) {
                prefix[0] = 1;
                for (int j = 0; j < m; ++j)
                    prefix[j + 1] = prefix[j] * f[ids[j]];
                double suffix = ga;
                for (int j = m - 1; j >= 0; --j) {
                    adj[ids[j]] += prefix[j] * suffix;
                    suffix *= f[ids[j]];
                }
            }
        }
    }
}

void DualityFeatures::backwardToObservable(const std::int8_t* sigma, const ObservableParams& o, const double* adj,
                                           ObservableGradient& out) const
{
    // O_l = θ2 Σ_k w_k δ^l_k + θ3, so with D_k = Σ_l adj_l δ^l_k:
    // dL/dθ2 = Σ_k w_k D_k, dL/dθ3 = Σ_l adj_l, dL/dw_k = θ2 D_k.
    const int n = links();
    double sumAdj = 0;
    SlotVector D{};
    if (m_mirrored) {
        const int L = m_lattice.size(), N = m_lattice.sites();
        double d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0;
        for (int y = 0; y < L; ++y) {
            const int yu = y + 1 == L ? 0 : y + 1, yd = y == 0 ? L - 1 : y - 1;
            const std::int8_t *H = sigma + y * L, *Hu = sigma + yu * L, *Hd = sigma + yd * L;
            const std::int8_t *V = sigma + N + y * L, *Vd = sigma + N + yd * L;
            const double *ah = adj + y * L, *av = adj + N + y * L;
            auto at = [&](int x, int xl, int xr) {
                const double h = ah[x], v = av[x];
                sumAdj += h + v;
                d0 += h * V[x] + v * H[x];
                d1 += h * Vd[x] + v * H[xl];
                d2 += h * V[xr] + v * Hu[x];
                d3 += h * Vd[xr] + v * Hu[xl];
                d4 += h * Hu[x] + v * V[xr];
                d5 += h * Hd[x] + v * V[xl];
                d6 += h * H[x] + v * V[x];
            };
            at(0, L - 1, 1 % L);
            for (int x = 1; x < L - 1; ++x)
                at(x, x - 1, x + 1);
            if (L > 1) at(L - 1, L - 2, 0);
        }
        D = {d0, d1, d2, d3, d4, d5, d6};
    } else
        for (int l = 0; l < n; ++l) {
            const auto& nb = m_nb[l];
            const double a = adj[l];
            sumAdj += a;
            for (int k = 0; k < kNeighbourhoodSlots; ++k)
                D[k] += a * sigma[nb[k]];
        }
    out.theta3 += sumAdj;
    for (int k = 0; k < kNeighbourhoodSlots; ++k) {
        out.theta2 += o.w[k] * D[k];
        out.w[k] += o.theta2 * D[k];
    }
}

void DualityFeatures::observablePerLink(const std::int8_t* sigma, const double* w, double theta2, double theta3,
                                        double* f) const
{
    constexpr int K = kNeighbourhoodSlots;
    for (int l = 0; l < links(); ++l, w += K) {
        const auto& nb = m_nb[l];
        double x = 0;
        for (int k = 0; k < K; ++k)
            x += w[k] * sigma[nb[k]];
        f[l] = theta2 * x + theta3;
    }
}

void DualityFeatures::backwardPerLink(const std::int8_t* sigma, const double* w, double theta2, double tau,
                                      const double* adj, ObservableGradient& out) const
{
    // Per link: dL/dw_{l,k} = adj_l θ2 δ^l_k, and through w_l = softmax((θ1 + g_l)/τ)
    // dL/dθ1_k += w_{l,k} (dL/dw_{l,k} − Σ_j w_{l,j} dL/dw_{l,j}) / τ.
    // With x_l = Σ_k w_{l,k} δ^l_k that is adj_l θ2 w_{l,k} (δ^l_k − x_l) / τ.
    constexpr int K = kNeighbourhoodSlots;
    double sumAdj = 0, sumAdjX = 0;
    SlotVector d1{};
    for (int l = 0; l < links(); ++l, w += K) {
        const auto& nb = m_nb[l];
        const double a = adj[l];
        double x = 0;
        for (int k = 0; k < K; ++k)
            x += w[k] * sigma[nb[k]];
        sumAdj += a;
        sumAdjX += a * x;
        for (int k = 0; k < K; ++k)
            d1[k] += a * w[k] * (sigma[nb[k]] - x);
    }
    out.theta2 += sumAdjX;
    out.theta3 += sumAdj;
    for (int k = 0; k < K; ++k)
        out.theta1[k] += theta2 * d1[k] / tau;
}

CouplingSums DualityFeatures::couplingSums(const std::int8_t* s, const std::int8_t* sigma) const
{
    const int L = m_lattice.size(), N = m_lattice.sites();
    long long links = 0, plaquettes = 0, diagonals = 0;
    for (int y = 0; y < L; ++y) {
        const int yu = (y + 1) % L, yd = (y + L - 1) % L;
        for (int x = 0; x < L; ++x) {
            const int xr = x + 1 == L ? 0 : x + 1;
            const int i = y * L + x;
            links += sigma[i] + sigma[N + i];
            // Four spins of p(x,y) = bottom link × top link (the product of all
            // four links would be ≡ 1).
            plaquettes += sigma[i] * sigma[yu * L + x];
            diagonals += s[i] * (s[yu * L + xr] + s[yd * L + xr]);
        }
    }
    return {double(links), double(plaquettes), double(diagonals)};
}

std::vector<double> DualityFeatures::evaluate(const std::int8_t* spins, const ObservableParams& o) const
{
    std::vector<std::int8_t> sigma(links());
    std::vector<double> f(links()), psi(shapes());
    linkValues(spins, sigma.data());
    observable(sigma.data(), o, f.data());
    shapeAverages(f.data(), psi.data());
    return psi;
}

} // namespace dlab
