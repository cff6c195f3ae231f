// Follow-ups (跟进): the activity record and its reading. An activity is open until done_at is
// set; a deal's or lead's timeline lists its activities oldest first.
#pragma once

#include <optional>
#include <string>

#include "db.h"
#include "wire.h"

namespace loudou {

struct Activity {
  std::string id;
  std::string type;  // call, email, meeting, task, note
  std::optional<std::string> deal_id;
  std::optional<std::string> lead_id;
  std::optional<std::string> owner_id;
  std::optional<std::string> subject;
  std::optional<std::string> due_at;
  std::optional<std::string> done_at;
  std::optional<std::string> outcome;
  std::optional<std::string> notes;
  bool done = false;
  std::string created_at;
  std::string updated_at;
};
BOOST_DESCRIBE_STRUCT(Activity, (),
                      (id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, outcome,
                       notes, done, created_at, updated_at))

Result<Activity> load_activity(Db& db, const std::string& id, const std::string& field = "id");

// The activities whose `column` (deal_id or lead_id) is `id`, by (created_at, id).
Result<nlohmann::json> activities_json(Db& db, const char* column, const std::string& id);

// The column list and row reader shared by the activity queries.
extern const char* const kActivityCols;
Activity activity_from(const Query& q);

}  // namespace loudou
