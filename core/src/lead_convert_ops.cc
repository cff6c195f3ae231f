// lead.convert (a lead becomes a deal, carrying its source, industry, owner and follow-up
// history) and lead.merge (two records of the same customer become one).
#include <algorithm>

#include "activity_store.h"
#include "custom_fields.h"
#include "lead_store.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct LeadConvert {
  wire::Id id;
  wire::Id pipeline_id;
  std::optional<wire::Id> stage_id;
  std::optional<wire::Title> title;
  std::optional<wire::Money> amount;
  std::optional<wire::Date> expected_close;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(LeadConvert, (), (id, pipeline_id, stage_id, title, amount, expected_close, at))

struct LeadMerge {
  wire::Id id;            // the lead that stays
  wire::Id duplicate_id;  // folded into it, then removed
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(LeadMerge, (), (id, duplicate_id, at))

Result<json> lead_convert(Context& ctx, const LeadConvert& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  LOUDOU_ASSIGN_OR_RETURN(Lead l, load_lead(ctx.db, a.id.v));
  if (l.status == "converted") return conflict("the lead is already converted (deal " + l.deal_id.value_or("?") + ")", "id");
  if (l.status == "disqualified") return conflict("the lead is disqualified; qualify it before converting", "id");
  LOUDOU_ASSIGN_OR_RETURN(auto pipeline, load_pipeline(ctx.db, a.pipeline_id.v, "pipeline_id"));
  if (pipeline.stages.empty()) return invalid("pipeline_id", "the pipeline has no stages");
  Stage stage = pipeline.stages.front();
  if (a.stage_id) {
    auto it = std::find_if(pipeline.stages.begin(), pipeline.stages.end(),
                           [&](const Stage& s) { return s.id == a.stage_id->v; });
    if (it == pipeline.stages.end()) return not_found("stage_id", "stage " + a.stage_id->v + " is not an active stage of this pipeline");
    stage = *it;
  }
  int64_t at = ctx.at(a.at);
  Deal d;
  d.id = ctx.new_id();
  d.pipeline_id = pipeline.id;
  d.stage_id = stage.id;
  d.status = "open";
  if (a.title) d.title = a.title->v;
  else d.title = l.company ? *l.company : l.name ? *l.name : l.phone ? *l.phone : l.email ? *l.email : *l.wechat;
  d.amount = a.amount ? a.amount->v : l.budget.value_or(0);
  d.currency = pipeline.currency;
  d.owner_id = l.owner_id;
  d.account = l.company;
  d.contact = l.name;
  d.source = l.source;
  d.industry = l.industry;
  if (a.expected_close) d.expected_close = a.expected_close->v;
  d.lead_id = l.id;
  LOUDOU_ASSIGN_OR_RETURN(auto missing, missing_for_stage(ctx.db, d, stage));
  if (!missing.empty()) return stage_requirements_error(stage, std::move(missing));
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO deal(id, pipeline_id, stage_id, status, title, amount, currency, owner_id, "
                        "account, contact, source, industry, expected_close, lead_id, fields, created_at, "
                        "updated_at, stage_entered_at) VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                        "'{}', ?, ?, ?)",
                        d.id, d.pipeline_id, d.stage_id, d.title, d.amount, d.currency, d.owner_id, d.account,
                        d.contact, d.source, d.industry, d.expected_close, d.lead_id, at, at, at)
                 .run());
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at) "
                        "VALUES (?, ?, 'create', NULL, ?, ?)",
                        d.id, d.pipeline_id, d.stage_id, at)
                 .run());
  // The lead's follow-ups become the start of the deal's timeline.
  LOUDOU_TRY(ctx.db.query("UPDATE activity SET deal_id = ? WHERE lead_id = ? AND deal_id IS NULL", d.id, l.id).run());
  l.status = "converted";
  l.deal_id = d.id;
  LOUDOU_ASSIGN_OR_RETURN(auto t, load_lead_times(ctx.db, l.id));
  t.updated_ms = at;
  t.converted_at_ms = at;
  LOUDOU_TRY(save_lead(ctx.db, l, t, settings.scoring, false));
  LOUDOU_ASSIGN_OR_RETURN(auto saved_lead, load_lead(ctx.db, l.id));
  LOUDOU_ASSIGN_OR_RETURN(auto deal, load_deal(ctx.db, d.id));
  LOUDOU_ASSIGN_OR_RETURN(auto events, load_stage_events(ctx.db, d.id));
  json deal_json = wire::write(deal);
  deal_json["stage_events"] = wire::write(events);
  LOUDOU_ASSIGN_OR_RETURN(deal_json["activities"], activities_json(ctx.db, "deal_id", d.id));
  return json{{"lead", wire::write(saved_lead)}, {"deal", std::move(deal_json)}};
}

