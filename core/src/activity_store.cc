#include "activity_store.h"

#include "instant.h"

namespace loudou {
namespace {

std::optional<std::string> opt_instant(const Query& q, int col) {
  if (q.is_null(col)) return std::nullopt;
  return format_instant(q.int64(col));
}

}  // namespace

const char* const kActivityCols =
    "id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, outcome, notes, created_at, updated_at";

Activity activity_from(const Query& q) {
  Activity a;
  a.id = q.text(0);
  a.type = q.text(1);
  a.deal_id = q.opt_text(2);
  a.lead_id = q.opt_text(3);
  a.owner_id = q.opt_text(4);
  a.subject = q.opt_text(5);
  a.due_at = opt_instant(q, 6);
  a.done_at = opt_instant(q, 7);
  a.outcome = q.opt_text(8);
  a.notes = q.opt_text(9);
  a.done = !q.is_null(7);
  a.created_at = format_instant(q.int64(10));
  a.updated_at = format_instant(q.int64(11));
  return a;
}

Result<Activity> load_activity(Db& db, const std::string& id, const std::string& field) {
  auto q = db.query(std::string("SELECT ") + kActivityCols + " FROM activity WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found(field, "no activity with id " + id);
  }
  return activity_from(q);
}

Result<nlohmann::json> activities_json(Db& db, const char* column, const std::string& id) {
  nlohmann::json out = nlohmann::json::array();
  auto q = db.query(std::string("SELECT ") + kActivityCols + " FROM activity WHERE " + column +
                        " = ? ORDER BY created_at, id",
                    id);
  while (q.next()) out.push_back(wire::write(activity_from(q)));
  LOUDOU_TRY(q.status());
  return out;
}

}  // namespace loudou
