#pragma once
// Shared by the field-theory tests (tst_fields_*): an estimate against an
// exact value within its own error bar, and an experiment run to its end.

#include "engine/core/Feedback.hpp"
#include "engine/measure/Statistics.hpp"

#include <QtTest>
#include <cmath>

namespace dlab::test {

// |value − expected| < sigmas·σ, with a message that says what was expected.
inline void expectWithin(const char* what, const Estimate& e, double expected, double sigmas = 4.0)
{
    const double z = (e.mean - expected) / e.error;
    const QString msg = QString("%1 = %2 ± %3, expected %4 (z = %5)")
                            .arg(what)
                            .arg(e.mean)
                            .arg(e.error)
                            .arg(expected)
                            .arg(z, 0, 'f', 2);
    qInfo("%s", qPrintable(msg));
    QVERIFY2(std::isfinite(z) && std::abs(z) < sigmas,
             qPrintable(QString("off by more than %1 sigma: ").arg(sigmas) + msg));
}

// Steps an experiment (done(), step(Feedback&)) until it has finished.
template <class Experiment>
void runToEnd(Experiment& x)
{
    Feedback f;
    while (!x.done())
        x.step(f);
}

} // namespace dlab::test
