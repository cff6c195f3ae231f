#include "lead_pool.h"

#include "instant.h"
#include "lead_assignment.h"

namespace loudou {

Result<nlohmann::json> recycle_idle_leads(Db& db, const PoolSettings& pool, int64_t now,
                                          const std::string& only_lead) {
  struct Idle {
    std::string id, owner, status;
    int64_t since;
  };
  std::vector<Idle> owned;
  {
    // The idle clock starts when the owner got the lead and restarts with every activity
    // logged on it (created or completed) up to `now`.
    auto q = db.query(
        "SELECT l.id, l.owner_id, l.status, MAX(COALESCE(l.owned_since, l.created_at), "
        "COALESCE((SELECT MAX(a.created_at) FROM activity a WHERE a.lead_id = l.id AND "
        "a.created_at <= ?1), 0), COALESCE((SELECT MAX(a.done_at) FROM activity a WHERE a.lead_id "
        "= l.id AND a.done_at <= ?1), 0)) FROM lead l WHERE l.owner_id IS NOT NULL AND l.status "
        "IN ('new', 'contacted', 'qualified') AND (?2 = '' OR l.id = ?2) ORDER BY l.created_at, l.id",
        now, only_lead);
    while (q.next()) owned.push_back({q.text(0), q.text(1), q.text(2), q.int64(3)});
    LOUDOU_TRY(q.status());
  }
  nlohmann::json recycled = nlohmann::json::array();
  for (const auto& l : owned) {
    auto days = recycle_days_for(pool, l.status);
    if (!days) continue;
    int64_t due = l.since + int64_t(*days) * kMsPerDay;
    if (due > now) continue;
    LOUDOU_TRY(set_lead_owner(db, l.id, std::nullopt, "recycle", due));
    recycled.push_back({{"lead_id", l.id}, {"from_owner_id", l.owner}, {"at", format_instant(due)}});
  }
  return recycled;
}

Status check_claim_limit(Db& db, const PoolSettings& pool, const std::string& user_id, int64_t at) {
  if (!pool.claim_limit) return Status::Ok();
  int64_t day = at - ((at % kMsPerDay) + kMsPerDay) % kMsPerDay;
  auto q = db.query(
      "SELECT COUNT(*) FROM lead_assignment WHERE owner_id = ? AND rule = 'claim' AND at >= ? AND at < ?",
      user_id, day, day + kMsPerDay);
  if (!q.next()) return q.status();
  if (q.int64(0) >= pool.claim_limit->v)
    return conflict("this rep has already claimed " + std::to_string(q.int64(0)) +
                        " leads from the pool today; the limit is " + std::to_string(pool.claim_limit->v),
                    "user_id");
  return Status::Ok();
}

}  // namespace loudou
