#include "import_sheet.h"

#include "import_values.h"
#include "store.h"

namespace loudou::dataio {

std::string Sheet::cell(size_t i, const std::string& field) const { return std::string(view(i, column(field))); }

int Sheet::column(const std::string& field) const {
  auto it = column_of.find(field);
  return it == column_of.end() ? -1 : it->second;
}

std::string_view Sheet::view(size_t i, int c) const {
  const auto& row = table.rows[i + 1];
  if (c < 0 || size_t(c) >= row.size()) return {};
  return import::clean_view(row[size_t(c)]);
}

std::string Sheet::header_of(const std::string& field) const {
  auto it = column_of.find(field);
  return it == column_of.end() ? field : header[size_t(it->second)];
}

Result<Sheet> read_sheet(const ImportRequest& req,
                         const std::function<std::optional<std::string>(const std::string&)>& guess,
                         const std::function<std::string(const std::string&)>& valid) {
  Sheet s;
  LOUDOU_ASSIGN_OR_RETURN(s.table, csv::parse(*req.text));
  if (s.table.rows.empty()) return invalid("text", "the file is empty: it needs a header row and data rows");
  for (auto& h : s.table.rows[0]) s.header.push_back(import::clean_cell(h));
  if (!req.mapping.is_object()) return bad_request("mapping must be an object {column: field}", "mapping");
  for (auto it = req.mapping.begin(); it != req.mapping.end(); ++it) {
    if (!it.value().is_string())
      return bad_request("mapping." + it.key() + " must be a field name or \"\"", "mapping." + it.key());
    if (std::find(s.header.begin(), s.header.end(), import::clean_cell(it.key())) == s.header.end())
      return invalid("mapping." + it.key(), "the file has no column headed \"" + it.key() + "\"");
  }
  for (size_t c = 0; c < s.header.size(); ++c) {
    const std::string& h = s.header[c];
    std::string field;
    bool explicit_map = false;
    for (auto it = req.mapping.begin(); it != req.mapping.end(); ++it)
      if (import::clean_cell(it.key()) == h) {
        field = it.value().get<std::string>();
        explicit_map = true;
      }
    if (!explicit_map) field = guess(h).value_or("");
    if (!field.empty()) {
      std::string why = valid(field);
      if (!why.empty()) return invalid("mapping." + h, "column \"" + h + "\": " + why);
      if (s.column_of.count(field)) {
        if (!explicit_map) field.clear();  // a second column guessed as the same field is left out
        else
          return invalid("mapping." + h, "columns \"" + s.header[size_t(s.column_of[field])] + "\" and \"" + h +
                                             "\" both map to " + field);
      }
    }
    if (!field.empty()) s.column_of[field] = int(c);
    s.field_of.push_back(field);
  }
  return s;
}

Status OwnerLookup::load(Db& db) {
  auto q = db.query("SELECT id, name, email FROM user");
  while (q.next()) {
    ids_.insert(q.text(0));
    by_name_[import::normalize_header(q.text(1))].push_back(q.text(0));
    if (!q.is_null(2)) by_email_[import::normalize_header(q.text(2))] = q.text(0);
  }
  return q.status();
}

std::optional<std::string> OwnerLookup::find(const std::string& v, const ImportRequest& req, std::string& error,
                                             std::optional<std::string>& create) const {
  if (req.owner_map.is_object() && req.owner_map.contains(v)) {
    const json& id = req.owner_map[v];
    if (id.is_string() && ids_.count(id.get<std::string>())) return id.get<std::string>();
    error = "owner_map maps \"" + v + "\" to no existing user";
    return std::nullopt;
  }
  if (ids_.count(v)) return v;
  std::string n = import::normalize_header(v);
  if (auto it = by_name_.find(n); it != by_name_.end()) {
    if (it->second.size() == 1) return it->second.front();
    error = "several users are named \"" + v + "\"; choose one in the owner mapping";
    return std::nullopt;
  }
  if (auto it = by_email_.find(n); it != by_email_.end()) return it->second;
  if (!req.create_missing_owners) {
    error = "no user is named \"" + v + "\"; map it to a user or let the import create it";
    return std::nullopt;
  }
  wire::Title title;
  Status st = wire::read(json(v), title, "owner");
  if (st.ok()) create = v;
  else error = st.message();
  return std::nullopt;
}

Result<std::string> OwnerLookup::created(Context& ctx, const std::string& name, json& owners_created) {
  if (auto it = created_.find(name); it != created_.end()) return it->second;
  std::string id = ctx.new_id();
  LOUDOU_TRY(ctx.db.query("INSERT INTO user(id, name, created_at, updated_at) VALUES (?, ?, ?, ?)", id, name,
                          ctx.now_ms, ctx.now_ms).run());
  owners_created.push_back({{"id", id}, {"name", name}});
  return created_[name] = id;
}

Result<json> call_op(Context& ctx, const std::string& op, const json& args) {
  static const Registry ops = [] {
    Registry r;
    (void)register_lead_ops(r);
    (void)register_activity_ops(r);
    return r;
  }();
  const Registry::Op* found = ops.find(op);
  if (!found) return Status(ErrorCode::internal, "import: no op " + op);
  return found->handler(ctx, args);
}

std::optional<std::string> imported_id(Db& db, const std::string& entity, const std::string& table,
                                       const std::string& key) {
  auto q = db.query("SELECT record_id FROM import_key WHERE entity = ? AND key = ?", entity, key);
  if (q.next() && exists(db, table.c_str(), q.text(0))) return q.text(0);
  return std::nullopt;
}

Status remember_key(Db& db, const std::string& entity, const std::string& key, const std::string& record_id) {
  return db.query(std::string(kRememberKey) + " VALUES (?, ?, ?)", entity, key, record_id).run();
}

BulkWrite::BulkWrite(Db& db) : db_(db) {
  {
    auto q = db_.query("PRAGMA cache_size");
    if (q.next()) cache_size_ = q.int64(0);
  }
  (void)db_.exec("PRAGMA cache_size = -262144");  // 256 MB at most; pages are only taken as needed
}

BulkWrite::~BulkWrite() { (void)db_.exec("PRAGMA cache_size = " + std::to_string(cache_size_)); }

void check_row_widths(const Sheet& sheet, std::vector<RowError>& errors) {
  const size_t width = sheet.header.size();
  for (size_t i = 0; i < sheet.data_rows(); ++i) {
    const auto& row = sheet.table.rows[i + 1];
    if (row.size() == width) continue;
    errors.push_back({sheet.row_number(i), "",
                      "this row has " + std::to_string(row.size()) + " cells but the header has " +
                          std::to_string(width) + " (a missing or extra comma or quote?)"});
  }
}

Status row_errors(const std::vector<RowError>& errors, const std::string& what) {
  json list = json::array();
  for (size_t i = 0; i < errors.size() && i < 1000; ++i)
    list.push_back({{"row", errors[i].row}, {"field", errors[i].field}, {"message", errors[i].message}});
  std::string message = std::to_string(errors.size()) + (errors.size() == 1 ? " problem" : " problems") +
                        " in the file (first: row " + std::to_string(errors.front().row) + ": " +
                        errors.front().message + "); nothing was " + what;
  Status st = invalid("text", message);
  st.with_details(wire::dump(json{{"errors", std::move(list)}, {"error_count", errors.size()}}));
  return st;
}

}  // namespace loudou::dataio
