#include "lead_settings.h"

#include "store.h"

namespace loudou {
namespace {

constexpr const char* kKey = "lead.settings";

LeadSettings defaults() {
  LeadSettings s;
  // The seeds' example: a referral from an existing customer is worth more than any cold lead.
  s.scoring.rules.push_back(ScoringRule{"source", wire::Line{"老客户推荐"}, 20});
  s.pool.recycle_new = wire::Days{7};
  s.pool.recycle_contacted = wire::Days{14};
  s.pool.recycle_qualified = wire::Days{30};
  s.pool.claim_limit = wire::Count{10};
  return s;
}

const char* kRuleFields[] = {"source", "industry", "authority", "need", "timeline", "status"};

}  // namespace

bool is_assignment_rule(const std::string& rule) {
  return rule == "round_robin" || rule == "by_source" || rule == "by_industry" ||
         rule == "least_loaded";
}

Result<LeadSettings> load_lead_settings(Db& db) {
  auto q = db.query("SELECT value FROM setting WHERE key = ?", kKey);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return defaults();
  }
  auto stored = wire::parse<LeadSettings>(parse_json_column(q.text(0), nlohmann::json::object()));
  if (!stored.ok())
    return Status(ErrorCode::internal, "stored lead settings are unreadable: " + stored.status().message());
  return stored.value();
}

Status save_lead_settings(Db& db, const LeadSettings& s) {
  return db
      .query("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
             "excluded.value",
             kKey, wire::dump(wire::write(s)))
      .run();
}

Status check_lead_settings(Db& db, const LeadSettings& s) {
  for (size_t i = 0; i < s.scoring.rules.size(); ++i) {
    const auto& r = s.scoring.rules[i];
    std::string path = "scoring.rules[" + std::to_string(i) + "]";
    bool known = false;
    for (const char* f : kRuleFields) known = known || r.field == f;
    if (!known)
      return invalid(path + ".field",
                     "a scoring rule's field must be source, industry, authority, need, timeline or status");
    if (r.points < -100 || r.points > 100)
      return invalid(path + ".points", "a scoring rule gives between -100 and 100 points");
  }
  const auto& a = s.assignment;
  if (a.auto_rule && !is_assignment_rule(*a.auto_rule))
    return invalid("assignment.auto_rule",
                   "auto_rule must be round_robin, by_source, by_industry or least_loaded");
  if (a.user_ids)
    for (size_t i = 0; i < a.user_ids->size(); ++i)
      LOUDOU_TRY(require_exists(db, "user", (*a.user_ids)[i].v,
                                "assignment.user_ids[" + std::to_string(i) + "]", "user"));
  for (size_t i = 0; i < a.specialities.size(); ++i)
    LOUDOU_TRY(require_exists(db, "user", a.specialities[i].user_id.v,
                              "assignment.specialities[" + std::to_string(i) + "].user_id", "user"));
  return Status::Ok();
}

std::optional<int> recycle_days_for(const PoolSettings& p, const std::string& status) {
  const std::optional<wire::Days>* d = status == "new"         ? &p.recycle_new
                                       : status == "contacted" ? &p.recycle_contacted
                                       : status == "qualified" ? &p.recycle_qualified
                                                               : nullptr;
  if (!d || !*d) return std::nullopt;
  return (*d)->v;
}

}  // namespace loudou
