// The full op catalog: every op of spec/api.md. The native build, the tests and the full wasm
// module use this file; the small wasm modules link their own (wasm/catalog_*.cc) instead, so the
// linker leaves out the code of the ops they do not register (reports, import, the win model...).
#include "registry.h"

namespace loudou {

Status register_catalog(Registry& r) {
  LOUDOU_TRY(register_everyday_ops(r));
  LOUDOU_TRY(register_model_ops(r));
  LOUDOU_TRY(register_report_ops(r));
  LOUDOU_TRY(register_sample_ops(r));
  return register_data_ops(r);
}

}  // namespace loudou
