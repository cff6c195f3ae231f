#include "playbook.h"

#include "instant.h"
#include "store.h"

namespace loudou {

Result<Playbook> load_playbook(Db& db, const std::string& stage_id) {
  Playbook p;
  p.stage_id = stage_id;
  auto q = db.query("SELECT guidance, items FROM playbook WHERE stage_id = ?", stage_id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return p;
  }
  p.guidance = q.text(0);
  auto items = parse_json_column(q.text(1), nlohmann::json::array());
  for (const auto& it : items)
    if (it.is_object() && it.contains("id") && it.contains("text"))
      p.items.push_back({it["id"].get<std::string>(), it["text"].get<std::string>(), it.value("required", false)});
  return p;
}

Status check_playbook_exit(Db& db, const Deal& deal, const Stage& target) {
  std::string pipeline_id;
  LOUDOU_ASSIGN_OR_RETURN(auto current, load_stage(db, deal.stage_id, &pipeline_id));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, load_stages(db, deal.pipeline_id));
  std::vector<std::string> missing;
  std::string names;
  for (const auto& s : stages) {
    if (s.position < current.position || s.position >= target.position) continue;
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_playbook(db, s.id));
    for (const auto& item : p.items) {
      if (!item.required) continue;
      auto q = db.query("SELECT 1 FROM deal_checklist WHERE deal_id = ? AND item_id = ?", deal.id, item.id);
      if (q.next()) continue;
      LOUDOU_TRY(q.status());
      missing.push_back("checklist." + item.id);
      names += (names.empty() ? "" : "; ") + s.name + ": " + item.text;
    }
  }
  if (missing.empty()) return Status::Ok();
  Status st(ErrorCode::stage_requirements,
            "before moving to " + target.name + ", complete the required checklist items (" + names + ")",
            "stage_id");
  st.with_fields(std::move(missing));
  return st;
}

Result<nlohmann::json> deal_playbook_json(Db& db, const Deal& deal) {
  LOUDOU_ASSIGN_OR_RETURN(auto p, load_playbook(db, deal.stage_id));
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : p.items) {
    auto q = db.query("SELECT done_at FROM deal_checklist WHERE deal_id = ? AND item_id = ?", deal.id, item.id);
    bool done = q.next();
    LOUDOU_TRY(q.status());
    items.push_back({{"id", item.id},
                     {"text", item.text},
                     {"required", item.required},
                     {"done", done},
                     {"done_at", done ? nlohmann::json(format_instant(q.int64(0))) : nlohmann::json(nullptr)}});
  }
  return nlohmann::json{{"stage_id", p.stage_id}, {"guidance", p.guidance}, {"items", std::move(items)}};
}

}  // namespace loudou
