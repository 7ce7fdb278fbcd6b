// dualitylab-cli: headless commands over the DualityLab engine.
#include "Commands.hpp"
#include "Interrupt.hpp"

#include <iostream>
#include <new>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "help") {
        std::cout << dlab::cli::usage();
        return args.empty() ? 2 : 0;
    }
    dlab::cli::installInterruptHandlers();
    const std::string command = args[0];
    args.erase(args.begin());
    try {
        return dlab::cli::runCommand(command, args, std::cout);
    } catch (const std::bad_alloc&) {
        // Size checks come before allocation; this is the last line of defence.
        std::cerr << "dualitylab-cli " << command
                  << ": out of memory (this run needs more memory than is available; make it smaller)\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "dualitylab-cli " << command << ": " << e.what() << "\n";
        return 2;
    }
}
