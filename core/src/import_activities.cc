// data.import format csv entity activity: follow-ups (跟进) from a spreadsheet, each attached to
// a deal or a lead. The `deal` / `lead` cell names the record by the external id it was imported
// with, its id, or its title (deal) / name or company (lead); a name several records share is a
// row error asking for an id. Every row goes through activity.create, so it is validated and a
// lead's status moves on exactly as when a person logs the call.
//
// Re-import does not duplicate: a row is the stored activity its external id names (import_key),
// or its id (an export of ours), or, without one, a stored activity with the same record, type, subject, notes and dates.
#include <map>

#include "activity_store.h"
#include "import_columns.h"
#include "import_sheet.h"
#include "import_values.h"
#include "instant.h"
#include "store.h"

namespace loudou::dataio {
namespace {

std::optional<std::string> activity_type(const std::string& cell) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> words = {
      {"call", {"电话", "打电话", "致电", "通话", "来电", "phonecall"}},
      {"email", {"邮件", "电子邮件", "发邮件", "e-mail", "mail"}},
      {"meeting", {"会面", "拜访", "见面", "会议", "面谈", "visit"}},
      {"task", {"任务", "待办", "todo"}},
      {"note", {"备注", "笔记", "记录"}},
  };
  std::string n = import::normalize_header(cell);
  for (auto& [code, list] : words) {
    if (n == code) return code;
    for (auto& w : list)
      if (n == import::normalize_header(w)) return code;
  }
  return std::nullopt;
}

// The id of the deal or lead a cell names, or a message.
struct Parent {
  std::optional<std::string> id;
  std::string error;
};

Parent find_parent(Db& db, const std::string& table, const std::string& cell) {
  if (auto id = imported_id(db, table, table, cell)) return {id, ""};
  if (is_valid_id(cell) && exists(db, table.c_str(), cell)) return {cell, ""};
  std::vector<std::string> ids;
  auto q = table == "deal" ? db.query("SELECT id FROM deal WHERE title = ? LIMIT 2", cell)
                           : db.query("SELECT id FROM lead WHERE name = ?1 OR company = ?1 LIMIT 2", cell);
  while (q.next()) ids.push_back(q.text(0));
  if (!q.status().ok()) return {std::nullopt, q.status().message()};
  if (ids.size() == 1) return {ids[0], ""};
  std::string what = table == "deal" ? "deal" : "lead";
  if (ids.empty()) return {std::nullopt, "no " + what + " is named \"" + cell + "\" (import the " + what + "s first)"};
  return {std::nullopt, "several " + what + "s are named \"" + cell + "\"; use the " + what + "'s id instead"};
}

struct ActivityRow {
  int row = 0;
  std::string key;
  std::optional<std::string> existing, create_owner;
  json args = json::object();
};

std::string column_of_arg(const std::string& field) {
  if (field == "owner_id") return "owner";
  if (field == "deal_id") return "deal";
  if (field == "lead_id") return "lead";
  if (field == "at") return "created_at";
  return field;
}

// A stored activity with the row's record, type, texts and dates: the same follow-up imported before.
std::optional<std::string> same_activity(Db& db, const json& a) {
  auto text = [&](const char* k) { return a.contains(k) ? std::optional<std::string>(a[k].get<std::string>()) : std::nullopt; };
  auto time = [&](const char* k) {
    return a.contains(k) ? parse_instant(a[k].get<std::string>()).value_or(-1) : std::optional<int64_t>();
  };
  auto q = db.query("SELECT id FROM activity WHERE deal_id IS ? AND lead_id IS ? AND type = ? AND subject IS ? "
                    "AND notes IS ? AND outcome IS ? AND due_at IS ? AND done_at IS ? LIMIT 1",
                    text("deal_id"), text("lead_id"), a["type"].get<std::string>(), text("subject"), text("notes"),
                    text("outcome"), time("due_at"), time("done_at"));
  if (q.next()) return q.text(0);
  return std::nullopt;
}

}  // namespace

