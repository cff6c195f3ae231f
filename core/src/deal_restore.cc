// deal.restore: puts back a deal that deal.delete removed, from the snapshot the delete returned
// (deal_restore.h). The snapshot is validated like any request — wrong types are bad_request,
// broken rules validation_failed naming the field ("activities[1].type") — and checked against
// today's database (its pipeline, stages, owner and lead still exist; none of its ids is taken)
// before anything is written, so a refused restore writes nothing.
#include "deal_restore.h"

#include <set>

#include "activity_store.h"
#include "store.h"

namespace loudou {
namespace {

struct DealSnap {
  wire::Id id;
  wire::Id pipeline_id;
  wire::Id stage_id;
  std::string status;
  wire::Title title;
  wire::Money amount;
  wire::Currency currency;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> account;
  std::optional<wire::Line> contact;
  std::optional<wire::Line> source;
  std::optional<wire::Line> industry;
  std::optional<wire::Date> expected_close;
  std::optional<wire::Id> lead_id;
  std::optional<json> fields;
  std::optional<wire::Line> lost_reason;
  std::optional<wire::Date> paused_until;
  std::optional<wire::Line> pause_reason;
  wire::Instant created_at;
  wire::Instant updated_at;
  wire::Instant stage_entered_at;
  std::optional<wire::Instant> closed_at;
};
BOOST_DESCRIBE_STRUCT(DealSnap, (),
                      (id, pipeline_id, stage_id, status, title, amount, currency, owner_id, account,
                       contact, source, industry, expected_close, lead_id, fields, lost_reason,
                       paused_until, pause_reason, created_at, updated_at, stage_entered_at, closed_at))

struct EventSnap {
  int64_t seq = 0;
  std::string kind;
  std::optional<wire::Id> from_stage_id;
  wire::Id stage_id;
  wire::Instant at;
  std::optional<wire::Line> reason;
};
BOOST_DESCRIBE_STRUCT(EventSnap, (), (seq, kind, from_stage_id, stage_id, at, reason))

struct ActivitySnap {
  wire::Id id;
  std::string type;
  std::optional<wire::Id> deal_id;
  std::optional<wire::Id> lead_id;
  std::optional<wire::Id> owner_id;
  std::optional<wire::Line> subject;
  std::optional<wire::Instant> due_at;
  std::optional<wire::Instant> done_at;
  std::optional<wire::Line> outcome;
  std::optional<wire::Text> notes;
  std::optional<bool> done;  // derived from done_at; accepted because deal.delete writes it
  wire::Instant created_at;
  wire::Instant updated_at;
};
BOOST_DESCRIBE_STRUCT(ActivitySnap, (),
                      (id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, outcome, notes,
                       done, created_at, updated_at))

struct CheckSnap {
  wire::Id item_id;
  wire::Instant done_at;
};
BOOST_DESCRIBE_STRUCT(CheckSnap, (), (item_id, done_at))

struct DealRestore {
  DealSnap deal;
  std::vector<EventSnap> stage_events;
  std::vector<ActivitySnap> activities;
  std::vector<CheckSnap> checklist;
  // Every write op takes `at` (api.md); it is checked but changes nothing here: an undo puts
  // back the recorded times, updated_at included, so the deal reads exactly as before.
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(DealRestore, (), (deal, stage_events, activities, checklist, at))

std::optional<std::string> line(const std::optional<wire::Line>& v) { return wire::or_null(v); }
template <class T>
std::optional<std::string> text(const std::optional<T>& v) {
  return v ? std::optional<std::string>(v->v) : std::nullopt;
}
std::optional<int64_t> ms(const std::optional<wire::Instant>& v) {
  return v ? std::optional<int64_t>(v->ms) : std::nullopt;
}

// Everything that can refuse the restore, checked before the first write.
Status check(Db& db, const DealRestore& a) {
  const DealSnap& d = a.deal;
  if (exists(db, "deal", d.id.v)) return conflict("a deal with id " + d.id.v + " exists; it was restored already", "deal.id");
  if (d.status != "open" && d.status != "won" && d.status != "lost")
    return invalid("deal.status", "deal.status must be open, won or lost");
  if (d.status == "lost" && !line(d.lost_reason)) return invalid("deal.lost_reason", "a lost deal needs its reason");
  if (d.fields && !d.fields->is_object()) return bad_request("deal.fields must be an object", "deal.fields");
  LOUDOU_TRY(require_exists(db, "pipeline", d.pipeline_id.v, "deal.pipeline_id", "pipeline"));
  std::string owner_pipeline;
  LOUDOU_ASSIGN_OR_RETURN(auto stage, load_stage(db, d.stage_id.v, &owner_pipeline, "deal.stage_id"));
  if (owner_pipeline != d.pipeline_id.v) return not_found("deal.stage_id", "stage " + d.stage_id.v + " is not in the deal's pipeline");
  if (d.status == "open") {  // an open deal must sit in a stage the board shows
    auto q = db.query("SELECT removed_at IS NOT NULL FROM stage WHERE id = ?", d.stage_id.v);
    if (q.next() && q.int64(0))
      return not_found("deal.stage_id", "stage \"" + stage.name + "\" was removed since the deal was deleted");
    LOUDOU_TRY(q.status());
  }
  if (d.owner_id) LOUDOU_TRY(require_exists(db, "user", d.owner_id->v, "deal.owner_id", "user"));

  if (a.stage_events.empty() || a.stage_events.front().kind != "create")
    return invalid("stage_events", "a deal's history starts with its create event");
  for (size_t i = 0; i < a.stage_events.size(); ++i) {
    const auto& e = a.stage_events[i];
    auto at = wire::index("stage_events", i);
    if (e.kind != "create" && e.kind != "move" && e.kind != "won" && e.kind != "lost" && e.kind != "reopen")
      return invalid(at + ".kind", at + ".kind must be create, move, won, lost or reopen");
    if (i > 0 && e.kind == "create") return invalid(at + ".kind", "a deal has one create event, the first");
    if (i > 0 && e.at.ms < a.stage_events[i - 1].at.ms)
      return invalid(at + ".at", "stage events must be in time order");
    std::string p;
    LOUDOU_ASSIGN_OR_RETURN(auto s, load_stage(db, e.stage_id.v, &p, at + ".stage_id"));
    if (p != d.pipeline_id.v) return not_found(at + ".stage_id", "stage " + s.id + " is not in the deal's pipeline");
  }

  std::set<std::string> ids;
  for (size_t i = 0; i < a.activities.size(); ++i) {
    const auto& x = a.activities[i];
    auto at = wire::index("activities", i);
    if (!x.deal_id || x.deal_id->v != d.id.v) return invalid(at + ".deal_id", "the activity does not belong to this deal");
    if (x.type != "call" && x.type != "email" && x.type != "meeting" && x.type != "task" && x.type != "note")
      return invalid(at + ".type", "type must be call, email, meeting, task or note");
    if (!ids.insert(x.id.v).second || exists(db, "activity", x.id.v))
      return conflict("an activity with id " + x.id.v + " exists", at + ".id");
    if (x.lead_id) LOUDOU_TRY(require_exists(db, "lead", x.lead_id->v, at + ".lead_id", "lead"));
    if (x.owner_id) LOUDOU_TRY(require_exists(db, "user", x.owner_id->v, at + ".owner_id", "user"));
  }
  std::set<std::string> items;
  for (size_t i = 0; i < a.checklist.size(); ++i)
    if (!items.insert(a.checklist[i].item_id.v).second)
      return invalid(wire::index("checklist", i) + ".item_id", "checklist item " + a.checklist[i].item_id.v + " is listed twice");
  return Status::Ok();
}

// Events keep their seq when every one is still free (an undo seconds later); otherwise they get
// new ones in the same order, which keeps the (at, seq) order of the deal's history.
Result<bool> seqs_free(Db& db, const std::vector<EventSnap>& events) {
  for (const auto& e : events) {
    auto q = db.query("SELECT 1 FROM stage_event WHERE seq = ?", e.seq);
    if (q.next()) return false;
    LOUDOU_TRY(q.status());
  }
  return true;
}

Result<json> deal_restore(Context& ctx, const DealRestore& a) {
  LOUDOU_TRY(check(ctx.db, a));
  const DealSnap& d = a.deal;
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO deal(id, pipeline_id, stage_id, status, title, amount, currency, owner_id, "
                        "account, contact, source, industry, expected_close, lead_id, fields, lost_reason, "
                        "paused_until, pause_reason, created_at, updated_at, stage_entered_at, closed_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        d.id.v, d.pipeline_id.v, d.stage_id.v, d.status, d.title.v, d.amount.v, d.currency.v,
                        text(d.owner_id), line(d.account), line(d.contact), line(d.source), line(d.industry),
                        text(d.expected_close), text(d.lead_id), wire::dump(d.fields.value_or(json::object())),
                        line(d.lost_reason), text(d.paused_until), line(d.pause_reason), d.created_at.ms,
                        d.updated_at.ms, d.stage_entered_at.ms, ms(d.closed_at))
                 .run());
  LOUDOU_ASSIGN_OR_RETURN(bool keep_seq, seqs_free(ctx.db, a.stage_events));
  // The stage_event trigger rebuilds stage_visit and reached_mask as the events go in, in order.
  for (const auto& e : a.stage_events)
    LOUDOU_TRY(ctx.db
                   .query("INSERT INTO stage_event(seq, deal_id, pipeline_id, kind, from_stage_id, stage_id, at, reason) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          keep_seq ? std::optional<int64_t>(e.seq) : std::nullopt, d.id.v, d.pipeline_id.v, e.kind,
                          text(e.from_stage_id), e.stage_id.v, e.at.ms, line(e.reason))
                   .run());
  for (const auto& x : a.activities)
    LOUDOU_TRY(ctx.db
                   .query("INSERT INTO activity(id, type, deal_id, lead_id, owner_id, subject, due_at, done_at, "
                          "outcome, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          x.id.v, x.type, d.id.v, text(x.lead_id), text(x.owner_id), line(x.subject), ms(x.due_at),
                          ms(x.done_at), line(x.outcome), x.notes ? std::optional<std::string>(x.notes->v) : std::nullopt,
                          x.created_at.ms, x.updated_at.ms)
                   .run());
  for (const auto& c : a.checklist)
    LOUDOU_TRY(ctx.db.query("INSERT INTO deal_checklist(deal_id, item_id, done_at) VALUES (?, ?, ?)", d.id.v,
                            c.item_id.v, c.done_at.ms)
                   .run());
  LOUDOU_ASSIGN_OR_RETURN(auto deal, load_deal(ctx.db, d.id.v));
  json out = wire::write(deal);
  LOUDOU_ASSIGN_OR_RETURN(auto events, load_stage_events(ctx.db, d.id.v));
  out["stage_events"] = wire::write(events);
  LOUDOU_ASSIGN_OR_RETURN(out["activities"], activities_json(ctx.db, "deal_id", d.id.v));
  return out;
}

}  // namespace

Result<json> deal_snapshot(Db& db, const std::string& deal_id) {
  LOUDOU_ASSIGN_OR_RETURN(auto deal, load_deal(db, deal_id));
  LOUDOU_ASSIGN_OR_RETURN(auto events, load_stage_events(db, deal_id));
  json out{{"deal", wire::write(deal)}, {"stage_events", wire::write(events)}};
  LOUDOU_ASSIGN_OR_RETURN(out["activities"], activities_json(db, "deal_id", deal_id));
  json checklist = json::array();
  auto q = db.query("SELECT item_id, done_at FROM deal_checklist WHERE deal_id = ? ORDER BY item_id", deal_id);
  while (q.next()) checklist.push_back({{"item_id", q.text(0)}, {"done_at", format_instant(q.int64(1))}});
  LOUDOU_TRY(q.status());
  out["checklist"] = std::move(checklist);
  return out;
}

Status register_deal_restore(Registry& r) { return r.add("deal.restore", Access::write, &deal_restore); }

}  // namespace loudou
