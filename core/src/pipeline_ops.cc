// pipeline.create / update / get / list / delete.
#include <algorithm>
#include <set>

#include "common_args.h"
#include "custom_fields.h"
#include "playbook.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct StageInput {
  std::optional<wire::Id> id;
  wire::Title name;
  wire::Percent probability;
  std::optional<wire::Days> rot_days;
  std::optional<std::vector<std::string>> required_fields;
};
BOOST_DESCRIBE_STRUCT(StageInput, (), (id, name, probability, rot_days, required_fields))

struct PipelineCreate {
  std::optional<wire::Id> id;
  wire::Title name;
  std::optional<wire::Currency> currency;
  std::vector<StageInput> stages;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(PipelineCreate, (), (id, name, currency, stages, at))

struct PipelineUpdate {
  wire::Id id;
  std::optional<wire::Title> name;
  std::optional<wire::Currency> currency;
  std::optional<std::vector<StageInput>> stages;
  // Where the open deals of removed stages go: one stage id for all, or {removed_id: target_id}.
  std::optional<nlohmann::json> move_deals_to;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(PipelineUpdate, (), (id, name, currency, stages, move_deals_to, at))

struct PipelineDelete {
  wire::Id id;
  // A pipeline that holds deals is deleted only when this is true (its deals go with it).
  std::optional<bool> delete_deals;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(PipelineDelete, (), (id, delete_deals, at))

Status check_stage_list(Db& db, const std::vector<StageInput>& stages) {
  if (stages.empty()) return invalid("stages", "a pipeline needs at least one stage");
  if (stages.size() > 50) return invalid("stages", "a pipeline has at most 50 stages");
  std::set<std::string> names, ids;
  for (size_t i = 0; i < stages.size(); ++i) {
    auto path = wire::index("stages", i);
    if (!names.insert(stages[i].name.v).second)
      return invalid(path + ".name", "two stages are named \"" + stages[i].name.v + "\"");
    if (stages[i].id && !ids.insert(stages[i].id->v).second)
      return invalid(path + ".id", "stage id " + stages[i].id->v + " appears twice");
    if (stages[i].required_fields)
      LOUDOU_TRY(check_required_field_names(db, *stages[i].required_fields, path + ".required_fields"));
  }
  return Status::Ok();
}

Status insert_stage(Context& ctx, const std::string& pipeline_id, const StageInput& s, int position,
                    const std::string& path) {
  std::string id = s.id ? s.id->v : ctx.new_id();
  if (s.id && exists(ctx.db, "stage", id))
    return conflict("a stage with id " + id + " already exists", path + ".id");
  return ctx.db
      .query("INSERT INTO stage(id, pipeline_id, name, position, probability, rot_days, "
             "required_fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
             id, pipeline_id, s.name.v, position, s.probability.v,
             s.rot_days ? std::optional<int64_t>(s.rot_days->v) : std::nullopt,
             to_json_text(s.required_fields.value_or(std::vector<std::string>{})))
      .run();
}

Result<json> pipeline_create(Context& ctx, const PipelineCreate& a) {
  LOUDOU_TRY(check_stage_list(ctx.db, a.stages));
  std::string id = a.id ? a.id->v : ctx.new_id();
  if (a.id && exists(ctx.db, "pipeline", id))
    return conflict("a pipeline with id " + id + " already exists", "id");
  int64_t at = ctx.at(a.at);
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO pipeline(id, name, currency, created_at, updated_at) VALUES "
                        "(?, ?, ?, ?, ?)",
                        id, a.name.v, a.currency ? a.currency->v : std::string("CNY"), at, at)
                 .run());
  for (size_t i = 0; i < a.stages.size(); ++i)
    LOUDOU_TRY(insert_stage(ctx, id, a.stages[i], int(i) + 1, wire::index("stages", i)));
  LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(ctx.db, id));
  return wire::write(p);
}

// The target stage for the open deals of a removed stage, from move_deals_to.
Result<std::string> move_target(const std::optional<json>& move, const std::string& removed) {
  if (!move) return std::string();
  if (move->is_string()) return move->get<std::string>();
  if (move->is_object()) {
    auto it = move->find(removed);
    if (it == move->end()) return std::string();
    if (!it->is_string())
      return bad_request("move_deals_to." + removed + " must be a stage id", "move_deals_to");
    return it->get<std::string>();
  }
  return bad_request("move_deals_to must be a stage id or an object of stage ids", "move_deals_to");
}