template <class T>
void fill(std::optional<T>& keep, const std::optional<T>& other) {
  if (!keep && other) keep = other;
}

Result<json> lead_merge(Context& ctx, const LeadMerge& a) {
  if (a.id.v == a.duplicate_id.v) return invalid("duplicate_id", "a lead cannot be merged into itself");
  LOUDOU_ASSIGN_OR_RETURN(auto settings, load_lead_settings(ctx.db));
  LOUDOU_ASSIGN_OR_RETURN(Lead keep, load_lead(ctx.db, a.id.v));
  LOUDOU_ASSIGN_OR_RETURN(Lead dup, load_lead(ctx.db, a.duplicate_id.v, "duplicate_id"));
  if (dup.status == "converted")
    return conflict("the duplicate was converted to a deal; merge the other way round", "duplicate_id");
  fill(keep.name, dup.name);
  fill(keep.company, dup.company);
  fill(keep.phone, dup.phone);
  fill(keep.email, dup.email);
  fill(keep.wechat, dup.wechat);
  fill(keep.source, dup.source);
  fill(keep.industry, dup.industry);
  fill(keep.budget, dup.budget);
  fill(keep.authority, dup.authority);
  fill(keep.need, dup.need);
  fill(keep.timeline, dup.timeline);
  if (dup.notes) keep.notes = keep.notes ? *keep.notes + "\n" + *dup.notes : *dup.notes;
  for (auto it = dup.fields.begin(); it != dup.fields.end(); ++it)
    if (!keep.fields.contains(it.key())) keep.fields[it.key()] = it.value();
  int64_t at = ctx.at(a.at);
  LOUDOU_ASSIGN_OR_RETURN(auto t, load_lead_times(ctx.db, keep.id));
  t.updated_ms = at;
  bool take_owner = !keep.owner_id && dup.owner_id && is_open_lead_status(keep.status);
  LOUDOU_TRY(ctx.db.query("UPDATE activity SET lead_id = ? WHERE lead_id = ?", keep.id, dup.id).run());
  LOUDOU_TRY(ctx.db.query("DELETE FROM lead WHERE id = ?", dup.id).run());
  LOUDOU_TRY(save_lead(ctx.db, keep, t, settings.scoring, false));
  if (take_owner) {
    LOUDOU_TRY(ctx.db.query("UPDATE lead SET owner_id = ?, owned_since = ?, pooled_at = NULL WHERE id = ?",
                            *dup.owner_id, at, keep.id)
                   .run());
    LOUDOU_TRY(log_assignment(ctx.db, keep.id, dup.owner_id, std::nullopt, "merge", at));
  }
  LOUDOU_ASSIGN_OR_RETURN(auto saved, load_lead(ctx.db, keep.id));
  json out = wire::write(saved);
  out["merged"] = dup.id;
  return out;
}

}  // namespace

Status register_lead_convert_ops(Registry& r) {
  LOUDOU_TRY(r.add("lead.convert", Access::write, &lead_convert));
  LOUDOU_TRY(r.add("lead.merge", Access::write, &lead_merge));
  return Status::Ok();
}

}  // namespace loudou
