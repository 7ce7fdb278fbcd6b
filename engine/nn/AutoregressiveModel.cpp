#include "AutoregressiveModel.hpp"

#include "engine/core/ParameterError.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <vector>

namespace dlab::nn {
namespace {

int chunkCount(Eigen::Index rows)
{
    return int((rows + AutoregressiveModel::kChunkRows - 1) / AutoregressiveModel::kChunkRows);
}

template <class F> void forEachChunk(Eigen::Index rows, F&& f)
{
    const int chunks = chunkCount(rows);
    // Isolated: a thread waiting here must not pick up an outer task that
    // reuses its thread-local buffers.
    tbb::this_task_arena::isolate([&] {
        tbb::parallel_for(0, chunks, [&](int c) {
            const Eigen::Index r0 = Eigen::Index(c) * AutoregressiveModel::kChunkRows;
            f(c, r0, std::min<Eigen::Index>(AutoregressiveModel::kChunkRows, rows - r0));
        });
    });
}

} // namespace

AutoregressiveModel::AutoregressiveModel(MadeShape shape, std::shared_ptr<const Conditional> conditional,
                                         RngStream& init)
    : m_conditional(std::move(conditional))
{
    if (!m_conditional) throw ParameterError("conditional", "missing");
    shape.inputsPerSite = m_conditional->inputsPerSite();
    shape.outputsPerSite = m_conditional->outputsPerSite();
    m_made = Made(shape, init);
}

Eigen::MatrixXd AutoregressiveModel::encode(const Eigen::MatrixXd& values) const
{
    if (values.cols() != sites()) throw ParameterError("values", "expected " + std::to_string(sites()) + " columns");
    const int din = m_conditional->inputsPerSite();
    Eigen::MatrixXd x(values.rows(), m_made.inputs());
    for (int i = 0; i < sites(); ++i)
        m_conditional->encode(values.col(i), x.middleCols(Eigen::Index(i) * din, din));
    return x;
}

Eigen::MatrixXd AutoregressiveModel::siteLogProbs(const Eigen::MatrixXd& values) const
{
    const int dout = m_conditional->outputsPerSite();
    Eigen::MatrixXd result(values.rows(), sites());
    forEachChunk(values.rows(), [&](int, Eigen::Index r0, Eigen::Index n) {
        const Eigen::MatrixXd v = values.middleRows(r0, n);
        Eigen::MatrixXd out;
        m_made.forward(encode(v), out);
        Eigen::VectorXd lp(n);
        for (int i = 0; i < sites(); ++i) {
            m_conditional->logProb(out.middleCols(Eigen::Index(i) * dout, dout), v.col(i), lp);
            result.block(r0, i, n, 1) = lp;
        }
    });
    return result;
}

Eigen::VectorXd AutoregressiveModel::logProb(const Eigen::MatrixXd& values) const
{
    return siteLogProbs(values).rowwise().sum();
}

Eigen::VectorXd AutoregressiveModel::weightedLogProbGradient(const Eigen::MatrixXd& values,
                                                             const Eigen::VectorXd& weights,
                                                             Eigen::VectorXd& gradient) const
{
    const Batch batch(*this, values);
    batch.gradient(weights, gradient);
    return batch.logProb();
}

AutoregressiveModel::Batch::Batch(const AutoregressiveModel& model, const Eigen::MatrixXd& values)
    : m_model(model), m_chunks(std::size_t(chunkCount(values.rows()))), m_logp(values.rows())
{
    if (values.rows() == 0) throw ParameterError("values", "an empty batch");
    const int dout = model.m_conditional->outputsPerSite(), N = model.sites();
    forEachChunk(values.rows(), [&](int c, Eigen::Index r0, Eigen::Index n) {
        Chunk& ch = m_chunks[std::size_t(c)];
        const Eigen::MatrixXd v = values.middleRows(r0, n);
        ch.x = model.encode(v);
        Eigen::MatrixXd out;
        model.m_made.forward(ch.x, out, &ch.cache);
        ch.dLogp.resize(n, out.cols());
        Eigen::VectorXd lp(n), total = Eigen::VectorXd::Zero(n);
        for (int i = 0; i < N; ++i) {
            const Eigen::Index c0 = Eigen::Index(i) * dout;
            model.m_conditional->logProbGradient(out.middleCols(c0, dout), v.col(i), lp, ch.dLogp.middleCols(c0, dout));
            total += lp;
        }
        m_logp.segment(r0, n) = total;
    });
}

void AutoregressiveModel::Batch::gradient(const Eigen::VectorXd& weights, Eigen::VectorXd& gradient) const
{
    if (weights.size() != m_logp.size()) throw ParameterError("weights", "one weight per row of the batch is needed");
    const int chunks = int(m_chunks.size());
    thread_local std::vector<Eigen::VectorXd> threadBuffers;
    std::vector<Eigen::VectorXd>& grads = threadBuffers;
    if (int(grads.size()) < chunks) grads.resize(std::size_t(chunks));
    forEachChunk(m_logp.size(), [&](int c, Eigen::Index r0, Eigen::Index n) {
        const Chunk& ch = m_chunks[std::size_t(c)];
        const Eigen::MatrixXd dOut = ch.dLogp.array().colwise() * weights.segment(r0, n).array();
        m_model.m_made.backward(ch.x, ch.cache, dOut, grads[std::size_t(c)]);
    });
    // Fixed-order reduction: identical for any number of threads.
    gradient = grads[0];
    for (int c = 1; c < chunks; ++c)
        gradient += grads[std::size_t(c)];
}

Eigen::MatrixXd AutoregressiveModel::sample(Eigen::Index count, const RngStream& rng, Eigen::VectorXd* logp) const
{
    const int din = m_conditional->inputsPerSite();
    Eigen::MatrixXd values(count, sites());
    if (logp) logp->setZero(count);
    forEachChunk(count, [&](int c, Eigen::Index r0, Eigen::Index n) {
        RngStream stream = rng.child(std::uint64_t(c));
        Made::Sweep sweep(m_made, n);
        Eigen::MatrixXd out;
        Eigen::VectorXd v(n), lp(n);
        for (int i = 0; i < sites(); ++i) {
            sweep.siteOutputs(i, out);
            m_conditional->sample(out, stream, v);
            m_conditional->encode(v, sweep.inputs().middleCols(Eigen::Index(i) * din, din));
            values.block(r0, i, n, 1) = v;
            if (logp) {
                m_conditional->logProb(out, v, lp);
                logp->segment(r0, n) += lp;
            }
        }
    });
    return values;
}

} // namespace dlab::nn
