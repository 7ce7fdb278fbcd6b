#include "CommandTable.hpp"

#include "engine/measure/exact/Kaufman.hpp"
#include "engine/measure/exact/KramersWannier.hpp"
#include "engine/measure/exact/Onsager.hpp"

#include <nlohmann/json.hpp>

namespace dlab::cli {
namespace {

int runExact(const Arguments& a, std::ostream& out)
{
    const int L = int(a.integer("L", 8, 2, 4096));
    const double beta = a.real("beta", 0.3, 1e-6, 50.0);
    a.endOfOptions();
    const auto torus = exact::kaufmanTorus(L, beta);
    nlohmann::json j;
    j["L"] = L;
    j["beta"] = beta;
    j["beta_critical"] = exact::criticalBeta();
    j["kw_dual_beta"] = exact::kramersWannierDual(beta);
    j["finite_torus"] = {{"energy_per_site", torus.energyPerSite},
                         {"specific_heat", torus.specificHeat},
                         {"free_energy_per_site", torus.freeEnergyPerSite},
                         {"log_z", torus.logZ}};
    j["infinite_lattice"] = {{"energy_per_site", exact::onsagerEnergyPerSite(beta)},
                             {"specific_heat", exact::onsagerSpecificHeat(beta)},
                             {"magnetization", exact::onsagerMagnetization(beta)},
                             {"free_energy_per_site", -exact::onsagerLogZPerSite(beta) / beta}};
    if (a.flag("json")) {
        out << j.dump(2) << "\n";
    } else {
        out << "L = " << L << ", beta = " << beta << " (beta_c = " << exact::criticalBeta()
            << ", KW dual beta~ = " << exact::kramersWannierDual(beta) << ")\n"
            << "finite torus (Kaufman): e = " << torus.energyPerSite << ", c = " << torus.specificHeat << "\n"
            << "infinite lattice (Onsager): e = " << exact::onsagerEnergyPerSite(beta)
            << ", c = " << exact::onsagerSpecificHeat(beta) << ", m = " << exact::onsagerMagnetization(beta) << "\n";
    }
    return 0;
}

const CommandRegistration reg{{"exact",
                               "exact finite-torus (Kaufman) and infinite-lattice (Onsager) values, KW dual",
                               {"L", "beta"},
                               {"json"},
                               runExact,
                               true}};

} // namespace
} // namespace dlab::cli
