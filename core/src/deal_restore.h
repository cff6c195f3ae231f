// Undoing a deal delete. deal.delete removes a deal with everything that hangs on it (stage
// events, stage visits, activities, checklist ticks — the schema cascades) and returns a
// `restore` snapshot of it; deal.restore takes that snapshot back and writes it as it was: the
// same ids, times, custom values, history (stage visits and reached stages are rebuilt from the
// events by the schema's triggers) — not a replay of the moves, which today's required fields or
// playbooks could refuse, and which would lose the activities.
#pragma once

#include <string>

#include "db.h"
#include "registry.h"

namespace loudou {

// The snapshot deal.restore accepts: {deal, stage_events, activities, checklist}. Call it in the
// same transaction as the delete, before the rows go.
Result<nlohmann::json> deal_snapshot(Db& db, const std::string& deal_id);

// Registers deal.restore (called from register_deal_ops).
Status register_deal_restore(Registry& r);

}  // namespace loudou
