// The report.* ops (metrics.md), one file each; register_report_ops (registry.h) adds them all.
#pragma once

#include "registry.h"

namespace loudou {

Status register_report_snapshot(Registry& r);
Status register_report_funnel(Registry& r);
Status register_report_velocity(Registry& r);
Status register_report_forecast(Registry& r);
Status register_report_bottlenecks(Registry& r);
Status register_report_reps(Registry& r);
Status register_report_attribution(Registry& r);
Status register_report_trend(Registry& r);

}  // namespace loudou
