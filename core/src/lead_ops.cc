// lead.create / update / get / list / qualify / disqualify. Every write recomputes the lead's
// score and dedupe keys (save_lead); create reports existing leads that look like the same
// person or company, and assigns the lead when an auto-assignment rule is configured.
#include "activity_store.h"
#include "common_args.h"
#include "custom_fields.h"
#include "lead_assignment.h"
#include "lead_dedupe.h"
#include "lead_pool.h"
#include "lead_store.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

// The editable fields; create and update share them (update: absent = unchanged, null = clear).
#define LEAD_FIELDS                              \
  std::optional<wire::Line> name;                \
  std::optional<wire::Line> company;             \
  std::optional<wire::Line> phone;               \
  std::optional<wire::Line> email;               \
  std::optional<wire::Line> wechat;              \
  std::optional<wire::Line> source;              \
  std::optional<wire::Line> industry;            \
  std::optional<wire::Money> budget;             \
  std::optional<std::string> authority;          \
  std::optional<std::string> need;               \
  std::optional<std::string> timeline;           \
  std::optional<wire::Id> owner_id;              \
  std::optional<std::string> status;             \
  std::optional<wire::Text> notes;               \
  std::optional<nlohmann::json> fields;          \
  std::optional<wire::Instant> at;

struct LeadCreate {
  std::optional<wire::Id> id;
  LEAD_FIELDS
};
BOOST_DESCRIBE_STRUCT(LeadCreate, (),
                      (id, name, company, phone, email, wechat, source, industry, budget, authority,
                       need, timeline, owner_id, status, notes, fields, at))

struct LeadUpdate {
  wire::Id id;
  LEAD_FIELDS
};
BOOST_DESCRIBE_STRUCT(LeadUpdate, (),
                      (id, name, company, phone, email, wechat, source, industry, budget, authority,
                       need, timeline, owner_id, status, notes, fields, at))
#undef LEAD_FIELDS

