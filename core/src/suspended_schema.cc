#include "suspended_schema.h"

namespace loudou::dataio {
namespace {

// Below this many rows the per-row index updates cost less than any rebuild.
constexpr int64_t kMinBulkRows = 2000;

}  // namespace

Status SuspendedSchema::drop_indexes_if_bulk(const std::string& table, int64_t adding) {
  if (adding < kMinBulkRows) return Status::Ok();
  {
    // Counting stops at `adding`: only "are there fewer?" matters. (Scoped: DROP INDEX fails
    // with "table is locked" while a statement reading the table is still open.)
    auto n = db_.query("SELECT COUNT(*) FROM (SELECT 1 FROM \"" + table + "\" LIMIT ?)", adding);
    if (!n.next()) return n.status().ok() ? Status::Ok() : n.status();
    if (n.int64(0) >= adding) return Status::Ok();
  }
  std::vector<std::pair<std::string, std::string>> found;
  {
    auto q = db_.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL "
                       "AND sql NOT LIKE 'CREATE UNIQUE%'",
                       table);
    while (q.next()) found.emplace_back(q.text(0), q.text(1));
    LOUDOU_TRY(q.status());
  }
  return drop("INDEX", std::move(found));
}

Result<bool> SuspendedSchema::drop_triggers(std::initializer_list<const char*> names) {
  std::vector<std::pair<std::string, std::string>> found;
  for (const char* name : names) {
    auto q = db_.query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", name);
    if (q.next()) found.emplace_back(q.text(0), q.text(1));
    LOUDOU_TRY(q.status());
  }
  if (found.size() != names.size()) return false;
  LOUDOU_TRY(drop("TRIGGER", std::move(found)));
  return true;
}

Status SuspendedSchema::drop(const char* type, std::vector<std::pair<std::string, std::string>> found) {
  for (auto& [name, sql] : found) {
    LOUDOU_TRY(db_.exec(std::string("DROP ") + type + " \"" + name + "\""));
    dropped_.emplace_back(std::move(name), std::move(sql));
  }
  return Status::Ok();
}

Status SuspendedSchema::restore() {
  for (auto& [name, sql] : dropped_) LOUDOU_TRY(db_.exec(sql));
  dropped_.clear();
  return Status::Ok();
}

}  // namespace loudou::dataio
