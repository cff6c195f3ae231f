// activity.create / update / complete / list. An activity hangs on a deal, a lead or both; its
// owner defaults to the owner of what it hangs on. Logging a completed call, email or meeting on
// a new lead marks the lead contacted.
#include "activity_store.h"
#include "common_args.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct ActivityCreate {
  std::optional<wire::Id> id;
  std::string type;
  std::optional<wire::Id> deal_id;
  std::optional<wire::Id> lead_id;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> subject;
  std::optional<wire::Instant> due_at;
  std::optional<wire::Instant> done_at;
  std::optional<wire::Line> outcome;
  std::optional<wire::Text> notes;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(ActivityCreate, (),
                      (id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, outcome, notes, at))

struct ActivityUpdate {
  wire::Id id;
  std::optional<std::string> type;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> subject;
  std::optional<wire::Instant> due_at;
  std::optional<wire::Instant> done_at;
  std::optional<wire::Line> outcome;
  std::optional<wire::Text> notes;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(ActivityUpdate, (), (id, type, owner_id, subject, due_at, done_at, outcome, notes, at))

struct ActivityComplete {
  wire::Id id;
  std::optional<wire::Instant> done_at;
  std::optional<wire::Line> outcome;
  std::optional<wire::Text> notes;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(ActivityComplete, (), (id, done_at, outcome, notes, at))

struct ActivityList {
  std::optional<wire::Id> owner_id;
  std::optional<wire::Id> deal_id;
  std::optional<wire::Id> lead_id;
  // "My day": open activities due before the end of this date (overdue included) and those
  // done during it. The day is local to tz_offset_minutes (UTC+8 = 480).
  std::optional<wire::Date> date;
  std::optional<int> tz_offset_minutes;
  std::optional<std::string> status;  // open, done
  std::optional<std::string> type;
  std::optional<int64_t> limit;
  std::optional<std::string> cursor;
};
BOOST_DESCRIBE_STRUCT(ActivityList, (),
                      (owner_id, deal_id, lead_id, date, tz_offset_minutes, status, type, limit, cursor))

Status check_type(const std::string& type) {
  if (type == "call" || type == "email" || type == "meeting" || type == "task" || type == "note")
    return Status::Ok();
  return invalid("type", "type must be call, email, meeting, task or note");
}

std::optional<std::string> text_or_null(const std::optional<wire::Text>& t) {
  if (!t || t->v.empty()) return std::nullopt;
  return t->v;
}

// A logged conversation moves a new lead on to contacted.
Status mark_contacted(Db& db, const std::optional<std::string>& lead_id, const std::string& type,
                      bool done, int64_t at) {
  if (!lead_id || !done || (type != "call" && type != "email" && type != "meeting")) return Status::Ok();
  return db.query("UPDATE lead SET status = 'contacted', updated_at = ? WHERE id = ? AND status = 'new'", at, *lead_id)
      .run();
}

Result<json> activity_create(Context& ctx, const ActivityCreate& a) {
  LOUDOU_TRY(check_type(a.type));
  if (!a.deal_id && !a.lead_id) return invalid("deal_id", "an activity needs a deal_id or a lead_id");
  std::optional<std::string> owner;
  if (a.lead_id) {
    auto q = ctx.db.query("SELECT owner_id FROM lead WHERE id = ?", a.lead_id->v);
    if (!q.next()) return q.status().ok() ? not_found("lead_id", "no lead with id " + a.lead_id->v) : q.status();
    owner = q.opt_text(0);
  }
  if (a.deal_id) {
    auto q = ctx.db.query("SELECT owner_id FROM deal WHERE id = ?", a.deal_id->v);
    if (!q.next()) return q.status().ok() ? not_found("deal_id", "no deal with id " + a.deal_id->v) : q.status();
    owner = q.opt_text(0);
  }
  if (a.owner_id) {
    LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
    owner = a.owner_id->v;
  }
  std::string id = a.id ? a.id->v : ctx.new_id();
  if (a.id && exists(ctx.db, "activity", id)) return conflict("an activity with id " + id + " already exists", "id");
  int64_t at = ctx.at(a.at);
  std::optional<int64_t> due, done;
  if (a.due_at) due = a.due_at->ms;
  if (a.done_at) done = a.done_at->ms;
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO activity(id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, "
                        "outcome, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, a.type, a.deal_id ? std::optional(a.deal_id->v) : std::nullopt,
                        a.lead_id ? std::optional(a.lead_id->v) : std::nullopt, owner,
                        wire::or_null(a.subject), due, done, wire::or_null(a.outcome), text_or_null(a.notes), at, at)
                 .run());
  LOUDOU_TRY(mark_contacted(ctx.db, a.lead_id ? std::optional(a.lead_id->v) : std::nullopt, a.type,
                            done.has_value(), at));
  LOUDOU_ASSIGN_OR_RETURN(auto act, load_activity(ctx.db, id));
  return wire::write(act);
}

Result<json> activity_update(Context& ctx, const json& raw) {
  LOUDOU_ASSIGN_OR_RETURN(auto a, wire::parse<ActivityUpdate>(raw));
  LOUDOU_ASSIGN_OR_RETURN(auto act, load_activity(ctx.db, a.id.v));
  auto cleared = [&](const char* key) { return raw.contains(key) && raw[key].is_null(); };
  if (a.type) {
    LOUDOU_TRY(check_type(*a.type));
    act.type = *a.type;
  }
  if (a.owner_id) {
    LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
    act.owner_id = a.owner_id->v;
  } else if (cleared("owner_id")) {
    act.owner_id.reset();
  }
  auto q = ctx.db.query("SELECT due_at, done_at FROM activity WHERE id = ?", act.id);
  if (!q.next()) return q.status();
  std::optional<int64_t> due = q.opt_int64(0), done = q.opt_int64(1);
  if (a.due_at) due = a.due_at->ms;
  else if (cleared("due_at")) due.reset();
  if (a.done_at) done = a.done_at->ms;
  else if (cleared("done_at")) done.reset();
  if (a.subject) act.subject = wire::or_null(a.subject);
  else if (cleared("subject")) act.subject.reset();
  if (a.outcome) act.outcome = wire::or_null(a.outcome);
  else if (cleared("outcome")) act.outcome.reset();
  if (a.notes) act.notes = text_or_null(a.notes);
  else if (cleared("notes")) act.notes.reset();
  int64_t at = ctx.at(a.at);
  LOUDOU_TRY(ctx.db
                 .query("UPDATE activity SET type = ?, owner_id = ?, subject = ?, due_at = ?, done_at = ?, "
                        "outcome = ?, notes = ?, updated_at = ? WHERE id = ?",
                        act.type, act.owner_id, act.subject, due, done, act.outcome, act.notes, at, act.id)
                 .run());
  LOUDOU_TRY(mark_contacted(ctx.db, act.lead_id, act.type, done.has_value(), at));
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_activity(ctx.db, act.id));
  return wire::write(saved);
}

