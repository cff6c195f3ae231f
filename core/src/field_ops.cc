// field.define / update / list / delete: custom fields (自定义字段) on deals and leads.
#include <algorithm>
#include <set>

#include "common_args.h"
#include "custom_fields.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct FieldDefine {
  std::optional<wire::Id> id;
  std::string entity;
  std::string key;
  wire::Title label;
  std::string type;
  std::optional<std::vector<std::string>> options;
  std::optional<std::vector<wire::Id>> required_in_stages;
  std::optional<int> position;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(FieldDefine, (),
                      (id, entity, key, label, type, options, required_in_stages, position, at))

struct FieldUpdate {
  wire::Id id;
  std::optional<wire::Title> label;
  std::optional<std::vector<std::string>> options;
  std::optional<std::vector<wire::Id>> required_in_stages;
  std::optional<int> position;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(FieldUpdate, (), (id, label, options, required_in_stages, position, at))

struct FieldDelete {
  wire::Id id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(FieldDelete, (), (id, at))

struct FieldList {
  std::optional<std::string> entity;
};
BOOST_DESCRIBE_STRUCT(FieldList, (), (entity))

const std::vector<std::string> kTypes = {"text", "number", "money", "date", "choice", "multi_choice"};

bool is_choice(const std::string& type) { return type == "choice" || type == "multi_choice"; }

Status check_entity(const std::string& e, const std::string& path) {
  if (e != "deal" && e != "lead") return invalid(path, path + " must be deal or lead");
  return Status::Ok();
}

Status check_options(const std::string& type, const std::vector<std::string>& options) {
  if (is_choice(type) && options.empty())
    return invalid("options", "a choice field needs at least one option");
  if (!is_choice(type) && !options.empty())
    return invalid("options", "only choice fields have options");
  std::set<std::string> seen;
  for (size_t i = 0; i < options.size(); ++i) {
    if (options[i].empty()) return invalid(wire::index("options", i), "an option must not be empty");
    if (!seen.insert(options[i]).second)
      return invalid(wire::index("options", i), "option \"" + options[i] + "\" appears twice");
  }
  return Status::Ok();
}

Result<std::vector<std::string>> check_stages(Db& db, const std::vector<wire::Id>& ids) {
  std::vector<std::string> out;
  for (size_t i = 0; i < ids.size(); ++i) {
    LOUDOU_TRY(require_exists(db, "stage", ids[i].v, wire::index("required_in_stages", i), "stage"));
    out.push_back(ids[i].v);
  }
  return out;
}

Result<FieldDef> load_def(Db& db, const std::string& id) {
  auto q = db.query("SELECT entity FROM field_def WHERE id = ?", id);
  if (!q.next()) {
    LOUDOU_TRY(q.status());
    return not_found("id", "no custom field with id " + id);
  }
  std::string entity = q.text(0);
  LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(db, entity));
  for (auto& d : defs)
    if (d.id == id) return d;
  return Status(ErrorCode::internal, "field definition vanished");
}

Result<json> field_define(Context& ctx, const FieldDefine& a) {
  LOUDOU_TRY(check_entity(a.entity, "entity"));
  bool key_ok = !a.key.empty() && a.key.size() <= 40 && a.key[0] >= 'a' && a.key[0] <= 'z' &&
                a.key.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  if (!key_ok)
    return invalid("key", "key must start with a letter and use only a-z, 0-9 and _ (at most 40)");
  if (a.entity == "deal" &&
      (std::count(builtin_deal_fields().begin(), builtin_deal_fields().end(), a.key) ||
       a.key == "title" || a.key == "id" || a.key == "status" || a.key == "stage_id"))
    return invalid("key", "\"" + a.key + "\" is a built-in deal field");
  if (std::find(kTypes.begin(), kTypes.end(), a.type) == kTypes.end())
    return invalid("type", "type must be one of text, number, money, date, choice, multi_choice");
  auto options = a.options.value_or(std::vector<std::string>{});
  LOUDOU_TRY(check_options(a.type, options));
  LOUDOU_ASSIGN_OR_RETURN(auto stages, check_stages(ctx.db, a.required_in_stages.value_or(std::vector<wire::Id>{})));
  {
    auto q = ctx.db.query("SELECT 1 FROM field_def WHERE entity = ? AND key = ?", a.entity, a.key);
    if (q.next()) return conflict("a " + a.entity + " field with key " + a.key + " already exists", "key");
  }
  std::string id = a.id ? a.id->v : ctx.new_id();
  if (a.id && exists(ctx.db, "field_def", id)) return conflict("a field with id " + id + " already exists", "id");
  int position = a.position.value_or(0);
  if (!a.position) {
    auto q = ctx.db.query("SELECT COALESCE(MAX(position), 0) + 1 FROM field_def WHERE entity = ?", a.entity);
    if (q.next()) position = int(q.int64(0));
  }
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO field_def(id, entity, key, label, type, options, "
                        "required_in_stages, position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, a.entity, a.key, a.label.v, a.type, to_json_text(options),
                        to_json_text(stages), position, ctx.at(a.at))
                 .run());
  LOUDOU_ASSIGN_OR_RETURN(auto def, load_def(ctx.db, id));
  return wire::write(def);
}

