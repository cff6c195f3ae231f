#include "lead_store.h"

#include "instant.h"
#include "lead_dedupe.h"
#include "lead_scoring.h"
#include "store.h"
#include "wire.h"

namespace loudou {
namespace {

constexpr const char* kCols =
    "id, name, company, phone, email, wechat, source, industry, budget, authority, need, timeline, "
    "owner_id, status, status_reason, notes, fields, score, score_factors, pooled_at, owned_since, "
    "deal_id, created_at, updated_at, converted_at";

std::optional<std::string> opt_instant(const Query& q, int col) {
  if (q.is_null(col)) return std::nullopt;
  return format_instant(q.int64(col));
}

template <class F>
std::optional<std::string> norm(const std::optional<std::string>& v, F f) {
  return v ? f(*v) : std::nullopt;
}

}  // namespace

bool is_open_lead_status(const std::string& status) {
  return status == "new" || status == "contacted" || status == "qualified";
}

Result<Lead> load_lead(Db& db, const std::string& id, const std::string& field) {
  auto q = db.query(std::string("SELECT ") + kCols + " FROM lead WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found(field, "no lead with id " + id);
  }
  Lead l;
  l.id = q.text(0);
  l.name = q.opt_text(1);
  l.company = q.opt_text(2);
  l.phone = q.opt_text(3);
  l.email = q.opt_text(4);
  l.wechat = q.opt_text(5);
  l.source = q.opt_text(6);
  l.industry = q.opt_text(7);
  l.budget = q.opt_int64(8);
  l.authority = q.opt_text(9);
  l.need = q.opt_text(10);
  l.timeline = q.opt_text(11);
  l.owner_id = q.opt_text(12);
  l.status = q.text(13);
  l.status_reason = q.opt_text(14);
  l.notes = q.opt_text(15);
  l.fields = parse_json_column(q.text(16), nlohmann::json::object());
  l.score = q.int64(17);
  l.score_factors = parse_json_column(q.text(18), nlohmann::json::array());
  l.pooled_at = opt_instant(q, 19);
  l.owned_since = opt_instant(q, 20);
  l.deal_id = q.opt_text(21);
  l.created_at = format_instant(q.int64(22));
  l.updated_at = format_instant(q.int64(23));
  l.converted_at = opt_instant(q, 24);
  l.in_pool = !l.owner_id && is_open_lead_status(l.status);
  return l;
}

Result<LeadTimes> load_lead_times(Db& db, const std::string& id) {
  auto q = db.query("SELECT updated_at, created_at, owned_since, pooled_at, converted_at FROM lead WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found("id", "no lead with id " + id);
  }
  LeadTimes t;
  t.updated_ms = q.int64(0);
  t.created_ms = q.int64(1);
  t.owned_since_ms = q.opt_int64(2);
  t.pooled_at_ms = q.opt_int64(3);
  t.converted_at_ms = q.opt_int64(4);
  return t;
}

Status save_lead(Db& db, const Lead& l, const LeadTimes& t, const ScoringSettings& scoring, bool insert) {
  LeadScore s = score_lead(l, scoring);
  auto phone = norm(l.phone, normalize_phone);
  auto email = norm(l.email, normalize_email);
  auto company = norm(l.company, normalize_company);
  if (insert) {
    return db
        .query("INSERT INTO lead(id, name, company, phone, email, wechat, source, industry, budget, "
               "authority, need, timeline, owner_id, status, status_reason, notes, fields, "
               "phone_norm, email_norm, company_norm, score, score_factors, owned_since, "
               "pooled_at, deal_id, created_at, updated_at, converted_at) VALUES (?, ?, ?, ?, ?, "
               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               l.id, l.name, l.company, l.phone, l.email, l.wechat, l.source, l.industry, l.budget,
               l.authority, l.need, l.timeline, l.owner_id, l.status, l.status_reason, l.notes,
               wire::dump(l.fields), phone, email, company, s.score, wire::dump(s.factors),
               t.owned_since_ms, t.pooled_at_ms, l.deal_id, t.created_ms.value_or(t.updated_ms),
               t.updated_ms, t.converted_at_ms)
        .run();
  }
  return db
      .query("UPDATE lead SET name = ?, company = ?, phone = ?, email = ?, wechat = ?, source = ?, "
             "industry = ?, budget = ?, authority = ?, need = ?, timeline = ?, owner_id = ?, "
             "status = ?, status_reason = ?, notes = ?, fields = ?, phone_norm = ?, email_norm = "
             "?, company_norm = ?, score = ?, score_factors = ?, owned_since = ?, pooled_at = ?, "
             "deal_id = ?, updated_at = ?, converted_at = ? WHERE id = ?",
             l.name, l.company, l.phone, l.email, l.wechat, l.source, l.industry, l.budget,
             l.authority, l.need, l.timeline, l.owner_id, l.status, l.status_reason, l.notes,
             wire::dump(l.fields), phone, email, company, s.score, wire::dump(s.factors),
             t.owned_since_ms, t.pooled_at_ms, l.deal_id, t.updated_ms, t.converted_at_ms, l.id)
      .run();
}

Status log_assignment(Db& db, const std::string& lead_id, const std::optional<std::string>& owner_id,
                      const std::optional<std::string>& from_owner_id, const std::string& rule, int64_t at) {
  return db
      .query("INSERT INTO lead_assignment(lead_id, owner_id, from_owner_id, rule, at) VALUES (?, ?, ?, ?, ?)",
             lead_id, owner_id, from_owner_id, rule, at)
      .run();
}

Result<int64_t> open_load(Db& db, const std::string& user_id) {
  auto q = db.query(
      "SELECT (SELECT COUNT(*) FROM lead WHERE owner_id = ?1 AND status IN ('new', 'contacted', "
      "'qualified')) + (SELECT COUNT(*) FROM deal WHERE owner_id = ?1 AND status = 'open')",
      user_id);
  if (!q.next()) return q.status().ok() ? Status(ErrorCode::internal, "no load") : q.status();
  return q.int64(0);
}

}  // namespace loudou
