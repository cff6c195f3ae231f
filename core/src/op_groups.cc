// The op groups the catalogs are built from (op_catalog.cc, wasm/catalog_*.cc). Apart from
// op_catalog.cc, so a small module's catalog can use them without linking the full catalog.
#include "registry.h"

namespace loudou {

Status register_board_ops(Registry& r) {
  LOUDOU_TRY(register_meta_ops(r));
  LOUDOU_TRY(register_pipeline_ops(r));
  LOUDOU_TRY(register_user_ops(r));
  LOUDOU_TRY(register_field_ops(r));
  LOUDOU_TRY(register_deal_ops(r));
  return register_setting_ops(r);
}

Status register_everyday_ops(Registry& r) {
  LOUDOU_TRY(register_board_ops(r));
  LOUDOU_TRY(register_lead_ops(r));
  LOUDOU_TRY(register_lead_convert_ops(r));
  LOUDOU_TRY(register_lead_pool_ops(r));
  LOUDOU_TRY(register_lead_settings_ops(r));
  LOUDOU_TRY(register_activity_ops(r));
  LOUDOU_TRY(register_alert_ops(r));
  return register_playbook_ops(r);
}

}  // namespace loudou
