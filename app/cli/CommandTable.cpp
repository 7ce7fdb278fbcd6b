#include "CommandTable.hpp"

namespace dlab::cli
{

const std::vector<Command>& commandTable()
{
    static const std::vector<Command> table = {
        {"exact",
         "exact finite-torus (Kaufman) and infinite-lattice (Onsager) values, KW dual",
         {"L", "beta"},
         {"json"},
         runExact},
    };
    return table;
}

} // namespace dlab::cli
