// Bottleneck stages for the alert centre, by metrics.md 9: a stage's conversion for the deals
// created in [from, to) against the same stage's conversion for [base_from, base_to); a
// bottleneck when the ratio is under `threshold` and both cohorts have at least `min_deals`
// deals that reached the stage. report.bottlenecks computes the same numbers with its own range
// arguments; this keeps the alert free of the report's inputs (one fixed rolling window).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db.h"

namespace loudou {

struct Bottleneck {
  std::string pipeline_id, stage_id, stage_name;
  double conversion = 0, baseline_conversion = 0, ratio = 0;
};

// Every pipeline, or only `pipeline_id`; stages in pipeline order.
Result<std::vector<Bottleneck>> find_bottlenecks(Db& db, const std::optional<std::string>& pipeline_id,
                                                 int64_t from, int64_t to, int64_t base_from, int64_t base_to,
                                                 double threshold, int64_t min_deals);

}  // namespace loudou
