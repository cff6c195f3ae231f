// playbook.set / playbook.get / playbook.list (a manager writes each stage's guidance and
// checklist) and playbook.check (a rep ticks or unticks an item on a deal).
#include "common_args.h"
#include "playbook.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct ItemArg {
  std::optional<wire::Id> id;
  wire::Title text;
  std::optional<bool> required;
};
BOOST_DESCRIBE_STRUCT(ItemArg, (), (id, text, required))

struct PlaybookSet {
  wire::Id stage_id;
  std::optional<wire::Text> guidance;
  std::vector<ItemArg> items;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(PlaybookSet, (), (stage_id, guidance, items, at))

struct PlaybookGet {
  wire::Id stage_id;
};
BOOST_DESCRIBE_STRUCT(PlaybookGet, (), (stage_id))

struct PlaybookList {
  wire::Id pipeline_id;
};
BOOST_DESCRIBE_STRUCT(PlaybookList, (), (pipeline_id))

struct PlaybookCheck {
  wire::Id deal_id;
  wire::Id item_id;
  std::optional<bool> done;  // default true
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(PlaybookCheck, (), (deal_id, item_id, done, at))

json playbook_json(const Playbook& p) {
  json items = json::array();
  for (const auto& i : p.items) items.push_back({{"id", i.id}, {"text", i.text}, {"required", i.required}});
  return {{"stage_id", p.stage_id}, {"guidance", p.guidance}, {"items", std::move(items)}};
}

Result<json> playbook_set(Context& ctx, const PlaybookSet& a) {
  std::string pipeline_id;
  LOUDOU_ASSIGN_OR_RETURN(auto stage, load_stage(ctx.db, a.stage_id.v, &pipeline_id));
  if (a.items.size() > 50) return invalid("items", "a playbook holds at most 50 checklist items");
  json items = json::array();
  for (size_t i = 0; i < a.items.size(); ++i) {
    std::string id = a.items[i].id ? a.items[i].id->v : ctx.new_id();
    for (const auto& prev : items)
      if (prev["id"] == id) return invalid("items[" + std::to_string(i) + "].id", "two checklist items share id " + id);
    items.push_back({{"id", id}, {"text", a.items[i].text.v}, {"required", a.items[i].required.value_or(false)}});
  }
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO playbook(stage_id, guidance, items, updated_at) VALUES (?, ?, ?, ?) ON "
                        "CONFLICT(stage_id) DO UPDATE SET guidance = excluded.guidance, items = excluded.items, "
                        "updated_at = excluded.updated_at",
                        stage.id, a.guidance ? a.guidance->v : std::string(), wire::dump(items), ctx.at(a.at))
                 .run());
  LOUDOU_ASSIGN_OR_RETURN(auto p, load_playbook(ctx.db, stage.id));
  return playbook_json(p);
}

Result<json> playbook_get(Context& ctx, const PlaybookGet& a) {
  std::string pipeline_id;
  LOUDOU_ASSIGN_OR_RETURN(auto stage, load_stage(ctx.db, a.stage_id.v, &pipeline_id));
  LOUDOU_ASSIGN_OR_RETURN(auto p, load_playbook(ctx.db, stage.id));
  return playbook_json(p);
}

Result<json> playbook_list(Context& ctx, const PlaybookList& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto pipeline, load_pipeline(ctx.db, a.pipeline_id.v, "pipeline_id"));
  json out = json::array();
  for (const auto& s : pipeline.stages) {
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_playbook(ctx.db, s.id));
    out.push_back(playbook_json(p));
  }
  return json{{"pipeline_id", pipeline.id}, {"playbooks", std::move(out)}};
}

Result<json> playbook_check(Context& ctx, const PlaybookCheck& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto deal, load_deal(ctx.db, a.deal_id.v, "deal_id"));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, load_stages(ctx.db, deal.pipeline_id));
  bool known = false;
  for (const auto& s : stages) {
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_playbook(ctx.db, s.id));
    for (const auto& i : p.items) known = known || i.id == a.item_id.v;
  }
  if (!known) return not_found("item_id", "no checklist item " + a.item_id.v + " in this deal's pipeline");
  if (a.done.value_or(true))
    LOUDOU_TRY(ctx.db
                   .query("INSERT INTO deal_checklist(deal_id, item_id, done_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                          deal.id, a.item_id.v, ctx.at(a.at))
                   .run());
  else
    LOUDOU_TRY(ctx.db.query("DELETE FROM deal_checklist WHERE deal_id = ? AND item_id = ?", deal.id, a.item_id.v).run());
  json checked = json::array();
  auto q = ctx.db.query("SELECT item_id, done_at FROM deal_checklist WHERE deal_id = ? ORDER BY done_at, item_id", deal.id);
  while (q.next()) checked.push_back({{"item_id", q.text(0)}, {"done_at", format_instant(q.int64(1))}});
  LOUDOU_TRY(q.status());
  return json{{"deal_id", deal.id}, {"checked", std::move(checked)}};
}

}  // namespace

Status register_playbook_ops(Registry& r) {
  LOUDOU_TRY(r.add("playbook.set", Access::write, &playbook_set));
  LOUDOU_TRY(r.add("playbook.get", Access::read, &playbook_get));
  LOUDOU_TRY(r.add("playbook.list", Access::read, &playbook_list));
  LOUDOU_TRY(r.add("playbook.check", Access::write, &playbook_check));
  return Status::Ok();
}

}  // namespace loudou
