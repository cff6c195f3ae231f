// The lead record (线索) as the command API returns it, and its reading and writing. Writes
// happen inside the calling op's transaction; save_lead recomputes the dedupe keys and the
// score so they can never go stale.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "lead_settings.h"

namespace loudou {

struct Lead {
  std::string id;
  std::optional<std::string> name;  // the contact person
  std::optional<std::string> company;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> wechat;
  std::optional<std::string> source;
  std::optional<std::string> industry;
  std::optional<int64_t> budget;            // B: minor units (分)
  std::optional<std::string> authority;     // A: decision_maker, influencer, user, unknown
  std::optional<std::string> need;          // N: strong, some, none, unknown
  std::optional<std::string> timeline;      // T: 1m, 3m, 6m, later, unknown
  std::optional<std::string> owner_id;
  std::string status = "new";               // new, contacted, qualified, disqualified, converted
  std::optional<std::string> status_reason;
  std::optional<std::string> notes;
  nlohmann::json fields = nlohmann::json::object();
  int64_t score = 0;
  nlohmann::json score_factors = nlohmann::json::array();
  bool in_pool = false;                     // open, with no owner: anyone may claim it
  std::optional<std::string> pooled_at;
  std::optional<std::string> owned_since;
  std::optional<std::string> deal_id;       // the deal it was converted to
  std::string created_at;
  std::string updated_at;
  std::optional<std::string> converted_at;
};
BOOST_DESCRIBE_STRUCT(Lead, (),
                      (id, name, company, phone, email, wechat, source, industry, budget,
                       authority, need, timeline, owner_id, status, status_reason, notes, fields,
                       score, score_factors, in_pool, pooled_at, owned_since, deal_id, created_at,
                       updated_at, converted_at))

// Open statuses: the lead is still being worked (and can sit in the pool).
bool is_open_lead_status(const std::string& status);

Result<Lead> load_lead(Db& db, const std::string& id, const std::string& field = "id");

// Inserts (insert = true) or rewrites the row, recomputing score, score_factors and the dedupe
// keys. `owned_since_ms` / `pooled_at_ms` / `converted_at_ms` are written as given;
// `created_ms` only on insert.
struct LeadTimes {
  int64_t updated_ms = 0;
  std::optional<int64_t> created_ms;
  std::optional<int64_t> owned_since_ms;
  std::optional<int64_t> pooled_at_ms;
  std::optional<int64_t> converted_at_ms;
};
Status save_lead(Db& db, const Lead& lead, const LeadTimes& times, const ScoringSettings& scoring,
                 bool insert);

// Raw times of a lead row (ms), for ops that rewrite a lead and must keep them.
Result<LeadTimes> load_lead_times(Db& db, const std::string& id);

// Appends to the assignment log.
Status log_assignment(Db& db, const std::string& lead_id, const std::optional<std::string>& owner_id,
                      const std::optional<std::string>& from_owner_id, const std::string& rule, int64_t at);

// Open leads + open deals owned by each user (the load least_loaded and capacity compare).
Result<int64_t> open_load(Db& db, const std::string& user_id);

}  // namespace loudou