Result<json> import_activities(Context& ctx, const ImportRequest& req) {
  LOUDOU_ASSIGN_OR_RETURN(
      Sheet sheet,
      read_sheet(req, [](const std::string& h) { return import::guess_field("activity", h, {}, {}); },
                 [](const std::string& f) {
                   return import::is_column("activity", f) ? "" : "\"" + f + "\" is not an activity field";
                 }));
  if (!sheet.column_of.count("type")) return invalid("mapping", "no column is mapped to the activity type (类型 / type)");
  if (!sheet.column_of.count("deal") && !sheet.column_of.count("lead"))
    return invalid("mapping", "no column is mapped to the deal or lead the activity belongs to (商机 / 线索)");
  if (!req.owner_map.is_object()) return bad_request("owner_map must be an object {value: user id}", "owner_map");
  OwnerLookup owners;
  LOUDOU_TRY(owners.load(ctx.db));

  std::vector<RowError> errors;
  check_row_widths(sheet, errors);
  std::vector<ActivityRow> rows;
  std::map<std::string, int> seen_keys;
  for (size_t i = 0; i < sheet.data_rows(); ++i) {
    ActivityRow r;
    r.row = sheet.row_number(i);
    auto error = [&](const std::string& field, const std::string& message) { errors.push_back({r.row, field, message}); };
    if (auto v = sheet.cell(i, "type"); v.empty()) error("type", "the type is empty (电话, 邮件, 会面, 任务 or 备注)");
    else if (auto t = activity_type(v)) r.args["type"] = *t;
    else error("type", "\"" + v + "\" is not a type (电话, 邮件, 会面, 任务, 备注 or call, email, meeting, task, note)");
    for (const char* f : {"deal", "lead"})
      if (auto v = sheet.cell(i, f); !v.empty()) {
        Parent p = find_parent(ctx.db, f, v);
        if (p.id) r.args[std::string(f) + "_id"] = *p.id;
        else error(f, p.error);
      }
    if (!r.args.contains("deal_id") && !r.args.contains("lead_id") && sheet.cell(i, "deal").empty() &&
        sheet.cell(i, "lead").empty())
      error(sheet.column_of.count("deal") ? "deal" : "lead", "the row names no deal or lead");
    for (const char* f : {"subject", "outcome", "notes"})
      if (auto v = sheet.cell(i, f); !v.empty()) r.args[f] = v;
    for (const char* f : {"due_at", "done_at", "created_at"})
      if (auto v = sheet.cell(i, f); !v.empty()) {
        auto p = import::parse_time(v);
        if (!p.ok()) error(f, "\"" + v + "\" " + p.error);
        else r.args[std::string(f) == "created_at" ? "at" : f] = format_instant(*p.value);
      }
    if (auto v = sheet.cell(i, "owner"); !v.empty()) {
      std::string why;
      if (auto id = owners.find(v, req, why, r.create_owner)) r.args["owner_id"] = *id;
      else if (!r.create_owner) error("owner", why);
    }
    r.key = sheet.cell(i, "external_id");
    if (!r.key.empty()) {
      if (auto [it, fresh] = seen_keys.emplace(r.key, r.row); !fresh)
        error("external_id", "\"" + r.key + "\" is also on row " + std::to_string(it->second));
      r.existing = imported_id(ctx.db, "activity", "activity", r.key);
      if (!r.existing && is_valid_id(r.key) && exists(ctx.db, "activity", r.key)) r.existing = r.key;  // our export
    }
    if (!r.existing && r.args.contains("type")) r.existing = same_activity(ctx.db, r.args);
    rows.push_back(std::move(r));
  }
  if (!errors.empty()) return row_errors(errors, "imported");

  Transaction sp(ctx.db);  // dry run: everything is written, then rolled back
  LOUDOU_TRY(sp.begin_status());
  BulkWrite bulk(ctx.db);
  int64_t imported = 0, updated = 0, unchanged = 0;
  json owners_created = json::array();
  for (auto& r : rows) {
    auto fail = [&](const Status& st) { errors.push_back({r.row, column_of_arg(st.field()), st.message()}); };
    if (r.create_owner) {
      LOUDOU_ASSIGN_OR_RETURN(r.args["owner_id"], owners.created(ctx, *r.create_owner, owners_created));
    }
    std::string id;
    if (!r.existing) {
      auto made = call_op(ctx, "activity.create", r.args);
      if (!made.ok()) { fail(made.status()); continue; }
      id = made.value()["id"].get<std::string>();
      ++imported;
    } else {
      // The stored follow-up takes the row's texts, dates and owner; its record stays.
      id = *r.existing;
      json args = r.args;
      for (const char* k : {"deal_id", "lead_id", "at"}) args.erase(k);
      args["id"] = id;
      bool changed = false;
      {
        Transaction one(ctx.db);
        LOUDOU_TRY(one.begin_status());
        LOUDOU_ASSIGN_OR_RETURN(Activity old, load_activity(ctx.db, id));
        auto after = call_op(ctx, "activity.update", args);
        if (!after.ok()) { fail(after.status()); continue; }
        json x = after.value(), y = wire::write(old);
        x.erase("updated_at");
        y.erase("updated_at");
        changed = x != y;
        if (changed) LOUDOU_TRY(one.commit());
      }
      ++(changed ? updated : unchanged);
    }
    if (!r.key.empty())
      LOUDOU_TRY(remember_key(ctx.db, "activity", r.key, id));
  }
  if (!errors.empty()) return row_errors(errors, "imported");
  if (!req.dry_run) LOUDOU_TRY(sp.commit());
  return json{{"imported", imported}, {"updated", updated}, {"unchanged", unchanged},
              {"rows", int64_t(rows.size())}, {"owners_created", owners_created}, {"dry_run", req.dry_run},
              {"errors", json::array()}};
}

}  // namespace loudou::dataio
