// The op catalog of loudou-lite, the app's first download (wasm/CMakeLists.txt): what a page needs
// to open, show and work the board, leads and follow-ups, and settings. Any other op — reports,
// import/export/backup, the win model, sample data — makes the worker swap in the full module.
#include "registry.h"

namespace loudou {

Status register_catalog(Registry& r) { return register_everyday_ops(r); }

}  // namespace loudou
