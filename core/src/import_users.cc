// data.import format csv entity user: the sales team from a spreadsheet. A row matches a stored
// user by its external id column (import_key, or the user id itself), else by email, else by
// name, so importing the same sheet twice changes nothing the second time.
#include <map>

#include "import_columns.h"
#include "import_sheet.h"
#include "import_values.h"
#include "store.h"

namespace loudou::dataio {
namespace {

struct UserRow {
  int row = 0;
  std::string key, name;
  std::optional<std::string> email, team, existing;
  std::optional<bool> active;
  std::optional<int64_t> created;
};

}  // namespace

Result<json> import_users(Context& ctx, const ImportRequest& req) {
  LOUDOU_ASSIGN_OR_RETURN(
      Sheet sheet, read_sheet(
                       req, [](const std::string& h) { return import::guess_field("user", h, {}, {}); },
                       [](const std::string& f) {
                   return import::is_column("user", f) ? "" : "\"" + f + "\" is not a user field";
                 }));
  if (!sheet.column_of.count("name")) return invalid("mapping", "no column is mapped to the user's name (姓名 / name)");
  std::map<std::string, std::string> by_key, by_email, by_name, by_id;
  {
    auto q = ctx.db.query("SELECT id, name, email FROM user");
    while (q.next()) {
      by_id[q.text(0)] = q.text(0);
      by_name[import::normalize_header(q.text(1))] = q.text(0);
      if (!q.is_null(2)) by_email[import::normalize_header(q.text(2))] = q.text(0);
    }
    LOUDOU_TRY(q.status());
    auto k = ctx.db.query("SELECT k.key, k.record_id FROM import_key k JOIN user u ON u.id = k.record_id "
                          "WHERE k.entity = 'user'");
    while (k.next()) by_key[k.text(0)] = k.text(1);
    LOUDOU_TRY(k.status());
  }
  std::vector<RowError> errors;
  check_row_widths(sheet, errors);
  std::vector<UserRow> rows;
  std::map<std::string, int> seen;
  for (size_t i = 0; i < sheet.data_rows(); ++i) {
    UserRow r;
    r.row = sheet.row_number(i);
    auto read_text = [&](const char* field, auto w, std::optional<std::string>& out) {
      std::string v = sheet.cell(i, field);
      if (v.empty()) return;
      Status st = wire::read(json(v), w, field);
      if (st.ok()) out = w.v;
      else errors.push_back({r.row, field, st.message()});
    };
    std::optional<std::string> name;
    read_text("name", wire::Title{}, name);
    if (name) r.name = *name;
    else if (sheet.cell(i, "name").empty()) errors.push_back({r.row, "name", "the name is empty"});
    read_text("email", wire::Email{}, r.email);
    read_text("team", wire::Title{}, r.team);
    if (std::string v = sheet.cell(i, "active"); !v.empty()) {
      r.active = import::parse_flag(v);
      if (!r.active) errors.push_back({r.row, "active", "\"" + v + "\" is not yes/no (是/否)"});
    }
    if (std::string v = sheet.cell(i, "created_at"); !v.empty()) {
      auto p = import::parse_time(v);
      if (p.ok()) r.created = p.value;
      else errors.push_back({r.row, "created_at", "\"" + v + "\" " + p.error});
    }
    r.key = sheet.cell(i, "external_id");
    std::string dedupe = !r.key.empty() ? "id:" + r.key
                         : r.email ? "email:" + import::normalize_header(*r.email)
                                   : "name:" + import::normalize_header(r.name);
    if (auto [it, fresh] = seen.emplace(dedupe, r.row); !fresh)
      errors.push_back({r.row, "name", "the same user as row " + std::to_string(it->second)});
    if (!r.key.empty() && by_key.count(r.key)) r.existing = by_key[r.key];
    else if (!r.key.empty() && by_id.count(r.key)) r.existing = r.key;
    else if (r.email && by_email.count(import::normalize_header(*r.email))) r.existing = by_email[import::normalize_header(*r.email)];
    else if (by_name.count(import::normalize_header(r.name))) r.existing = by_name[import::normalize_header(r.name)];
    rows.push_back(std::move(r));
  }
  if (!errors.empty()) return row_errors(errors, "imported");

  Transaction sp(ctx.db);
  LOUDOU_TRY(sp.begin_status());
  int64_t imported = 0, updated = 0;
  for (auto& r : rows) {
    std::string id;
    if (r.existing) {
      id = *r.existing;
      LOUDOU_TRY(ctx.db.query("UPDATE user SET name = ?1, email = COALESCE(?2, email), team = COALESCE(?3, team), "
                              "active = COALESCE(?4, active), updated_at = ?5 WHERE id = ?6 AND (name IS NOT ?1 "
                              "OR email IS NOT COALESCE(?2, email) OR team IS NOT COALESCE(?3, team) OR "
                              "active IS NOT COALESCE(?4, active))",
                              r.name, r.email, r.team,
                              r.active ? std::optional<int64_t>(*r.active) : std::nullopt, ctx.now_ms, id)
                     .run());
      updated += ctx.db.changes() > 0;
    } else {
      id = ctx.new_id();
      int64_t at = r.created.value_or(ctx.now_ms);
      LOUDOU_TRY(ctx.db.query("INSERT INTO user(id, name, email, team, active, created_at, updated_at) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?)",
                              id, r.name, r.email, r.team, int64_t(r.active.value_or(true)), at, at)
                     .run());
      ++imported;
    }
    if (!r.key.empty())
      LOUDOU_TRY(remember_key(ctx.db, "user", r.key, id));
  }
  if (!req.dry_run) LOUDOU_TRY(sp.commit());
  return json{{"imported", imported}, {"updated", updated}, {"rows", int64_t(rows.size())},
              {"dry_run", req.dry_run}, {"errors", json::array()}};
}

}  // namespace loudou::dataio