// The open deals of each removed stage move to its move_deals_to target as deal.move would move
// them, so the same rules apply: the target's required fields (as this update leaves them) and
// the exit criteria of the playbooks the move passes, in the stage order before this update.
// Targets that are missing or not kept are reported by pipeline_update itself.
Status check_moved_deals(Db& db, const Pipeline& before, const std::vector<StageInput>& stages,
                         const std::set<std::string>& kept, const std::optional<json>& move) {
  for (const auto& old : before.stages) {
    if (kept.count(old.id)) continue;
    LOUDOU_ASSIGN_OR_RETURN(std::string target_id, move_target(move, old.id));
    auto target_it = std::find_if(before.stages.begin(), before.stages.end(), [&](auto& s) { return s.id == target_id; });
    if (target_id.empty() || !kept.count(target_id) || target_it == before.stages.end()) continue;
    Stage target = *target_it;
    for (const auto& s : stages)
      if (s.id && s.id->v == target.id && s.required_fields) target.required_fields = *s.required_fields;
    auto q = db.query(std::string("SELECT ") + kDealColumns + " FROM deal WHERE stage_id = ? AND status = 'open' ORDER BY id", old.id);
    while (q.next()) {
      Deal d = deal_from_row(q);
      LOUDOU_ASSIGN_OR_RETURN(auto missing, missing_for_stage(db, d, target));
      Status st = missing.empty() ? check_playbook_exit(db, d, target) : stage_requirements_error(target, std::move(missing));
      if (st.ok()) continue;
      Status named(st.code(), "deal \"" + d.title + "\" cannot go from \"" + old.name + "\" to \"" + target.name +
                                  "\": " + st.message(), "move_deals_to");
      named.with_fields(st.fields());
      return named;
    }
    LOUDOU_TRY(q.status());
  }
  return Status::Ok();
}

Result<json> pipeline_update(Context& ctx, const PipelineUpdate& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto before, load_pipeline(ctx.db, a.id.v));
  int64_t at = ctx.at(a.at);
  if (a.name) LOUDOU_TRY(ctx.db.query("UPDATE pipeline SET name = ? WHERE id = ?", a.name->v, a.id.v).run());
  if (a.currency)
    LOUDOU_TRY(ctx.db.query("UPDATE pipeline SET currency = ? WHERE id = ?", a.currency->v, a.id.v).run());
  if (a.stages) {
    const auto& stages = *a.stages;
    LOUDOU_TRY(check_stage_list(ctx.db, stages));
    std::set<std::string> kept;
    for (size_t i = 0; i < stages.size(); ++i) {
      if (!stages[i].id) continue;
      bool ours = false;
      for (auto& s : before.stages) ours = ours || s.id == stages[i].id->v;
      if (!ours)
        return not_found(wire::index("stages", i) + ".id",
                         "stage " + stages[i].id->v + " is not in this pipeline");
      kept.insert(stages[i].id->v);
    }
    LOUDOU_TRY(check_moved_deals(ctx.db, before, stages, kept, a.move_deals_to));
    // Park every kept stage at a negative position so the new order never clashes mid-update.
    LOUDOU_TRY(ctx.db.query("UPDATE stage SET position = -position WHERE pipeline_id = ? AND "
                            "removed_at IS NULL", a.id.v).run());
    std::vector<std::string> new_ids(stages.size());
    for (size_t i = 0; i < stages.size(); ++i) {
      const auto& s = stages[i];
      auto path = wire::index("stages", i);
      if (s.id) {
        new_ids[i] = s.id->v;
        LOUDOU_TRY(ctx.db
                       .query("UPDATE stage SET name = ?, position = ?, probability = ?, rot_days = "
                              "?, required_fields = COALESCE(?, required_fields) WHERE id = ?",
                              s.name.v, int(i) + 1, s.probability.v,
                              s.rot_days ? std::optional<int64_t>(s.rot_days->v) : std::nullopt,
                              s.required_fields ? std::optional<std::string>(to_json_text(*s.required_fields))
                                                : std::nullopt,
                              s.id->v)
                       .run());
      } else {
        StageInput copy = s;
        copy.id = wire::Id{ctx.new_id()};
        new_ids[i] = copy.id->v;
        LOUDOU_TRY(insert_stage(ctx, a.id.v, copy, int(i) + 1, path));
      }
    }
    for (auto& old : before.stages) {
      if (kept.count(old.id)) continue;
      auto q = ctx.db.query("SELECT COUNT(*) FROM deal WHERE stage_id = ? AND status = 'open'", old.id);
      int64_t holding = q.next() ? q.int64(0) : 0;
      LOUDOU_TRY(q.status());
      if (holding > 0) {
        LOUDOU_ASSIGN_OR_RETURN(std::string target, move_target(a.move_deals_to, old.id));
        if (target.empty())
          return conflict("stage \"" + old.name + "\" holds " + std::to_string(holding) +
                              " open deals; say where they go with move_deals_to",
                          "move_deals_to");
        bool valid = false;
        for (auto& id : new_ids) valid = valid || id == target;
        if (!valid)
          return not_found("move_deals_to", "stage " + target + " is not a stage this pipeline keeps");
        // The moves are stage events like deal.move's: never earlier than a deal's last one.
        auto last = ctx.db.query("SELECT MAX(e.at) FROM stage_event e JOIN deal d ON d.id = e.deal_id "
                                 "WHERE d.stage_id = ? AND d.status = 'open'", old.id);
        if (last.next() && !last.is_null(0) && at < last.int64(0))
          return invalid("at", "at (" + format_instant(at) + ") is before the last stage change (" +
                                   format_instant(last.int64(0)) + ") of a deal in stage \"" +
                                   old.name + "\"");
        LOUDOU_TRY(last.status());
        LOUDOU_TRY(ctx.db
                       .query("INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, "
                              "stage_id, at) SELECT id, pipeline_id, 'move', stage_id, ?, ? FROM "
                              "deal WHERE stage_id = ? AND status = 'open'",
                              target, at, old.id)
                       .run());
        LOUDOU_TRY(ctx.db
                       .query("UPDATE deal SET stage_id = ?, stage_entered_at = ?, updated_at = ? "
                              "WHERE stage_id = ? AND status = 'open'",
                              target, at, at, old.id)
                       .run());
      }
      LOUDOU_TRY(ctx.db
                     .query("UPDATE stage SET removed_at = ?, position = ? WHERE id = ?", at,
                            -1000 - int64_t(&old - before.stages.data()), old.id)
                     .run());
    }
  } else if (a.move_deals_to) {
    return bad_request("move_deals_to goes with stages", "move_deals_to");
  }
  LOUDOU_TRY(ctx.db.query("UPDATE pipeline SET updated_at = ? WHERE id = ?", at, a.id.v).run());
  LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(ctx.db, a.id.v));
  return wire::write(p);
}