Result<json> field_update(Context& ctx, const FieldUpdate& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto def, load_def(ctx.db, a.id.v));
  if (a.label) def.label = a.label->v;
  if (a.options) {
    LOUDOU_TRY(check_options(def.type, *a.options));
    def.options = *a.options;
  }
  if (a.required_in_stages) {
    LOUDOU_ASSIGN_OR_RETURN(def.required_in_stages, check_stages(ctx.db, *a.required_in_stages));
  }
  if (a.position) def.position = *a.position;
  LOUDOU_TRY(ctx.db
                 .query("UPDATE field_def SET label = ?, options = ?, required_in_stages = ?, "
                        "position = ? WHERE id = ?",
                        def.label, to_json_text(def.options), to_json_text(def.required_in_stages),
                        def.position, def.id)
                 .run());
  return wire::write(def);
}

Result<json> field_list(Context& ctx, const FieldList& a) {
  json items = json::array();
  for (const char* entity : {"deal", "lead"}) {
    if (a.entity) {
      LOUDOU_TRY(check_entity(*a.entity, "entity"));
      if (*a.entity != entity) continue;
    }
    LOUDOU_ASSIGN_OR_RETURN(auto defs, load_field_defs(ctx.db, entity));
    for (auto& d : defs) items.push_back(wire::write(d));
  }
  int64_t n = int64_t(items.size());
  return json{{"items", std::move(items)}, {"total", n}, {"next_cursor", nullptr}};
}

// Removes the value of custom field `key` from every row of `table`. In C++ rather than with SQL's
// json_remove: the small wasm modules leave SQLite's JSON functions out (wasm/CMakeLists.txt).
// Keys are a-z, 0-9 and _, so the LIKE prefilter is a superset (`_` matches any character).
Status remove_field_values(Db& db, const std::string& table, const std::string& key) {
  auto q = db.query("SELECT id, fields FROM " + table + " WHERE fields LIKE ?", "%\"" + key + "\"%");
  std::vector<std::pair<std::string, std::string>> changes;
  while (q.next()) {
    json fields = parse_json_column(q.text(1), json::object());
    if (fields.is_object() && fields.erase(key)) changes.emplace_back(q.text(0), fields.dump());
  }
  LOUDOU_TRY(q.status());
  for (auto& [id, text] : changes)
    LOUDOU_TRY(db.query("UPDATE " + table + " SET fields = ? WHERE id = ?", text, id).run());
  return {};
}

// Deleting a definition also removes its values from every record, in the same transaction,
// and drops it from the stages that required it.
Result<json> field_delete(Context& ctx, const FieldDelete& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto def, load_def(ctx.db, a.id.v));
  if (def.entity == "deal")
    LOUDOU_TRY(remove_field_values(ctx.db, "deal", def.key));
  else {
    // The lead table arrives with the leads migration; before it there is nothing to clean.
    auto q = ctx.db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lead'");
    if (q.next()) LOUDOU_TRY(remove_field_values(ctx.db, "lead", def.key));
  }
  if (def.entity == "deal") {
    auto q = ctx.db.query("SELECT id, required_fields FROM stage WHERE required_fields LIKE ?",
                          "%\"" + def.key + "\"%");
    std::vector<std::pair<std::string, std::vector<std::string>>> changes;
    while (q.next()) {
      auto list = parse_string_list(q.text(1));
      list.erase(std::remove(list.begin(), list.end(), def.key), list.end());
      changes.emplace_back(q.text(0), std::move(list));
    }
    LOUDOU_TRY(q.status());
    for (auto& [id, list] : changes)
      LOUDOU_TRY(ctx.db.query("UPDATE stage SET required_fields = ? WHERE id = ?", to_json_text(list), id).run());
  }
  LOUDOU_TRY(ctx.db.query("DELETE FROM field_def WHERE id = ?", a.id.v).run());
  return json{{"id", a.id.v}, {"deleted", true}};
}

}  // namespace

Status register_field_ops(Registry& r) {
  LOUDOU_TRY(r.add("field.define", Access::write, &field_define));
  LOUDOU_TRY(r.add("field.update", Access::write, &field_update));
  LOUDOU_TRY(r.add("field.list", Access::read, &field_list));
  LOUDOU_TRY(r.add("field.delete", Access::write, &field_delete));
  return Status::Ok();
}

}  // namespace loudou
