#pragma once
// What D1 and D3 share: maximum-likelihood training of an autoregressive
// model on a fixed data set, one mini-batch at a time, with a seeded shuffle
// per epoch (Adam on the mean negative log-likelihood), and the small
// statistics helpers their evaluations use.

#include "engine/core/Rng.hpp"
#include "engine/measure/Statistics.hpp"
#include "engine/nn/Adam.hpp"
#include "engine/nn/AutoregressiveModel.hpp"

#include <Eigen/Core>

#include <vector>

namespace dlab::autoregressive {

// 0 … n−1 in an order drawn from `rng` (Fisher–Yates).
std::vector<int> seededPermutation(std::size_t n, RngStream rng);

// Mean of the entries and the standard error of that mean.
Estimate meanWithError(const Eigen::VectorXd& values);

class NllTraining {
public:
    // `data` rows are network variables; epoch e shuffles with shuffle.child(e).
    NllTraining(Eigen::MatrixXd data, int batch, RngStream shuffle);
    // One Adam step on the next mini-batch; true when it completed an epoch.
    bool step(nn::AutoregressiveModel& model, nn::Adam& adam);
    int epoch() const { return m_epoch; } // completed epochs
    // Mean NLL per row (nats) over the last completed epoch's mini-batches.
    double lastEpochLoss() const { return m_lastEpochLoss; }
    // Frees the data (training is over).
    void release();

private:
    Eigen::MatrixXd m_data;
    int m_batch;
    RngStream m_shuffle;
    std::vector<int> m_order;
    int m_epoch = 0, m_batchInEpoch = 0;
    double m_lossSum = 0, m_lastEpochLoss = 0;
    long long m_rows = 0;
    Eigen::VectorXd m_gradient;
};

} // namespace dlab::autoregressive
