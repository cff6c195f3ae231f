// The op catalog of loudou-lite, the app's first download (wasm/CMakeLists.txt): what a page needs
// to open, show and work the board, leads and follow-ups, and settings. Any other op — reports,
// import/export/backup, the win model, sample data — makes the worker swap in the full module.
#include "registry.h"

namespace loudou {

Status register_catalog(Registry& r) {
  LOUDOU_TRY(register_meta_ops(r));
  LOUDOU_TRY(register_pipeline_ops(r));
  LOUDOU_TRY(register_user_ops(r));
  LOUDOU_TRY(register_field_ops(r));
  LOUDOU_TRY(register_deal_ops(r));
  LOUDOU_TRY(register_setting_ops(r));
  LOUDOU_TRY(register_lead_ops(r));
  LOUDOU_TRY(register_lead_convert_ops(r));
  LOUDOU_TRY(register_lead_pool_ops(r));
  LOUDOU_TRY(register_lead_settings_ops(r));
  LOUDOU_TRY(register_activity_ops(r));
  LOUDOU_TRY(register_alert_ops(r));
  LOUDOU_TRY(register_playbook_ops(r));
  return {};
}

}  // namespace loudou
