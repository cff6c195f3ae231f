// The shared pool (公海). A lead with no owner is in the pool; a lead whose owner has logged no
// activity on it for the days its status allows (PoolSettings) goes back. Recycling is computed
// from stored times against a given `now` and takes effect at the moment the lead became idle
// (not the moment someone noticed), so the same data and `now` always give the same pool.
#pragma once

#include <string>
#include <vector>

#include "db.h"
#include "lead_settings.h"

namespace loudou {

// Returns idle leads to the pool as of `now`; returns [{lead_id, from_owner_id, at}].
// `only_lead` limits it to one lead (lead.get).
Result<nlohmann::json> recycle_idle_leads(Db& db, const PoolSettings& pool, int64_t now,
                                          const std::string& only_lead = {});

// Ok if `user_id` may claim one more lead on the UTC day of `at`; else conflict.
Status check_claim_limit(Db& db, const PoolSettings& pool, const std::string& user_id, int64_t at);

}  // namespace loudou
