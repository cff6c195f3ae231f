// The JSON backup and its restore. Tables and columns are read from SQLite itself, so a table a
// later migration adds is backed up and restored with no change here; only tables filled by
// triggers are left out (they are rebuilt by the same triggers when the rows they derive from are
// restored). Rows are written in rowid order so that a restore replays inserts in the order they
// first happened, which keeps trigger-maintained values (stage slots, reached masks) identical.
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>

#include "data_io.h"
#include "loudou/version.h"
#include "schema.h"

namespace loudou::dataio {
namespace {

// A statement on the raw connection: the backup needs column types, which Query hides.
class Stmt {
 public:
  Stmt(Db& db, const std::string& sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db.raw(), sql.c_str(), int(sql.size()), &s_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(s_); }
  Status status() const { return rc_ == SQLITE_OK ? Status::Ok() : db_.error(rc_, "backup"); }
  int step() { return rc_ = sqlite3_step(s_); }
  sqlite3_stmt* get() { return s_; }
  std::string text(int i) {
    auto p = reinterpret_cast<const char*>(sqlite3_column_text(s_, i));
    return p ? std::string(p, size_t(sqlite3_column_bytes(s_, i))) : std::string();
  }

 private:
  Db& db_;
  sqlite3_stmt* s_ = nullptr;
  int rc_;
};

// A string literal naming a table (pragma functions take names as values).
std::string sql_text(const std::string& name) {
  std::string out = "'";
  for (char c : name) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string sql_name(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string lower_spaced(const std::string& sql) {
  std::string out;
  for (char c : sql) {
    char l = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    if (l == '\n' || l == '\t' || l == '\r') l = ' ';
    if (l == ' ' && !out.empty() && out.back() == ' ') continue;
    out.push_back(l);
  }
  return out;
}

struct TableInfo {
  std::string name;
  std::vector<std::string> columns;
  bool rowid = true;
  std::set<std::string> parents;  // tables its foreign keys point at
};

// The tables a backup holds, parents before children (foreign keys), then by name.
Result<std::vector<TableInfo>> backup_tables(Db& db) {
  std::set<std::string> derived = {"stage_visit"};
  {
    Stmt t(db, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'");
    LOUDOU_TRY(t.status());
    while (t.step() == SQLITE_ROW) {
      // A table some trigger inserts into holds derived rows.
      std::string body = lower_spaced(t.text(1));
      for (size_t p = body.find("insert "); p != std::string::npos; p = body.find("insert ", p + 1)) {
        size_t into = p + 7;
        if (body.compare(into, 3, "or ") == 0) into = body.find(' ', into + 3) + 1;  // INSERT OR x INTO
        if (body.compare(into, 5, "into ") != 0) continue;  // "AFTER INSERT ON t"
        size_t start = into + 5, end = body.find_first_of(" (", start);
        std::string name = body.substr(start, end - start);
        name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
        derived.insert(name);
      }
    }
  }
  std::vector<TableInfo> tables;
  Stmt list(db, "SELECT name, type, wr FROM pragma_table_list WHERE schema = 'main' ORDER BY name");
  LOUDOU_TRY(list.status());
  while (list.step() == SQLITE_ROW) {
    std::string name = list.text(0), type = list.text(1);
    if (type != "table" || name.rfind("sqlite_", 0) == 0 || name == "schema_migrations") continue;
    std::string lname = name;
    std::transform(lname.begin(), lname.end(), lname.begin(), ::tolower);
    if (derived.count(lname)) continue;
    TableInfo info{name, {}, sqlite3_column_int(list.get(), 2) == 0, {}};
    tables.push_back(info);
  }
  for (auto& t : tables) {
    Stmt cols(db, "SELECT name FROM pragma_table_info(" + sql_text(t.name) + ") ORDER BY cid");
    LOUDOU_TRY(cols.status());
    while (cols.step() == SQLITE_ROW) t.columns.push_back(cols.text(0));
    Stmt fks(db, "SELECT \"table\" FROM pragma_foreign_key_list(" + sql_text(t.name) + ")");
    LOUDOU_TRY(fks.status());
    while (fks.step() == SQLITE_ROW)
      if (fks.text(0) != t.name) t.parents.insert(fks.text(0));
  }
  // Kahn's order; a cycle (none today) falls back to name order, which deferred keys tolerate.
  std::vector<TableInfo> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    bool progress = false;
    for (auto& t : tables) {
      if (placed.count(t.name)) continue;
      bool ready = std::all_of(t.parents.begin(), t.parents.end(), [&](const std::string& p) {
        return placed.count(p) || std::none_of(tables.begin(), tables.end(), [&](auto& x) { return x.name == p; });
      });
      if (!ready) continue;
      ordered.push_back(t);
      placed.insert(t.name);
      progress = true;
    }
    if (!progress)
      for (auto& t : tables)
        if (!placed.count(t.name)) { ordered.push_back(t); placed.insert(t.name); }
  }
  return ordered;
}

const char kHex[] = "0123456789abcdef";

json cell_json(sqlite3_stmt* s, int i) {
  switch (sqlite3_column_type(s, i)) {
    case SQLITE_INTEGER: return json(int64_t(sqlite3_column_int64(s, i)));
    case SQLITE_FLOAT: return json(sqlite3_column_double(s, i));
    case SQLITE_NULL: return json(nullptr);
    case SQLITE_BLOB: {
      auto p = static_cast<const unsigned char*>(sqlite3_column_blob(s, i));
      std::string hex;
      for (int k = 0; k < sqlite3_column_bytes(s, i); ++k) hex += {kHex[p[k] >> 4], kHex[p[k] & 15]};
      return json{{"$blob", hex}};
    }
    default: {
      auto p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
      return json(std::string(p, size_t(sqlite3_column_bytes(s, i))));
    }
  }
}

Result<json> table_rows(Db& db, const TableInfo& t, const std::vector<std::string>& columns) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + sql_name(columns[i]);
  sql += " FROM " + sql_name(t.name);
  if (t.rowid) sql += " ORDER BY rowid";
  else sql += " ORDER BY 1";
  Stmt q(db, sql);
  LOUDOU_TRY(q.status());
  json rows = json::array();
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    json row = json::array();
    for (int i = 0; i < int(columns.size()); ++i) row.push_back(cell_json(q.get(), i));
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return db.error(rc, "reading " + t.name);
  return rows;
}

Status bind_cell(sqlite3_stmt* s, int i, const json& v, const std::string& path) {
  int rc;
  if (v.is_null()) rc = sqlite3_bind_null(s, i);
  else if (v.is_number_integer()) rc = sqlite3_bind_int64(s, i, v.get<int64_t>());
  else if (v.is_number_float()) rc = sqlite3_bind_double(s, i, v.get<double>());
  else if (v.is_string()) {
    const auto& str = v.get_ref<const std::string&>();
    rc = sqlite3_bind_text(s, i, str.data(), int(str.size()), SQLITE_TRANSIENT);
  } else if (v.is_object() && v.size() == 1 && v.contains("$blob") && v["$blob"].is_string()) {
    std::string hex = v["$blob"].get<std::string>(), bytes;
    auto nib = [](char c) { return c >= 'a' ? c - 'a' + 10 : c - '0'; };
    if (hex.size() % 2 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
      return invalid(path, path + " is not a hex blob");
    for (size_t k = 0; k < hex.size(); k += 2) bytes.push_back(char(nib(hex[k]) * 16 + nib(hex[k + 1])));
    rc = sqlite3_bind_blob(s, i, bytes.data(), int(bytes.size()), SQLITE_TRANSIENT);
  } else {
    return invalid(path, path + " must be a number, text, null or {\"$blob\": hex}");
  }
  return rc == SQLITE_OK ? Status::Ok() : invalid(path, path + " could not be read");
}

std::string first_sentence(const std::string& s) { return s.substr(0, s.find('\n')); }

}  // namespace

Result<json> export_backup(Db& db) {
  LOUDOU_ASSIGN_OR_RETURN(int version, schema_version_of(db));
  LOUDOU_ASSIGN_OR_RETURN(auto tables, backup_tables(db));
  json out = {{"loudou_backup", kBackupFormat}, {"version", kVersion}, {"schema_version", version}};
  json all = json::object();
  for (auto& t : tables) {
    LOUDOU_ASSIGN_OR_RETURN(json rows, table_rows(db, t, t.columns));
    all[t.name] = {{"columns", t.columns}, {"rows", std::move(rows)}};
  }
  out["tables"] = std::move(all);
  return out;
}

Result<json> restore_backup(Context& ctx, const json& b) {
  Db& db = ctx.db;
  if (!b.is_object() || !b.contains("loudou_backup"))
    return invalid("text", "this is not a Loudou backup (no \"loudou_backup\" marker)");
  if (!b["loudou_backup"].is_number_integer() || b["loudou_backup"].get<int64_t>() > kBackupFormat)
    return invalid("loudou_backup", "this backup uses a newer backup format; update Loudou to restore it");
  if (!b.contains("schema_version") || !b["schema_version"].is_number_integer())
    return invalid("schema_version", "the backup does not say its schema_version");
  LOUDOU_ASSIGN_OR_RETURN(int mine, schema_version_of(db));
  int64_t theirs = b["schema_version"].get<int64_t>();
  if (theirs > mine)
    return invalid("schema_version", "this backup was made by a newer Loudou (schema " +
                                         std::to_string(theirs) + "); this version reads up to schema " +
                                         std::to_string(mine) + ". Update Loudou, then restore it.");
  if (!b.contains("tables") || !b["tables"].is_object())
    return invalid("tables", "the backup has no tables");
  LOUDOU_ASSIGN_OR_RETURN(auto tables, backup_tables(db));
  std::map<std::string, const TableInfo*> known;
  for (auto& t : tables) known[t.name] = &t;

  // 1. Shape: known tables and columns, rows as long as the column list, cells of SQL types.
  const json& given = b["tables"];
  for (auto it = given.begin(); it != given.end(); ++it) {
    std::string path = "tables." + it.key();
    auto k = known.find(it.key());
    if (k == known.end()) return invalid(path, "the backup holds a table \"" + it.key() + "\" this version does not know");
    const json& t = it.value();
    if (!t.is_object() || !t.contains("columns") || !t["columns"].is_array() || !t.contains("rows") || !t["rows"].is_array())
      return invalid(path, path + " must be {columns: [...], rows: [[...]]}");
    std::set<std::string> seen;
    for (auto& c : t["columns"]) {
      if (!c.is_string() || !seen.insert(c.get<std::string>()).second)
        return invalid(path + ".columns", "column names must be distinct texts");
      auto& cols = k->second->columns;
      if (std::find(cols.begin(), cols.end(), c.get<std::string>()) == cols.end())
        return invalid(path + ".columns", "table " + it.key() + " has no column \"" + c.get<std::string>() + "\"");
    }
    const size_t width = t["columns"].size();
    const json& rows = t["rows"];
    for (size_t r = 0; r < rows.size(); ++r)
      if (!rows[r].is_array() || rows[r].size() != width)
        return invalid(path + ".rows[" + std::to_string(r) + "]",
                       "row " + std::to_string(r) + " of " + it.key() + " does not have " + std::to_string(width) + " cells");
  }

  // 2. Only into an empty database: nothing is merged or overwritten.
  for (auto& t : tables) {
    if (t.name == "setting") continue;
    Stmt q(db, "SELECT EXISTS (SELECT 1 FROM " + sql_name(t.name) + ")");
    LOUDOU_TRY(q.status());
    if (q.step() == SQLITE_ROW && sqlite3_column_int(q.get(), 0))
      return conflict("restore needs an empty database, and this one already holds " + t.name +
                          " records; restore into a new database or erase this one first",
                      "text");
  }

  // 3. Insert, parents first; references are checked once everything is in.
  LOUDOU_TRY(db.exec("PRAGMA defer_foreign_keys = ON"));
  LOUDOU_TRY(db.exec("DELETE FROM setting"));
  json counts = json::object();
  for (auto& t : tables) {
    if (!given.contains(t.name)) continue;
    const json& tj = given[t.name];
    std::vector<std::string> cols = tj["columns"].get<std::vector<std::string>>();
    counts[t.name] = tj["rows"].size();
    if (cols.empty() || tj["rows"].empty()) continue;
    std::string sql = "INSERT INTO " + sql_name(t.name) + "(";
    for (size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + sql_name(cols[i]);
    sql += ") VALUES (";
    for (size_t i = 0; i < cols.size(); ++i) sql += i ? ", ?" : "?";
    sql += ")";
    Stmt ins(db, sql);
    LOUDOU_TRY(ins.status());
    const json& rows = tj["rows"];
    for (size_t r = 0; r < rows.size(); ++r) {
      std::string path = "tables." + t.name + ".rows[" + std::to_string(r) + "]";
      sqlite3_reset(ins.get());
      for (size_t i = 0; i < cols.size(); ++i)
        LOUDOU_TRY(bind_cell(ins.get(), int(i) + 1, rows[r][i], path + "[" + std::to_string(i) + "]"));
      int rc = ins.step();
      if (rc != SQLITE_DONE)
        return invalid(path, t.name + " row " + std::to_string(r) + " was refused: " +
                                 first_sentence(sqlite3_errmsg(db.raw())));
    }
  }
  {
    Stmt fk(db, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check");
    LOUDOU_TRY(fk.status());
    if (fk.step() == SQLITE_ROW)
      return invalid("tables." + fk.text(0), "a " + fk.text(0) + " record (rowid " + fk.text(1) +
                                                 ") refers to a " + fk.text(2) + " record the backup does not hold");
  }

  // 4. Read back: what is stored now must be what the backup says, cell for cell.
  for (auto& t : tables) {
    if (!given.contains(t.name)) continue;
    const json& tj = given[t.name];
    auto cols = tj["columns"].get<std::vector<std::string>>();
    if (cols.empty()) continue;
    LOUDOU_ASSIGN_OR_RETURN(json rows, table_rows(db, t, cols));
    if (rows != tj["rows"]) {
      size_t r = 0;
      while (r < rows.size() && r < tj["rows"].size() && rows[r] == tj["rows"][r]) ++r;
      return invalid("tables." + t.name + ".rows[" + std::to_string(r) + "]",
                     t.name + " row " + std::to_string(r) + " does not read back as the backup has it "
                     "(a value this version recomputes differs); nothing was restored");
    }
  }
  return json{{"restored", counts}, {"schema_version", theirs}};
}

}  // namespace loudou::dataio
