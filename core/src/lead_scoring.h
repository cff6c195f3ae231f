// The BANT lead score: each factor (budget, authority, need, timeline) gives a share of its
// configured weight, and each matching rule adds its points. The score is exactly the sum of the
// returned factors, so the screen can show what makes it up.
#pragma once

#include <nlohmann/json.hpp>

#include "lead_settings.h"

namespace loudou {

struct Lead;

struct LeadScore {
  int64_t score = 0;
  // [{factor: budget|authority|need|timeline|rule, value, points, field?}]
  nlohmann::json factors = nlohmann::json::array();
};

LeadScore score_lead(const Lead& lead, const ScoringSettings& settings);

}  // namespace loudou
