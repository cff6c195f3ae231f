// The op catalog of loudou-board, the embed's first download (wasm/CMakeLists.txt): what
// <loudou-board> needs to show and work a pipeline — pipelines, deals, users, custom fields,
// settings. Any other op (a lead form, the funnel chart, follow-ups) makes the worker swap in the
// full module.
#include "registry.h"

namespace loudou {

Status register_catalog(Registry& r) { return register_board_ops(r); }

}  // namespace loudou
