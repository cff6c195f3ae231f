// deal.create / update / move / win / lose / reopen / get / list / delete.
// Every change of stage or outcome appends a stage_event in the same transaction as the change.
#include "activity_store.h"
#include "common_args.h"
#include "custom_fields.h"
#include "deal_restore.h"
#include "playbook.h"
#include "registry.h"
#include "store.h"
#include "win_store.h"

namespace loudou {
namespace {

struct DealCreate {
  std::optional<wire::Id> id;
  wire::Id pipeline_id;
  std::optional<wire::Id> stage_id;
  wire::Title title;
  std::optional<wire::Money> amount;
  std::optional<wire::Currency> currency;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> account;
  std::optional<wire::Line> contact;
  std::optional<wire::Line> source;
  std::optional<wire::Line> industry;
  std::optional<wire::Date> expected_close;
  std::optional<wire::Id> lead_id;
  std::optional<nlohmann::json> fields;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealCreate, (),
                      (id, pipeline_id, stage_id, title, amount, currency, owner_id, account,
                       contact, source, industry, expected_close, lead_id, fields, at))

// Absent keys are left alone; a key given as null clears that field.
struct DealUpdate {
  wire::Id id;
  std::optional<wire::Title> title;
  std::optional<wire::Money> amount;
  std::optional<wire::Currency> currency;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> account;
  std::optional<wire::Line> contact;
  std::optional<wire::Line> source;
  std::optional<wire::Line> industry;
  std::optional<wire::Date> expected_close;
  std::optional<wire::Id> lead_id;
  std::optional<nlohmann::json> fields;
  std::optional<wire::Line> lost_reason;
  std::optional<wire::Date> paused_until;
  std::optional<wire::Line> pause_reason;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealUpdate, (),
                      (id, title, amount, currency, owner_id, account, contact, source, industry,
                       expected_close, lead_id, fields, lost_reason, paused_until, pause_reason, at))

struct DealMove {
  wire::Id id;
  wire::Id stage_id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealMove, (), (id, stage_id, at))

struct DealWin {
  wire::Id id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealWin, (), (id, at))

struct DealLose {
  wire::Id id;
  wire::Title reason;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealLose, (), (id, reason, at))

struct DealReopen {
  wire::Id id;
  std::optional<wire::Id> stage_id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealReopen, (), (id, stage_id, at))

struct DealList {
  std::optional<wire::Id> pipeline_id;
  std::optional<wire::Id> stage_id;
  std::optional<std::string> status;
  std::optional<wire::Id> owner_id;
  std::optional<std::string> source;
  std::optional<std::string> industry;
  std::optional<std::string> q;
  std::optional<std::string> sort;
  std::optional<int64_t> limit;
  std::optional<std::string> cursor;
};
BOOST_DESCRIBE_STRUCT(DealList, (),
                      (pipeline_id, stage_id, status, owner_id, source, industry, q, sort, limit, cursor))

struct DealDelete {
  wire::Id id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealDelete, (), (id, at))

Status append_event(Context& ctx, const Deal& d, const char* kind,
                    const std::optional<std::string>& from, const std::string& stage, int64_t at,
                    const std::optional<std::string>& reason = std::nullopt) {
  return ctx.db
      .query("INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at, "
             "reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
             d.id, d.pipeline_id, kind, from, stage, at, reason)
      .run();
}

// The time of the deal's latest stage event: a new event may not be earlier, so the event
// order and the deal's current state always agree.
Status check_not_before_last_event(Context& ctx, const std::string& deal_id, int64_t at) {
  auto q = ctx.db.query("SELECT MAX(at) FROM stage_event WHERE deal_id = ?", deal_id);
  if (q.next() && !q.is_null(0) && at < q.int64(0))
    return invalid("at", "at (" + format_instant(at) + ") is before this deal's last stage change (" +
                             format_instant(q.int64(0)) + ")");
  return q.status();
}

// The stage `stage_id`, which must be an active stage of `pipeline_id`.
Result<Stage> stage_in_pipeline(Db& db, const std::string& stage_id, const std::string& pipeline_id,
                                const std::string& field = "stage_id") {
  std::string owner;
  LOUDOU_ASSIGN_OR_RETURN(auto stage, load_stage(db, stage_id, &owner, field));
  if (owner != pipeline_id) return not_found(field, "stage " + stage_id + " is not in this deal's pipeline");
  auto q = db.query("SELECT removed_at IS NOT NULL FROM stage WHERE id = ?", stage_id);
  if (q.next() && q.int64(0)) return not_found(field, "stage \"" + stage.name + "\" has been removed");
  return stage;
}

Result<json> deal_with_history(Db& db, const std::string& id) {
  LOUDOU_ASSIGN_OR_RETURN(auto d, load_deal(db, id));
  LOUDOU_ASSIGN_OR_RETURN(auto events, load_stage_events(db, id));
  json out = wire::write(d);
  out["stage_events"] = wire::write(events);
  LOUDOU_ASSIGN_OR_RETURN(out["activities"], activities_json(db, "deal_id", id));
  LOUDOU_ASSIGN_OR_RETURN(out["playbook"], deal_playbook_json(db, d));
  return out;
}

Result<json> deal_create(Context& ctx, const DealCreate& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto pipeline, load_pipeline(ctx.db, a.pipeline_id.v, "pipeline_id"));
  Stage stage;
  if (a.stage_id) {
    LOUDOU_ASSIGN_OR_RETURN(stage, stage_in_pipeline(ctx.db, a.stage_id->v, pipeline.id));
  } else {
    if (pipeline.stages.empty()) return invalid("pipeline_id", "the pipeline has no stages");
    stage = pipeline.stages.front();
  }
  if (a.owner_id) LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
  std::string id = a.id ? a.id->v : ctx.new_id();
  if (a.id && exists(ctx.db, "deal", id)) return conflict("a deal with id " + id + " already exists", "id");
  int64_t at = ctx.at(a.at);

