// The full op catalog: every op of spec/api.md. The native build, the tests and the full wasm
// module use this file; the small wasm modules link their own (wasm/catalog_*.cc) instead, so the
// linker leaves out the code of the ops it does not register (reports, import, the win model...).
#include "registry.h"

namespace loudou {

Status register_catalog(Registry& r) {
  LOUDOU_TRY(register_meta_ops(r));
  LOUDOU_TRY(register_pipeline_ops(r));
  LOUDOU_TRY(register_user_ops(r));
  LOUDOU_TRY(register_field_ops(r));
  LOUDOU_TRY(register_deal_ops(r));
  LOUDOU_TRY(register_lead_ops(r));
  LOUDOU_TRY(register_lead_convert_ops(r));
  LOUDOU_TRY(register_lead_pool_ops(r));
  LOUDOU_TRY(register_lead_settings_ops(r));
  LOUDOU_TRY(register_activity_ops(r));
  LOUDOU_TRY(register_alert_ops(r));
  LOUDOU_TRY(register_playbook_ops(r));
  LOUDOU_TRY(register_model_ops(r));
  LOUDOU_TRY(register_report_ops(r));
  LOUDOU_TRY(register_sample_ops(r));
  LOUDOU_TRY(register_setting_ops(r));
  LOUDOU_TRY(register_data_ops(r));
  return {};
}

}  // namespace loudou