struct LeadGet {
  wire::Id id;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(LeadGet, (), (id, now))

struct LeadList {
  std::optional<std::string> status;  // one status, or "open" (new, contacted, qualified)
  std::optional<wire::Id> owner_id;
  std::optional<bool> pool;
  std::optional<std::string> source;
  std::optional<std::string> industry;
  std::optional<std::string> q;
  std::optional<int64_t> min_score;
  std::optional<std::string> sort;
  std::optional<int64_t> limit;
  std::optional<std::string> cursor;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(LeadList, (),
                      (status, owner_id, pool, source, industry, q, min_score, sort, limit, cursor, now))

struct LeadStatusChange {
  wire::Id id;
  std::optional<wire::Line> reason;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(LeadStatusChange, (), (id, reason, at))

Status check_choice(const std::optional<std::string>& v, const char* field,
                    std::initializer_list<const char*> allowed) {
  if (!v) return Status::Ok();
  std::string list;
  for (const char* a : allowed) {
    if (*v == a) return Status::Ok();
    list += list.empty() ? a : std::string(", ") + a;
  }
  return invalid(field, std::string(field) + " must be one of " + list);
}

template <class A>
Status apply_fields(Db& db, const A& a, const nlohmann::json& raw, Lead& l) {
  auto cleared = [&](const char* key) { return raw.contains(key) && raw[key].is_null(); };
  auto set_line = [&](const char* key, const std::optional<wire::Line>& v, std::optional<std::string>& field) {
    if (v) field = wire::or_null(v);
    else if (cleared(key)) field.reset();
  };
  set_line("name", a.name, l.name);
  set_line("company", a.company, l.company);
  set_line("phone", a.phone, l.phone);
  set_line("email", a.email, l.email);
  set_line("wechat", a.wechat, l.wechat);
  set_line("source", a.source, l.source);
  set_line("industry", a.industry, l.industry);
  if (l.phone) {
    auto digits = normalize_phone(*l.phone);
    if (!digits || digits->size() < 5) return invalid("phone", "phone must hold at least 5 digits");
  }
  if (l.email) {
    auto e = normalize_email(*l.email);
    auto at_sign = e ? e->find('@') : std::string::npos;
    if (at_sign == std::string::npos || at_sign == 0 || at_sign + 1 == e->size())
      return invalid("email", "email must look like name@example.com");
  }
  LOUDOU_TRY(check_choice(a.authority, "authority", {"decision_maker", "influencer", "user", "unknown"}));
  LOUDOU_TRY(check_choice(a.need, "need", {"strong", "some", "none", "unknown"}));
  LOUDOU_TRY(check_choice(a.timeline, "timeline", {"1m", "3m", "6m", "later", "unknown"}));
  if (a.budget) l.budget = a.budget->v;
  else if (cleared("budget")) l.budget.reset();
  if (a.authority) l.authority = a.authority;
  else if (cleared("authority")) l.authority.reset();
  if (a.need) l.need = a.need;
  else if (cleared("need")) l.need.reset();
  if (a.timeline) l.timeline = a.timeline;
  else if (cleared("timeline")) l.timeline.reset();
  if (a.notes) l.notes = a.notes->v.empty() ? std::nullopt : std::optional(a.notes->v);
  else if (cleared("notes")) l.notes.reset();
  if (a.status) {
    LOUDOU_TRY(check_choice(a.status, "status", {"new", "contacted", "qualified"}));
    l.status = *a.status;
  }
  if (a.fields) LOUDOU_TRY(merge_custom_fields(db, "lead", *a.fields, l.fields));
  if (!l.name && !l.company && !l.phone && !l.email && !l.wechat)
    return invalid("name", "a lead needs at least a name, company, phone, email or WeChat id");
  return Status::Ok();
}

Result<std::vector<std::string>> duplicates_of(Db& db, const Lead& l) {
  auto n = [](const std::optional<std::string>& v, auto f) { return v ? f(*v) : std::nullopt; };
  return find_duplicate_leads(db, n(l.phone, normalize_phone), n(l.email, normalize_email),
                              n(l.company, normalize_company), l.id);
}

Result<nlohmann::json> assignment_log(Db& db, const std::string& lead_id) {
  nlohmann::json out = nlohmann::json::array();
  auto q = db.query("SELECT owner_id, from_owner_id, rule, at FROM lead_assignment WHERE lead_id = ? ORDER BY at, seq",
                    lead_id);
  while (q.next())
    out.push_back({{"owner_id", q.is_null(0) ? nlohmann::json(nullptr) : nlohmann::json(q.text(0))},
                   {"from_owner_id", q.is_null(1) ? nlohmann::json(nullptr) : nlohmann::json(q.text(1))},
                   {"rule", q.text(2)},
                   {"at", format_instant(q.int64(3))}});
  LOUDOU_TRY(q.status());
  return out;
}

Result<json> lead_create(Context& ctx, const json& raw) {
  LOUDOU_ASSIGN_OR_RETURN(auto a, wire::parse<LeadCreate>(raw));
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  Lead l;
  l.id = a.id ? a.id->v : ctx.new_id();
  if (a.id && exists(ctx.db, "lead", l.id)) return conflict("a lead with id " + l.id + " already exists", "id");
  LOUDOU_TRY(apply_fields(ctx.db, a, raw, l));
  int64_t at = ctx.at(a.at);
  LeadTimes t;
  t.created_ms = at;
  t.updated_ms = at;
  if (a.owner_id) {
    LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
    l.owner_id = a.owner_id->v;
    t.owned_since_ms = at;
  } else {
    t.pooled_at_ms = at;
  }
  LOUDOU_ASSIGN_OR_RETURN(auto dups, duplicates_of(ctx.db, l));
  LOUDOU_TRY(save_lead(ctx.db, l, t, settings.scoring, true));
  if (l.owner_id) {
    LOUDOU_TRY(log_assignment(ctx.db, l.id, l.owner_id, std::nullopt, "manual", at));
  } else if (settings.assignment.auto_rule) {
    LOUDOU_ASSIGN_OR_RETURN(auto r, assign_leads(ctx.db, {l.id}, *settings.assignment.auto_rule, {}, settings, at));
  }
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_lead(ctx.db, l.id));
  json out = wire::write(saved);
  out["duplicates"] = dups;
  return out;
}

Result<json> lead_update(Context& ctx, const json& raw) {
  LOUDOU_ASSIGN_OR_RETURN(auto a, wire::parse<LeadUpdate>(raw));
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  LOUDOU_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, a.id.v));
  if (!is_open_lead_status(l.status) && a.status)
    return conflict("the lead is " + l.status + "; its status can no longer be edited", "status");
  LOUDOU_TRY(apply_fields(ctx.db, a, raw, l));
  LOUDOU_ASSIGN_OR_RETURN(auto t, load_lead_times(ctx.db, l.id));
  int64_t at = ctx.at(a.at);
  t.updated_ms = at;
  LOUDOU_TRY(save_lead(ctx.db, l, t, settings.scoring, false));
  bool clear_owner = raw.contains("owner_id") && raw["owner_id"].is_null();
  if (a.owner_id && a.owner_id->v != l.owner_id.value_or("")) {
    LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
    LOUDOU_TRY(set_lead_owner(ctx.db, l.id, a.owner_id->v, "manual", at));
  } else if (clear_owner && l.owner_id) {
    LOUDOU_TRY(set_lead_owner(ctx.db, l.id, std::nullopt, "release", at));
  }
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_lead(ctx.db, l.id));
  return wire::write(saved);
}