  Deal d;
  d.id = id;
  d.pipeline_id = pipeline.id;
  d.stage_id = stage.id;
  d.status = "open";
  d.title = a.title.v;
  d.amount = a.amount ? a.amount->v : 0;
  d.currency = a.currency ? a.currency->v : pipeline.currency;
  if (a.owner_id) d.owner_id = a.owner_id->v;
  d.account = wire::or_null(a.account);
  d.contact = wire::or_null(a.contact);
  d.source = wire::or_null(a.source);
  d.industry = wire::or_null(a.industry);
  if (a.expected_close) d.expected_close = a.expected_close->v;
  if (a.lead_id) d.lead_id = a.lead_id->v;
  if (a.fields) LOUDOU_TRY(merge_custom_fields(ctx.db, "deal", *a.fields, d.fields));
  LOUDOU_ASSIGN_OR_RETURN(auto missing, missing_for_stage(ctx.db, d, stage));
  if (!missing.empty()) return stage_requirements_error(stage, std::move(missing));

  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO deal(id, pipeline_id, stage_id, status, title, amount, "
                        "currency, owner_id, account, contact, source, industry, expected_close, "
                        "lead_id, fields, created_at, updated_at, stage_entered_at) VALUES (?, ?, "
                        "?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        d.id, d.pipeline_id, d.stage_id, d.title, d.amount, d.currency, d.owner_id,
                        d.account, d.contact, d.source, d.industry, d.expected_close, d.lead_id,
                        wire::dump(d.fields), at, at, at)
                 .run());
  LOUDOU_TRY(append_event(ctx, d, "create", std::nullopt, d.stage_id, at));
  return deal_with_history(ctx.db, d.id);
}

