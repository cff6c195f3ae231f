#include "report_ops.h"

namespace loudou {

Status register_report_ops(Registry& r) {
  LOUDOU_TRY(register_report_snapshot(r));
  LOUDOU_TRY(register_report_funnel(r));
  LOUDOU_TRY(register_report_velocity(r));
  LOUDOU_TRY(register_report_forecast(r));
  LOUDOU_TRY(register_report_bottlenecks(r));
  LOUDOU_TRY(register_report_reps(r));
  LOUDOU_TRY(register_report_attribution(r));
  LOUDOU_TRY(register_report_trend(r));
  return Status::Ok();
}

}  // namespace loudou
