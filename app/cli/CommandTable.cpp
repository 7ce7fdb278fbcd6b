#include "CommandTable.hpp"

namespace dlab::cli {

std::vector<Command>& commandTable()
{
    static std::vector<Command> table; // function-local: safe from static-init order
    return table;
}

std::vector<BenchSection>& benchSections()
{
    static std::vector<BenchSection> sections;
    return sections;
}

} // namespace dlab::cli