Result<json> deal_update(Context& ctx, const json& raw) {
  auto parsed = wire::parse<DealUpdate>(raw);
  if (!parsed.ok()) return parsed.status();
  const DealUpdate& a = parsed.value();
  LOUDOU_ASSIGN_OR_RETURN(Deal d, load_deal(ctx.db, a.id.v));
  auto cleared = [&](const char* key) { return raw.contains(key) && raw[key].is_null(); };
  auto set_line = [&](const char* key, const std::optional<wire::Line>& v, std::optional<std::string>& field) {
    if (v) field = wire::or_null(v);
    else if (cleared(key)) field.reset();
  };
  if (a.title) d.title = a.title->v;
  if (cleared("title")) return invalid("title", "title must not be empty");
  if (a.amount) d.amount = a.amount->v;
  else if (cleared("amount")) d.amount = 0;
  if (a.currency) d.currency = a.currency->v;
  if (a.owner_id) {
    LOUDOU_TRY(require_exists(ctx.db, "user", a.owner_id->v, "owner_id", "user"));
    d.owner_id = a.owner_id->v;
  } else if (cleared("owner_id")) {
    d.owner_id.reset();
  }
  set_line("account", a.account, d.account);
  set_line("contact", a.contact, d.contact);
  set_line("source", a.source, d.source);
  set_line("industry", a.industry, d.industry);
  set_line("lost_reason", a.lost_reason, d.lost_reason);
  set_line("pause_reason", a.pause_reason, d.pause_reason);
  if (a.expected_close) d.expected_close = a.expected_close->v;
  else if (cleared("expected_close")) d.expected_close.reset();
  if (a.paused_until) d.paused_until = a.paused_until->v;
  else if (cleared("paused_until")) d.paused_until.reset();
  if (a.lead_id) d.lead_id = a.lead_id->v;
  else if (cleared("lead_id")) d.lead_id.reset();
  if (a.fields) LOUDOU_TRY(merge_custom_fields(ctx.db, "deal", *a.fields, d.fields));
  if (d.status == "lost" && !d.lost_reason) return invalid("lost_reason", "a lost deal keeps its reason");
  int64_t at = ctx.at(a.at);
  LOUDOU_TRY(ctx.db
                 .query("UPDATE deal SET title = ?, amount = ?, currency = ?, owner_id = ?, account "
                        "= ?, contact = ?, source = ?, industry = ?, expected_close = ?, lead_id = "
                        "?, fields = ?, lost_reason = ?, paused_until = ?, pause_reason = ?, "
                        "updated_at = ? WHERE id = ?",
                        d.title, d.amount, d.currency, d.owner_id, d.account, d.contact, d.source,
                        d.industry, d.expected_close, d.lead_id, wire::dump(d.fields),
                        d.lost_reason, d.paused_until, d.pause_reason, at, d.id)
                 .run());
  return deal_with_history(ctx.db, d.id);
}

Status require_open(const Deal& d, const char* doing) {
  if (d.status == "open") return Status::Ok();
  return conflict("the deal is " + d.status + "; reopen it before you " + doing, "id");
}

Result<json> deal_move(Context& ctx, const DealMove& a) {
  LOUDOU_ASSIGN_OR_RETURN(Deal d, load_deal(ctx.db, a.id.v));
  LOUDOU_TRY(require_open(d, "move it"));
  LOUDOU_ASSIGN_OR_RETURN(auto stage, stage_in_pipeline(ctx.db, a.stage_id.v, d.pipeline_id));
  if (stage.id == d.stage_id) return deal_with_history(ctx.db, d.id);  // already there
  int64_t at = ctx.at(a.at);
  LOUDOU_TRY(check_not_before_last_event(ctx, d.id, at));
  LOUDOU_ASSIGN_OR_RETURN(auto missing, missing_for_stage(ctx.db, d, stage));
  if (!missing.empty()) return stage_requirements_error(stage, std::move(missing));
  LOUDOU_TRY(check_playbook_exit(ctx.db, d, stage));  // the stages left behind: their exit criteria
  LOUDOU_TRY(ctx.db
                 .query("UPDATE deal SET stage_id = ?, stage_entered_at = ?, updated_at = ? WHERE id = ?",
                        stage.id, at, at, d.id)
                 .run());
  LOUDOU_TRY(append_event(ctx, d, "move", d.stage_id, stage.id, at));
  return deal_with_history(ctx.db, d.id);
}

Result<json> close_deal(Context& ctx, const std::string& id, const char* outcome,
                        const std::optional<wire::Instant>& when, const std::optional<std::string>& reason) {
  LOUDOU_ASSIGN_OR_RETURN(Deal d, load_deal(ctx.db, id));
  LOUDOU_TRY(require_open(d, outcome == std::string("won") ? "win it" : "lose it"));
  int64_t at = ctx.at(when);
  LOUDOU_TRY(check_not_before_last_event(ctx, d.id, at));
  LOUDOU_TRY(ctx.db
                 .query("UPDATE deal SET status = ?, lost_reason = ?, closed_at = ?, updated_at = ? WHERE id = ?",
                        outcome, reason, at, at, d.id)
                 .run());
  LOUDOU_TRY(append_event(ctx, d, outcome, d.stage_id, d.stage_id, at, reason));
  LOUDOU_TRY(win::on_deal_closed(ctx.db, d.id, at));  // O(one deal) update of a stored win model
  return deal_with_history(ctx.db, d.id);
}

