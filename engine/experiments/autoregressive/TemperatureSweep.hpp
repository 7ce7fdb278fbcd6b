#pragma once
// One learning experiment repeated over a list of temperatures, one after
// the other, each finished run summarised in a row (NLL per spin and the
// H_θ–E slope through T_c for D1; vortex densities around BKT for D3).
// The current run's own snapshot is passed on, so the single-run views keep
// showing live curves during a sweep. Each temperature keeps the base seed:
// runs differ only by T.
//
// Run must provide: Run(const Params&), finished(), snapshot() returning a
// Run::Snapshot, and a function `Row sweepRow(const Snapshot&)`.

#include "engine/experiments/Experiment.hpp"

#include <functional>
#include <memory>
#include <vector>

namespace dlab::autoregressive {

template <class Run, class Params, class Snapshot, class Row> struct TemperatureSweepSnapshot : ExperimentSnapshot {
    std::vector<double> temperatures;
    int current = 0; // index of the running temperature
    std::shared_ptr<const Snapshot> run;
    std::vector<Row> rows; // finished temperatures, in order
    double progress = 0;
    bool finished = false;
};

template <class Run, class Params, class Snapshot, class Row> class TemperatureSweep : public Experiment {
public:
    using SweepSnapshot = TemperatureSweepSnapshot<Run, Params, Snapshot, Row>;
    // atTemperature(base, T) gives the parameters of the run at T.
    TemperatureSweep(Params base, std::vector<double> temperatures,
                     std::function<Params(const Params&, double)> atTemperature,
                     std::function<Row(const Snapshot&)> row)
        : m_base(std::move(base)), m_temperatures(std::move(temperatures)), m_at(std::move(atTemperature)),
          m_row(std::move(row))
    {
        // Every run's parameters are checked now, not minutes into the sweep.
        for (double T : m_temperatures)
            m_at(m_base, T).validate();
    }

    std::string name() const override { return "temperature sweep"; }
    bool finished() const { return std::size_t(m_index) >= m_temperatures.size(); }
    const std::vector<Row>& rows() const { return m_rows; }

    void step(Feedback& feedback) override
    {
        if (finished()) {
            m_run.reset();
            return;
        }
        if (!m_run) m_run = std::make_unique<Run>(m_at(m_base, m_temperatures[std::size_t(m_index)]));
        m_run->step(feedback);
        if (m_run->finished()) {
            m_lastRun = std::static_pointer_cast<const Snapshot>(m_run->snapshot());
            m_rows.push_back(m_row(*m_lastRun));
            m_run.reset();
            ++m_index;
        }
        ++m_steps;
    }

    std::shared_ptr<const SweepSnapshot> current() const
    {
        return std::static_pointer_cast<const SweepSnapshot>(snapshot());
    }

    std::shared_ptr<const ExperimentSnapshot> snapshot() const override
    {
        auto s = std::make_shared<SweepSnapshot>();
        s->step = m_steps;
        s->temperatures = m_temperatures;
        s->current = m_index;
        s->rows = m_rows;
        s->finished = finished();
        s->run = m_run ? std::static_pointer_cast<const Snapshot>(m_run->snapshot()) : m_lastRun;
        const double inRun = s->run && m_run ? s->run->progress : 0.0;
        s->progress = m_temperatures.empty() ? 1.0 : (m_index + inRun) / double(m_temperatures.size());
        return s;
    }

private:
    Params m_base;
    std::vector<double> m_temperatures;
    std::function<Params(const Params&, double)> m_at;
    std::function<Row(const Snapshot&)> m_row;
    std::unique_ptr<Run> m_run;
    std::shared_ptr<const Snapshot> m_lastRun;
    std::vector<Row> m_rows;
    int m_index = 0;
    long long m_steps = 0;
};

} // namespace dlab::autoregressive
