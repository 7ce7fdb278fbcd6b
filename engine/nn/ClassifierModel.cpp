#include "ClassifierModel.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab::nn {

DenseClassifier::DenseClassifier(Network net) : m_net(std::move(net))
{
    if (m_net.layerCount() == 0 || m_net.layers().back().activation != Activation::Softmax)
        throw ParameterError("layers", "a classifier needs a softmax output layer");
}

} // namespace dlab::nn