Result<json> deal_win(Context& ctx, const DealWin& a) {
  return close_deal(ctx, a.id.v, "won", a.at, std::nullopt);
}

Result<json> deal_lose(Context& ctx, const DealLose& a) {
  return close_deal(ctx, a.id.v, "lost", a.at, a.reason.v);
}

Result<json> deal_reopen(Context& ctx, const DealReopen& a) {
  LOUDOU_ASSIGN_OR_RETURN(Deal d, load_deal(ctx.db, a.id.v));
  if (d.status == "open") return conflict("the deal is already open", "id");
  Stage stage;
  if (a.stage_id) {
    LOUDOU_ASSIGN_OR_RETURN(stage, stage_in_pipeline(ctx.db, a.stage_id->v, d.pipeline_id));
  } else {
    auto current = stage_in_pipeline(ctx.db, d.stage_id, d.pipeline_id);
    if (current.ok()) {
      stage = current.value();
    } else {  // it closed from a stage since removed: back to the first stage
      LOUDOU_ASSIGN_OR_RETURN(auto stages, load_stages(ctx.db, d.pipeline_id));
      if (stages.empty()) return invalid("stage_id", "the pipeline has no stages");
      stage = stages.front();
    }
  }
  int64_t at = ctx.at(a.at);
  LOUDOU_TRY(check_not_before_last_event(ctx, d.id, at));
  LOUDOU_ASSIGN_OR_RETURN(auto missing, missing_for_stage(ctx.db, d, stage));
  if (!missing.empty()) return stage_requirements_error(stage, std::move(missing));
  LOUDOU_TRY(ctx.db
                 .query("UPDATE deal SET status = 'open', stage_id = ?, lost_reason = NULL, "
                        "closed_at = NULL, stage_entered_at = ?, updated_at = ? WHERE id = ?",
                        stage.id, at, at, d.id)
                 .run());
  LOUDOU_TRY(append_event(ctx, d, "reopen", d.stage_id, stage.id, at));
  return deal_with_history(ctx.db, d.id);
}

Result<json> deal_get(Context& ctx, const ById& a) { return deal_with_history(ctx.db, a.id.v); }

