#pragma once
// Generators of a point cloud's continuous symmetry (docs/experiments/symmetries.md, step 4;
// Krippendorf & Syvaeri, arXiv:2003.13679):
//  1. reduce and centre the cloud (PCA; directions with negligible variance
//     are dropped) — by default all classes together ("multiple point
//     clouds", which is what singles out subgroups such as SO(2) ⊂ SO(3):
//     only in a symmetry plane do all level sets cut circles), or one class;
//  2. pick a random 2-plane spanned by two random points of the cloud;
//  3. keep the points within δ of that plane and project them onto it;
//  4. pair points of the same class closer than ε: for a one-parameter
//     symmetry, the chord p′ − p of a close pair is parallel to T applied to
//     its midpoint (rows are weighted by chord length: short chords are
//     dominated by the noise across the thin shells);
//  5. with T required to act in the plane, T = E M Eᵀ (E: plane basis), each
//     pair gives one homogeneous linear equation (Δ × M p̄ = 0) in the four
//     entries of M; total least squares (smallest singular vector) solves
//     them, and its singular value measures how well one linear generator
//     explains all the pairs (planes with a bad fit are discarded);
//  6. repeat over planes; PCA of the generators (second moments, since each
//     is known only up to sign) gives the independent generators and how much
//     of the variance each explains.
// Generators are scaled to Frobenius norm √2, the norm of ±[[0, −1], [1, 0]].

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::symmetry {

struct GeneratorOptions {
    int planes = 200;
    double delta = 0.1;        // δ, relative to the cloud's RMS radius
    double epsilon = 0.25;     // ε, relative to the cloud's RMS radius
    double maxResidual = 0.08; // keep planes whose RMS sine misfit is below this
    int minPairs = 8;
    // Pooled: all classes share each plane. PerClass: one class per plane.
    // Auto: per class in d = 2 (there is only one plane, so the repetitions
    // differ by the class they use), pooled above.
    enum class Pooling { Auto, Pooled, PerClass } pooling = Pooling::Auto;
    double significance = 0.1; // report components explaining at least this fraction

    void validate() const;
};

struct PlaneFit {
    Eigen::MatrixXd generator; // d × d, normalised
    double residual = 0;       // RMS of sin(angle between chord and M p̄)
    int pairs = 0;
    int label = -1;
};

struct GeneratorResult {
    std::vector<PlaneFit> fits; // kept planes
    int planesTried = 0;
    std::vector<Eigen::MatrixXd> components; // all d² principal generators, by decreasing variance
    Eigen::VectorXd explainedVariance;       // ratios, sum 1
    std::vector<Eigen::MatrixXd> generators; // the significant components
};

class GeneratorFinder {
public:
    // clouds[c] = points (rows) of class c; classes with too few points are skipped.
    GeneratorFinder(const std::vector<Eigen::MatrixXd>& classes, GeneratorOptions options, std::uint64_t seed);
    // Fits up to `count` more planes; true when all planes are done.
    bool run(int count);
    bool finished() const { return m_tried >= m_opt.planes; }
    int planesTried() const { return m_tried; }
    // PCA of the fits so far.
    GeneratorResult result() const;

private:
    struct Cloud {
        std::vector<int> labels; // class of each row (pairs stay within a class)
        Eigen::MatrixXd reduced; // centred, in PCA coordinates (n × k)
        Eigen::MatrixXd basis;   // d × k
        double radius;           // RMS distance from the centre
    };
    bool fitPlane(const Cloud& c, RngStream& rng, PlaneFit& fit) const;
    void addCloud(const Eigen::MatrixXd& x, std::vector<int> labels);

    GeneratorOptions m_opt;
    int m_dim = 0;
    std::vector<Cloud> m_clouds;
    std::vector<PlaneFit> m_fits;
    RngStream m_rng;
    int m_tried = 0;
};

// Canonical sign: the sum of the strictly lower-triangular entries ≥ 0 (so
// the SO(2) generator comes out as [[0, −1], [1, 0]]).
Eigen::MatrixXd canonicalSign(const Eigen::MatrixXd& g);

} // namespace dlab::symmetry
