#include "lead_assignment.h"

#include <algorithm>
#include <map>

#include "lead_store.h"

namespace loudou {
namespace {

constexpr const char* kRoundRobinKey = "lead.round_robin.last";

Result<std::vector<std::string>> candidates(Db& db, const std::vector<std::string>& given,
                                            const LeadSettings& s) {
  if (!given.empty()) return given;
  std::vector<std::string> out;
  if (s.assignment.user_ids) {
    for (const auto& id : *s.assignment.user_ids) out.push_back(id.v);
    return out;
  }
  auto q = db.query("SELECT id FROM user WHERE active = 1 ORDER BY created_at, id");
  while (q.next()) out.push_back(q.text(0));
  LOUDOU_TRY(q.status());
  return out;
}

bool speaks(const RepSpeciality& sp, const std::string& rule, const std::string& value) {
  const auto& list = rule == "by_source" ? sp.sources : sp.industries;
  return std::any_of(list.begin(), list.end(), [&](const wire::Line& l) { return l.v == value; });
}

}  // namespace

Status set_lead_owner(Db& db, const std::string& lead_id, const std::optional<std::string>& owner_id,
                      const std::string& rule, int64_t at) {
  auto q = db.query("SELECT owner_id FROM lead WHERE id = ?", lead_id);
  if (!q.next()) return q.status().ok() ? not_found("id", "no lead with id " + lead_id) : q.status();
  std::optional<std::string> from = q.opt_text(0);
  if (owner_id)
    LOUDOU_TRY(db.query("UPDATE lead SET owner_id = ?, owned_since = ?, pooled_at = NULL, updated_at = ? WHERE id = ?",
                        *owner_id, at, at, lead_id)
                   .run());
  else
    LOUDOU_TRY(db.query("UPDATE lead SET owner_id = NULL, owned_since = NULL, pooled_at = ?, updated_at = ? WHERE id = ?",
                        at, at, lead_id)
                   .run());
  return log_assignment(db, lead_id, owner_id, from, rule, at);
}

Result<AssignmentResult> assign_leads(Db& db, const std::vector<std::string>& lead_ids,
                                      const std::string& rule, const std::vector<std::string>& user_ids,
                                      const LeadSettings& s, int64_t at) {
  LOUDOU_ASSIGN_OR_RETURN(auto reps, candidates(db, user_ids, s));
  std::map<std::string, int64_t> load;
  for (const auto& r : reps) {
    LOUDOU_ASSIGN_OR_RETURN(load[r], open_load(db, r));
  }
  auto has_room = [&](const std::string& r) {
    return !s.assignment.capacity || load[r] < s.assignment.capacity->v;
  };
  // The least loaded rep with room among `pool`, the earlier one on a tie.
  auto least_loaded = [&](const std::vector<std::string>& pool) -> std::optional<std::string> {
    std::optional<std::string> best;
    for (const auto& r : pool)
      if (has_room(r) && (!best || load[r] < load[*best])) best = r;
    return best;
  };

  std::string last_turn;
  if (rule == "round_robin") {
    auto q = db.query("SELECT value FROM setting WHERE key = ?", kRoundRobinKey);
    if (q.next()) last_turn = q.text(0);
    LOUDOU_TRY(q.status());
  }

  AssignmentResult out;
  for (const auto& lead_id : lead_ids) {
    std::optional<std::string> pick;
    if (rule == "round_robin") {
      size_t start = 0;
      auto it = std::find(reps.begin(), reps.end(), last_turn);
      if (it != reps.end()) start = size_t(it - reps.begin()) + 1;
      for (size_t k = 0; k < reps.size() && !pick; ++k) {
        const auto& r = reps[(start + k) % reps.size()];
        if (has_room(r)) pick = r;
      }
      if (pick) last_turn = *pick;
    } else if (rule == "least_loaded") {
      pick = least_loaded(reps);
    } else {  // by_source, by_industry
      auto q = db.query(rule == "by_source" ? "SELECT source FROM lead WHERE id = ?"
                                            : "SELECT industry FROM lead WHERE id = ?",
                        lead_id);
      std::optional<std::string> value;
      if (q.next()) value = q.opt_text(0);
      LOUDOU_TRY(q.status());
      std::vector<std::string> specialists;
      if (value)
        for (const auto& r : reps)
          for (const auto& sp : s.assignment.specialities)
            if (sp.user_id.v == r && speaks(sp, rule, *value)) {
              specialists.push_back(r);
              break;
            }
      pick = least_loaded(specialists);
      if (!pick) pick = least_loaded(reps);  // nobody matches or every specialist is full
    }
    if (!pick) {
      out.unassigned.push_back(lead_id);
      continue;
    }
    LOUDOU_TRY(set_lead_owner(db, lead_id, *pick, rule, at));
    load[*pick] += 1;
    out.assignments.push_back({{"lead_id", lead_id}, {"owner_id", *pick}, {"rule", rule}});
  }
  if (rule == "round_robin" && !last_turn.empty())
    LOUDOU_TRY(db.query("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                        "SET value = excluded.value",
                        kRoundRobinKey, last_turn)
                   .run());
  return out;
}

}  // namespace loudou
