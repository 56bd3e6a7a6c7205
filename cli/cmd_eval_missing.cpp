// Temporary: used only while the eval module is not in the tree.
#include "commands.hpp"
namespace kosearch::cli {
int run_eval(const std::vector<std::string>&) { return kExitError; }
}