Result<json> pipeline_get(Context& ctx, const ById& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(ctx.db, a.id.v));
  return wire::write(p);
}

Result<json> pipeline_list(Context& ctx, const NoArgs&) {
  LOUDOU_ASSIGN_OR_RETURN(auto all, load_pipelines(ctx.db));
  json items = wire::write(all);
  return json{{"items", items}, {"total", items.size()}, {"next_cursor", nullptr}};
}

Result<json> pipeline_delete(Context& ctx, const PipelineDelete& a) {
  LOUDOU_TRY(require_exists(ctx.db, "pipeline", a.id.v, "id", "pipeline"));
  auto q = ctx.db.query("SELECT COUNT(*) FROM deal WHERE pipeline_id = ?", a.id.v);
  int64_t deals = q.next() ? q.int64(0) : 0;
  LOUDOU_TRY(q.status());
  if (deals > 0 && !a.delete_deals.value_or(false))
    return conflict("this pipeline holds " + std::to_string(deals) +
                        " deals; pass delete_deals: true to delete them with it",
                    "delete_deals");
  LOUDOU_TRY(ctx.db.query("DELETE FROM stage_event WHERE pipeline_id = ?", a.id.v).run());
  LOUDOU_TRY(ctx.db.query("DELETE FROM deal WHERE pipeline_id = ?", a.id.v).run());
  LOUDOU_TRY(ctx.db.query("DELETE FROM stage WHERE pipeline_id = ?", a.id.v).run());
  LOUDOU_TRY(ctx.db.query("DELETE FROM pipeline WHERE id = ?", a.id.v).run());
  return json{{"id", a.id.v}, {"deleted", true}, {"deals_deleted", deals}};
}

}  // namespace

Status register_pipeline_ops(Registry& r) {
  LOUDOU_TRY(r.add("pipeline.create", Access::write, &pipeline_create));
  LOUDOU_TRY(r.add("pipeline.update", Access::write, &pipeline_update));
  LOUDOU_TRY(r.add("pipeline.get", Access::read, &pipeline_get));
  LOUDOU_TRY(r.add("pipeline.list", Access::read, &pipeline_list));
  LOUDOU_TRY(r.add("pipeline.delete", Access::write, &pipeline_delete));
  return Status::Ok();
}

}  // namespace loudou
