#include "TaskConstrainedAutoencoder.hpp"

#include "engine/core/ParameterError.hpp"
#include "engine/nn/Backprop.hpp"
#include "engine/nn/ChunkedSum.hpp"

namespace dlab::dualframes {

using nn::Activation;

TaskConstrainedAutoencoder::TaskConstrainedAutoencoder(int inputs, int hidden, int latent, RngStream& init)
    : m_encoder(inputs, {{hidden, Activation::ReLU}, {latent, Activation::Identity}}, init),
      m_decoder(latent, {{hidden, Activation::ReLU}, {inputs, Activation::Tanh}}, init),
      m_head(latent, {{1, Activation::Identity}}, init)
{}

Eigen::Index TaskConstrainedAutoencoder::parameterCount() const
{
    return m_encoder.parameters().size() + m_decoder.parameters().size() + m_head.parameters().size();
}

Eigen::VectorXd TaskConstrainedAutoencoder::parameters() const
{
    Eigen::VectorXd p(parameterCount());
    p << m_encoder.parameters(), m_decoder.parameters(), m_head.parameters();
    return p;
}

void TaskConstrainedAutoencoder::setParameters(const Eigen::VectorXd& p)
{
    if (p.size() != parameterCount()) throw ParameterError("parameters", "wrong number of autoencoder parameters");
    const Eigen::Index a = m_encoder.parameters().size(), b = m_decoder.parameters().size();
    m_encoder.parameters() = p.head(a);
    m_decoder.parameters() = p.segment(a, b);
    m_head.parameters() = p.tail(m_head.parameters().size());
}

TaskConstrainedAutoencoder::Loss TaskConstrainedAutoencoder::lossAndGradient(const Eigen::MatrixXd& x,
                                                                             const Eigen::VectorXd& e,
                                                                             double energyWeight,
                                                                             Eigen::VectorXd& gradient) const
{
    if (x.cols() != inputs() || e.size() != x.rows() || x.rows() == 0)
        throw ParameterError("batch", "inputs and energies do not match the autoencoder");
    const Eigen::Index a = m_encoder.parameters().size(), b = m_decoder.parameters().size(),
                       c = m_head.parameters().size();
    const double n = double(inputs());
    // Gradient slots: [encoder | decoder | head], then the two loss parts
    // (summed alongside so they follow the same fixed chunk order).
    const double total = nn::chunkedSum(
        x.rows(), nn::Network::kChunkRows, a + b + c + 2,
        [&](Eigen::Index r0, Eigen::Index rows, Eigen::VectorXd& part) {
            nn::ForwardTape enc, dec, head;
            nn::forward(m_encoder, x.middleRows(r0, rows), enc);
            nn::forward(m_decoder, enc.output(), dec);
            nn::forward(m_head, enc.output(), head);
            const Eigen::MatrixXd residual = dec.output() - x.middleRows(r0, rows);
            const Eigen::VectorXd miss = head.output().col(0) - e.segment(r0, rows);
            const double reconstruction = residual.squaredNorm() / n, energy = miss.squaredNorm();

            Eigen::VectorXd gDec, gHead, gEnc;
            Eigen::MatrixXd dzDec, dzHead;
            nn::backward(m_decoder, dec, (2.0 / n) * residual, &gDec, &dzDec);
            nn::backward(m_head, head, Eigen::MatrixXd(2.0 * energyWeight * miss), &gHead, &dzHead);
            nn::backward(m_encoder, enc, dzDec + dzHead, &gEnc, nullptr);
            part << gEnc, gDec, gHead, reconstruction, energy;
            return reconstruction + energyWeight * energy;
        },
        gradient);
    const double rows = double(x.rows());
    Loss l;
    l.total = total / rows;
    l.reconstruction = gradient[a + b + c] / rows;
    l.energy = gradient[a + b + c + 1] / rows;
    gradient.conservativeResize(a + b + c);
    gradient /= rows;
    return l;
}

TaskConstrainedAutoencoder::Loss TaskConstrainedAutoencoder::loss(const Eigen::MatrixXd& x, const Eigen::VectorXd& e,
                                                                  double energyWeight) const
{
    const Eigen::MatrixXd z = m_encoder.forward(x);
    Loss l;
    const double rows = double(x.rows());
    l.reconstruction = (m_decoder.forward(z) - x).squaredNorm() / double(inputs()) / rows;
    l.energy = (m_head.forward(z).col(0) - e).squaredNorm() / rows;
    l.total = l.reconstruction + energyWeight * l.energy;
    return l;
}

AutoencoderTraining::AutoencoderTraining(TaskConstrainedAutoencoder& model, Eigen::MatrixXd x, Eigen::VectorXd energies,
                                         Options options, RngStream rng)
    : m_model(model), m_x(std::move(x)), m_e(std::move(energies)), m_options(options),
      m_adam(model.parameterCount(), options.learningRate), m_order(m_x.rows(), options.batchSize, rng)
{
    if (m_e.size() != m_x.rows()) throw ParameterError("energies", "need one energy per state");
}

bool AutoencoderTraining::advance(const Feedback& feedback, std::chrono::steady_clock::time_point deadline)
{
    Eigen::VectorXd gradient;
    while (!finished() && !feedback.isCancelled()) {
        bool last = false;
        const std::vector<int>& rows = m_order.next(last);
        const auto l = m_model.lossAndGradient(m_x(rows, Eigen::all), m_e(rows), m_options.energyWeight, gradient);
        Eigen::VectorXd p = m_model.parameters();
        m_adam.step(p, gradient);
        m_model.setParameters(p);
        m_sum.reconstruction += l.reconstruction;
        m_sum.energy += l.energy;
        ++m_batches;
        if (last) {
            m_history.push_back({m_sum.reconstruction / m_batches, m_sum.energy / m_batches});
            m_sum = {};
            m_batches = 0;
        }
        if (std::chrono::steady_clock::now() >= deadline) break;
    }
    return finished();
}

} // namespace dlab::dualframes
