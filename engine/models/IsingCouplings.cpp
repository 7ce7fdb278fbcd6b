#include "engine/models/IsingCouplings.hpp"

#include "engine/core/ParameterError.hpp"

namespace dlab {

void IsingCouplings::validate() const
{
    requireInRange("t0", t0, -20.0, 20.0);
    requireInRange("t1", t1, -20.0, 20.0);
    requireInRange("t2", t2, -20.0, 20.0);
}

} // namespace dlab