Result<json> activity_complete(Context& ctx, const ActivityComplete& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto act, load_activity(ctx.db, a.id.v));
  if (act.done) return conflict("this activity is already done", "id");
  int64_t at = ctx.at(a.at);
  int64_t done = a.done_at ? a.done_at->ms : at;
  if (a.outcome) act.outcome = wire::or_null(a.outcome);
  if (a.notes) act.notes = text_or_null(a.notes);
  LOUDOU_TRY(ctx.db
                 .query("UPDATE activity SET done_at = ?, outcome = ?, notes = ?, updated_at = ? WHERE id = ?",
                        done, act.outcome, act.notes, at, act.id)
                 .run());
  LOUDOU_TRY(mark_contacted(ctx.db, act.lead_id, act.type, true, at));
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_activity(ctx.db, act.id));
  return wire::write(saved);
}

Result<json> activity_list(Context& ctx, const ActivityList& a) {
  LOUDOU_ASSIGN_OR_RETURN(Page page, read_page(a.limit, a.cursor));
  std::string where = " WHERE 1=1";
  std::vector<std::string> texts;
  std::vector<int64_t> numbers;  // bound after the texts, in order
  auto eq = [&](const char* col, const std::string& v) {
    where += std::string(" AND ") + col + " = ?";
    texts.push_back(v);
  };
  if (a.owner_id) eq("owner_id", a.owner_id->v);
  if (a.deal_id) eq("deal_id", a.deal_id->v);
  if (a.lead_id) eq("lead_id", a.lead_id->v);
  if (a.type) {
    LOUDOU_TRY(check_type(*a.type));
    eq("type", *a.type);
  }
  if (a.status) {
    if (*a.status == "open") where += " AND done_at IS NULL";
    else if (*a.status == "done") where += " AND done_at IS NOT NULL";
    else return invalid("status", "status must be open or done");
  }
  std::string order = "created_at DESC, id DESC";
  if (a.tz_offset_minutes && (*a.tz_offset_minutes < -840 || *a.tz_offset_minutes > 840))
    return invalid("tz_offset_minutes", "tz_offset_minutes must be between -840 and 840");
  if (a.date) {
    int64_t start = *date_start_ms(a.date->v) - int64_t(a.tz_offset_minutes.value_or(0)) * 60'000;
    int64_t end = start + kMsPerDay;
    where += " AND ((done_at IS NULL AND due_at < " + std::to_string(end) + ") OR (done_at >= " +
             std::to_string(start) + " AND done_at < " + std::to_string(end) + "))";
    order = "done_at IS NOT NULL, COALESCE(due_at, done_at), created_at, id";
  }
  int64_t total = 0;
  {
    auto q = ctx.db.query("SELECT COUNT(*) FROM activity" + where);
    for (size_t i = 0; i < texts.size(); ++i) q.bind(int(i) + 1, texts[i]);
    if (q.next()) total = q.int64(0);
    LOUDOU_TRY(q.status());
  }
  json items = json::array();
  {
    int n = int(texts.size());
    auto q = ctx.db.query(std::string("SELECT ") + kActivityCols + " FROM activity" + where + " ORDER BY " +
                          order + " LIMIT ? OFFSET ?");
    for (int i = 0; i < n; ++i) q.bind(i + 1, texts[size_t(i)]);
    q.bind(n + 1, page.limit).bind(n + 2, page.offset);
    while (q.next()) items.push_back(wire::write(activity_from(q)));
    LOUDOU_TRY(q.status());
  }
  return page_result(std::move(items), total, page);
}

}  // namespace

Status register_activity_ops(Registry& r) {
  LOUDOU_TRY(r.add("activity.create", Access::write, &activity_create));
  LOUDOU_TRY(r.add_raw("activity.update", Access::write, &activity_update));
  LOUDOU_TRY(r.add("activity.complete", Access::write, &activity_complete));
  LOUDOU_TRY(r.add("activity.list", Access::read, &activity_list));
  return Status::Ok();
}

}  // namespace loudou
