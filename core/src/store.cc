#include "store.h"

#include "instant.h"
#include "wire.h"

namespace loudou {
namespace {

constexpr const char* kStageCols =
    "id, name, position, probability, rot_days, required_fields, pipeline_id";

Stage stage_from(const Query& q) {
  Stage s;
  s.id = q.text(0);
  s.name = q.text(1);
  s.position = int(q.int64(2));
  s.probability = int(q.int64(3));
  if (!q.is_null(4)) s.rot_days = int(q.int64(4));
  s.required_fields = parse_string_list(q.text(5));
  return s;
}

std::optional<std::string> opt_instant(const Query& q, int col) {
  if (q.is_null(col)) return std::nullopt;
  return format_instant(q.int64(col));
}

}  // namespace

nlohmann::json parse_json_column(const std::string& text, nlohmann::json fallback) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? fallback : j;
}

std::vector<std::string> parse_string_list(const std::string& text) {
  std::vector<std::string> out;
  auto j = parse_json_column(text, nlohmann::json::array());
  if (j.is_array())
    for (auto& v : j)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

std::string to_json_text(const std::vector<std::string>& list) {
  return wire::dump(nlohmann::json(list));
}

bool exists(Db& db, const char* table, const std::string& id) {
  auto q = db.query(std::string("SELECT 1 FROM ") + table + " WHERE id = ?", id);
  return q.next();
}

Status require_exists(Db& db, const char* table, const std::string& id, const std::string& field,
                      const char* what) {
  if (exists(db, table, id)) return Status::Ok();
  return not_found(field, std::string("no ") + what + " with id " + id);
}

Result<std::vector<Stage>> load_stages(Db& db, const std::string& pipeline_id) {
  std::vector<Stage> out;
  auto q = db.query(std::string("SELECT ") + kStageCols +
                        " FROM stage WHERE pipeline_id = ? AND removed_at IS NULL ORDER BY position",
                    pipeline_id);
  while (q.next()) out.push_back(stage_from(q));
  LOUDOU_TRY(q.status());
  return out;
}

Result<Stage> load_stage(Db& db, const std::string& id, std::string* pipeline_id,
                         const std::string& field) {
  auto q = db.query(std::string("SELECT ") + kStageCols + " FROM stage WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found(field, "no stage with id " + id);
  }
  if (pipeline_id) *pipeline_id = q.text(6);
  return stage_from(q);
}

Result<Pipeline> load_pipeline(Db& db, const std::string& id, const std::string& field) {
  Pipeline p;
  {
    auto q = db.query("SELECT id, name, currency, created_at, updated_at FROM pipeline WHERE id = ?", id);
    if (!q.next()) {
      LOUDOU_TRY(q.status());
      return not_found(field, "no pipeline with id " + id);
    }
    p.id = q.text(0);
    p.name = q.text(1);
    p.currency = q.text(2);
    p.created_at = format_instant(q.int64(3));
    p.updated_at = format_instant(q.int64(4));
  }
  LOUDOU_ASSIGN_OR_RETURN(p.stages, load_stages(db, id));
  return p;
}

Result<std::vector<Pipeline>> load_pipelines(Db& db) {
  std::vector<std::string> ids;
  auto q = db.query("SELECT id FROM pipeline ORDER BY created_at, id");
  while (q.next()) ids.push_back(q.text(0));
  LOUDOU_TRY(q.status());
  std::vector<Pipeline> out;
  for (auto& id : ids) {
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(db, id));
    out.push_back(std::move(p));
  }
  return out;
}

const char* const kDealColumns =
    "id, pipeline_id, stage_id, status, title, amount, currency, owner_id, account, contact, "
    "source, industry, expected_close, lead_id, fields, lost_reason, paused_until, pause_reason, "
    "created_at, updated_at, stage_entered_at, closed_at";

Deal deal_from_row(const Query& q) {
  Deal d;
  d.id = q.text(0);
  d.pipeline_id = q.text(1);
  d.stage_id = q.text(2);
  d.status = q.text(3);
  d.title = q.text(4);
  d.amount = q.int64(5);
  d.currency = q.text(6);
  d.owner_id = q.opt_text(7);
  d.account = q.opt_text(8);
  d.contact = q.opt_text(9);
  d.source = q.opt_text(10);
  d.industry = q.opt_text(11);
  d.expected_close = q.opt_text(12);
  d.lead_id = q.opt_text(13);
  d.fields = parse_json_column(q.text(14), nlohmann::json::object());
  d.lost_reason = q.opt_text(15);
  d.paused_until = q.opt_text(16);
  d.pause_reason = q.opt_text(17);
  d.created_at = format_instant(q.int64(18));
  d.updated_at = format_instant(q.int64(19));
  d.stage_entered_at = format_instant(q.int64(20));
  d.closed_at = opt_instant(q, 21);
  return d;
}

Result<Deal> load_deal(Db& db, const std::string& id, const std::string& field) {
  auto q = db.query(std::string("SELECT ") + kDealColumns + " FROM deal WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found(field, "no deal with id " + id);
  }
  return deal_from_row(q);
}

Result<std::vector<StageEvent>> load_stage_events(Db& db, const std::string& deal_id) {
  std::vector<StageEvent> out;
  auto q = db.query(
      "SELECT seq, kind, from_stage_id, stage_id, at, reason FROM stage_event WHERE deal_id = ? "
      "ORDER BY at, seq",
      deal_id);
  while (q.next()) {
    StageEvent e;
    e.seq = q.int64(0);
    e.kind = q.text(1);
    e.from_stage_id = q.opt_text(2);
    e.stage_id = q.text(3);
    e.at = format_instant(q.int64(4));
    e.reason = q.opt_text(5);
    out.push_back(std::move(e));
  }
  LOUDOU_TRY(q.status());
  return out;
}

Result<User> load_user(Db& db, const std::string& id, const std::string& field) {
  auto q = db.query("SELECT id, name, email, team, active, created_at FROM user WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found(field, "no user with id " + id);
  }
  User u;
  u.id = q.text(0);
  u.name = q.text(1);
  u.email = q.opt_text(2);
  u.team = q.opt_text(3);
  u.active = q.int64(4) != 0;
  u.created_at = format_instant(q.int64(5));
  return u;
}

Result<std::vector<FieldDef>> load_field_defs(Db& db, const std::string& entity) {
  std::vector<FieldDef> out;
  auto q = db.query(
      "SELECT id, entity, key, label, type, options, required_in_stages, position FROM field_def "
      "WHERE entity = ? ORDER BY position, created_at, key",
      entity);
  while (q.next()) {
    FieldDef f;
    f.id = q.text(0);
    f.entity = q.text(1);
    f.key = q.text(2);
    f.label = q.text(3);
    f.type = q.text(4);
    f.options = parse_string_list(q.text(5));
    f.required_in_stages = parse_string_list(q.text(6));
    f.position = int(q.int64(7));
    out.push_back(std::move(f));
  }
  LOUDOU_TRY(q.status());
  return out;
}

}  // namespace loudou
