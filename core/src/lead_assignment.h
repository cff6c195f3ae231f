// Automatic lead assignment (线索分配). Four rules: round_robin (takes turns, remembering whose
// turn is next across calls), by_source / by_industry (reps whose specialities match, least
// loaded first; everyone when nobody matches), least_loaded (fewest open leads + open deals).
// A capacity cap skips reps already at it. Ties go to the earlier rep in the candidate order
// (the given user_ids, else users by creation), so the same data always assigns the same way.
// Every assignment is logged with its rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "lead_settings.h"

namespace loudou {

struct AssignmentResult {
  nlohmann::json assignments = nlohmann::json::array();  // [{lead_id, owner_id, rule}]
  std::vector<std::string> unassigned;                    // no rep had room
};

// Assigns each lead in order. `user_ids` empty: the configured reps, else every active user.
Result<AssignmentResult> assign_leads(Db& db, const std::vector<std::string>& lead_ids,
                                      const std::string& rule, const std::vector<std::string>& user_ids,
                                      const LeadSettings& settings, int64_t at);

// Gives one lead to `owner_id` (or to the pool when nullopt) and logs it under `rule`.
Status set_lead_owner(Db& db, const std::string& lead_id, const std::optional<std::string>& owner_id,
                      const std::string& rule, int64_t at);

}  // namespace loudou
