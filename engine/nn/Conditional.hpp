#pragma once
// One site's conditional distribution p(x_i | x_<i) in an autoregressive
// network: the network's outputs for site i parametrise it (a logit, softmax
// logits, mixture parameters). Work is done a whole site at a time for a block
// of R samples, so a virtual call costs nothing next to the arithmetic.
//
// Values live in doubles whatever the variable: an Ising spin ±1, a category
// index 0 … K−1, an angle θ ∈ [0, 2π). Densities of angles are taken with
// respect to u = θ/2π ∈ [0, 1) (as in the seed's Beta conditionals), so an
// untrained network's uniform density is 1 and ln p is dimensionless.

#include "engine/core/Rng.hpp"

#include <Eigen/Core>

#include <memory>
#include <string>

namespace dlab::nn {

class Conditional {
public:
    using ConstBlock = Eigen::Ref<const Eigen::MatrixXd>;
    using Block = Eigen::Ref<Eigen::MatrixXd>;
    using ConstValues = Eigen::Ref<const Eigen::VectorXd>;
    using Values = Eigen::Ref<Eigen::VectorXd>;

    virtual ~Conditional() = default;
    virtual std::string name() const = 0;
    virtual int inputsPerSite() const = 0;  // network input features one value is encoded into
    virtual int outputsPerSite() const = 0; // network outputs that parametrise p(x_i | ·)

    // features (R × inputsPerSite) of R values.
    virtual void encode(const ConstValues& values, Block features) const = 0;
    // ln p(values_r | out_r) for each row r of out (R × outputsPerSite).
    virtual void logProb(const ConstBlock& out, const ConstValues& values, Values logp) const = 0;
    // The same, and grad = ∂ ln p / ∂ out (R × outputsPerSite).
    virtual void logProbGradient(const ConstBlock& out, const ConstValues& values, Values logp, Block grad) const = 0;
    // One value per row drawn from p(· | out_r), numbers from `rng` only.
    virtual void sample(const ConstBlock& out, RngStream& rng, Values values) const = 0;
    // The value a global symmetry maps `value` to, where one exists: −s for
    // spins (the Z2 flip); the identity otherwise.
    virtual double flipped(double value) const { return value; }
};

} // namespace dlab::nn