Result<json> deal_list(Context& ctx, const DealList& a) {
  LOUDOU_ASSIGN_OR_RETURN(Page page, read_page(a.limit, a.cursor));
  std::string where = " WHERE 1=1";
  std::vector<std::string> binds;
  auto eq = [&](const char* col, const std::string& v) {
    where += std::string(" AND ") + col + " = ?";
    binds.push_back(v);
  };
  if (a.pipeline_id) eq("pipeline_id", a.pipeline_id->v);
  if (a.stage_id) eq("stage_id", a.stage_id->v);
  if (a.owner_id) eq("owner_id", a.owner_id->v);
  if (a.source) eq("source", *a.source);
  if (a.industry) eq("industry", *a.industry);
  if (a.status) {
    if (*a.status != "open" && *a.status != "won" && *a.status != "lost")
      return invalid("status", "status must be open, won or lost");
    eq("status", *a.status);
  }
  if (a.q && !a.q->empty()) {
    std::string like = "%";
    for (char c : *a.q) {
      if (c == '%' || c == '_' || c == '\\') like += '\\';
      like += c;
    }
    like += "%";
    where += " AND (title LIKE ? ESCAPE '\\' OR account LIKE ? ESCAPE '\\' OR contact LIKE ? ESCAPE '\\')";
    binds.insert(binds.end(), {like, like, like});
  }
  static const std::vector<std::pair<std::string, std::string>> sorts = {
      {"created_at", "created_at, id"},         {"-created_at", "created_at DESC, id DESC"},
      {"updated_at", "updated_at, id"},         {"-updated_at", "updated_at DESC, id DESC"},
      {"amount", "amount, id"},                 {"-amount", "amount DESC, id"},
      {"title", "title, id"},                   {"-title", "title DESC, id"},
      {"expected_close", "expected_close IS NULL, expected_close, id"},
      {"-expected_close", "expected_close DESC, id"},
      {"stage_entered_at", "stage_entered_at, id"}, {"-stage_entered_at", "stage_entered_at DESC, id"}};
  std::string order = "created_at DESC, id DESC";
  if (a.sort) {
    auto it = std::find_if(sorts.begin(), sorts.end(), [&](auto& s) { return s.first == *a.sort; });
    if (it == sorts.end())
      return invalid("sort", "sort must be one of created_at, updated_at, amount, title, "
                             "expected_close, stage_entered_at (prefix - for descending)");
    order = it->second;
  }
  int64_t total = 0;
  {
    auto q = ctx.db.query("SELECT COUNT(*) FROM deal" + where);
    for (size_t i = 0; i < binds.size(); ++i) q.bind(int(i) + 1, binds[i]);
    if (q.next()) total = q.int64(0);
    LOUDOU_TRY(q.status());
  }
  // One query for the whole page: a board asks for thousands of deals at once.
  json items = json::array();
  {
    // last_activity_at: the deal's latest logged activity (a done one, or a note when written),
    // so the board's stalled marker counts activities exactly as alert.list and
    // report.bottlenecks do (metrics.md 9).
    auto q = ctx.db.query(std::string("SELECT ") + kDealColumns +
                          ", (SELECT MAX(COALESCE(a.done_at, CASE WHEN a.type = 'note' THEN a.created_at END)) "
                          "FROM activity a WHERE a.deal_id = deal.id) FROM deal" + where +
                          " ORDER BY " + order + " LIMIT ? OFFSET ?");
    size_t i = 0;
    for (; i < binds.size(); ++i) q.bind(int(i) + 1, binds[i]);
    q.bind(int(i) + 1, page.limit).bind(int(i) + 2, page.offset);
    constexpr int kLastActivity = 22;  // the column after kDealColumns
    while (q.next()) {
      json item = wire::write(deal_from_row(q));
      item["last_activity_at"] = q.is_null(kLastActivity) ? json(nullptr) : json(format_instant(q.int64(kLastActivity)));
      items.push_back(std::move(item));
    }
    LOUDOU_TRY(q.status());
  }
  return page_result(std::move(items), total, page);
}

Result<json> deal_delete(Context& ctx, const DealDelete& a) {
  LOUDOU_TRY(require_exists(ctx.db, "deal", a.id.v, "id", "deal"));
  // Taken before the rows go: what deal.restore needs to put the deal back exactly (undo).
  LOUDOU_ASSIGN_OR_RETURN(json snapshot, deal_snapshot(ctx.db, a.id.v));
  LOUDOU_TRY(ctx.db.query("DELETE FROM stage_event WHERE deal_id = ?", a.id.v).run());
  LOUDOU_TRY(ctx.db.query("DELETE FROM deal WHERE id = ?", a.id.v).run());  // cascades activities, ticks
  return json{{"id", a.id.v}, {"deleted", true}, {"restore", std::move(snapshot)}};
}

}  // namespace

Status register_deal_ops(Registry& r) {
  LOUDOU_TRY(r.add("deal.create", Access::write, &deal_create));
  LOUDOU_TRY(r.add_raw("deal.update", Access::write, &deal_update));
  LOUDOU_TRY(r.add("deal.move", Access::write, &deal_move));
  LOUDOU_TRY(r.add("deal.win", Access::write, &deal_win));
  LOUDOU_TRY(r.add("deal.lose", Access::write, &deal_lose));
  LOUDOU_TRY(r.add("deal.reopen", Access::write, &deal_reopen));
  LOUDOU_TRY(r.add("deal.get", Access::read, &deal_get));
  LOUDOU_TRY(r.add("deal.list", Access::read, &deal_list));
  LOUDOU_TRY(r.add("deal.delete", Access::write, &deal_delete));
  LOUDOU_TRY(register_deal_restore(r));
  return Status::Ok();
}

}  // namespace loudou