Result<json> lead_get(Context& ctx, const LeadGet& a) {
  if (a.now) {
    LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
    LOUDOU_TRY(require_exists(ctx.db, "lead", a.id.v, "id", "lead"));
    LOUDOU_ASSIGN_OR_RETURN(auto r, recycle_idle_leads(ctx.db, settings.pool, a.now->ms, a.id.v));
  }
  LOUDOU_ASSIGN_OR_RETURN(auto l, load_lead(ctx.db, a.id.v));
  json out = wire::write(l);
  LOUDOU_ASSIGN_OR_RETURN(out["activities"], activities_json(ctx.db, "lead_id", l.id));
  LOUDOU_ASSIGN_OR_RETURN(out["assignments"], assignment_log(ctx.db, l.id));
  LOUDOU_ASSIGN_OR_RETURN(auto dups, duplicates_of(ctx.db, l));
  out["duplicates"] = dups;
  return out;
}

std::string like_pattern(const std::string& q) {
  std::string like = "%";
  for (char c : q) {
    if (c == '%' || c == '_' || c == '\\') like += '\\';
    like += c;
  }
  return like + "%";
}

Result<json> lead_list(Context& ctx, const LeadList& a) {
  LOUDOU_ASSIGN_OR_RETURN(Page page, read_page(a.limit, a.cursor));
  if (a.now) {
    LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
    LOUDOU_ASSIGN_OR_RETURN(auto r, recycle_idle_leads(ctx.db, settings.pool, a.now->ms));
  }
  std::string where = " WHERE 1=1";
  std::vector<std::string> binds;
  auto eq = [&](const char* col, const std::string& v) {
    where += std::string(" AND ") + col + " = ?";
    binds.push_back(v);
  };
  if (a.status) {
    if (*a.status == "open") where += " AND status IN ('new', 'contacted', 'qualified')";
    else {
      LOUDOU_TRY(check_choice(a.status, "status", {"open", "new", "contacted", "qualified", "disqualified", "converted"}));
      eq("status", *a.status);
    }
  }
  if (a.owner_id) eq("owner_id", a.owner_id->v);
  if (a.pool) where += *a.pool ? " AND owner_id IS NULL AND status IN ('new', 'contacted', 'qualified')"
                               : " AND owner_id IS NOT NULL";
  if (a.source) eq("source", *a.source);
  if (a.industry) eq("industry", *a.industry);
  if (a.min_score) where += " AND score >= " + std::to_string(*a.min_score);
  if (a.q && !a.q->empty()) {
    where += " AND (name LIKE ? ESCAPE '\\' OR company LIKE ? ESCAPE '\\' OR phone LIKE ? ESCAPE '\\' OR "
             "email LIKE ? ESCAPE '\\' OR wechat LIKE ? ESCAPE '\\')";
    binds.insert(binds.end(), 5, like_pattern(*a.q));
  }
  static const std::vector<std::pair<std::string, std::string>> sorts = {
      {"created_at", "created_at, id"}, {"-created_at", "created_at DESC, id DESC"},
      {"updated_at", "updated_at, id"}, {"-updated_at", "updated_at DESC, id DESC"},
      {"score", "score, id"},           {"-score", "score DESC, created_at DESC, id DESC"},
      {"company", "company, id"},       {"-company", "company DESC, id"}};
  std::string order = "created_at DESC, id DESC";
  if (a.sort) {
    auto it = std::find_if(sorts.begin(), sorts.end(), [&](auto& s) { return s.first == *a.sort; });
    if (it == sorts.end())
      return invalid("sort", "sort must be one of created_at, updated_at, score, company (prefix - for descending)");
    order = it->second;
  }
  int64_t total = 0;
  {
    auto q = ctx.db.query("SELECT COUNT(*) FROM lead" + where);
    for (size_t i = 0; i < binds.size(); ++i) q.bind(int(i) + 1, binds[i]);
    if (q.next()) total = q.int64(0);
    LOUDOU_TRY(q.status());
  }
  std::vector<std::string> ids;
  {
    int n = int(binds.size());
    auto q = ctx.db.query("SELECT id FROM lead" + where + " ORDER BY " + order + " LIMIT ? OFFSET ?");
    for (int i = 0; i < n; ++i) q.bind(i + 1, binds[size_t(i)]);
    q.bind(n + 1, page.limit).bind(n + 2, page.offset);
    while (q.next()) ids.push_back(q.text(0));
    LOUDOU_TRY(q.status());
  }
  json items = json::array();
  for (auto& id : ids) {
    LOUDOU_ASSIGN_OR_RETURN(auto l, load_lead(ctx.db, id));
    items.push_back(wire::write(l));
  }
  return page_result(std::move(items), total, page);
}

Result<json> set_status(Context& ctx, const LeadStatusChange& a, const char* status) {
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  LOUDOU_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, a.id.v));
  if (l.status == "converted") return conflict("the lead was converted to a deal; its status is final", "id");
  l.status = status;
  l.status_reason = wire::or_null(a.reason);
  LOUDOU_ASSIGN_OR_RETURN(auto t, load_lead_times(ctx.db, l.id));
  t.updated_ms = ctx.at(a.at);
  LOUDOU_TRY(save_lead(ctx.db, l, t, settings.scoring, false));
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_lead(ctx.db, l.id));
  return wire::write(saved);
}

Result<json> lead_qualify(Context& ctx, const LeadStatusChange& a) { return set_status(ctx, a, "qualified"); }
Result<json> lead_disqualify(Context& ctx, const LeadStatusChange& a) {
  if (!a.reason || a.reason->v.empty()) return invalid("reason", "say why the lead is disqualified");
  return set_status(ctx, a, "disqualified");
}

}  // namespace

Status register_lead_ops(Registry& r) {
  LOUDOU_TRY(r.add_raw("lead.create", Access::write, &lead_create));
  LOUDOU_TRY(r.add_raw("lead.update", Access::write, &lead_update));
  // get and list write when given `now`: idle leads return to the pool as they are read.
  LOUDOU_TRY(r.add("lead.get", Access::write, &lead_get));
  LOUDOU_TRY(r.add("lead.list", Access::write, &lead_list));
  LOUDOU_TRY(r.add("lead.qualify", Access::write, &lead_qualify));
  LOUDOU_TRY(r.add("lead.disqualify", Access::write, &lead_disqualify));
  return Status::Ok();
}

}  // namespace loudou
