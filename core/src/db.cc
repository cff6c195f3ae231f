#include "db.h"

#include <sqlite3.h>

namespace loudou {

Query::Query(Db& db, sqlite3_stmt* stmt, bool owned) : db_(&db), stmt_(stmt), owned_(owned) {
  if (!stmt_) status_ = Status(ErrorCode::internal, std::string("bad SQL: ") + sqlite3_errmsg(db.db_));
}

Query::Query(Query&& o) noexcept
    : db_(o.db_), stmt_(o.stmt_), owned_(o.owned_), status_(std::move(o.status_)) {
  o.stmt_ = nullptr;
}

Query::~Query() {
  if (!stmt_) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Query& Query::bind(int i, std::nullptr_t) {
  if (stmt_) sqlite3_bind_null(stmt_, i);
  return *this;
}
Query& Query::bind(int i, int64_t v) {
  if (stmt_) sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Query& Query::bind(int i, double v) {
  if (stmt_) sqlite3_bind_double(stmt_, i, v);
  return *this;
}
Query& Query::bind(int i, std::string_view v) {
  if (stmt_) sqlite3_bind_text(stmt_, i, v.data(), int(v.size()), SQLITE_TRANSIENT);
  return *this;
}

bool Query::next() {
  if (!stmt_ || !status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = db_->error(rc, "query");
  return false;
}

Status Query::run() {
  while (next()) {
  }
  return status_;
}

bool Query::is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
int64_t Query::int64(int c) const { return sqlite3_column_int64(stmt_, c); }
double Query::real(int c) const { return sqlite3_column_double(stmt_, c); }
std::string Query::text(int c) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
  return p ? std::string(p, size_t(sqlite3_column_bytes(stmt_, c))) : std::string();
}
std::optional<std::string> Query::opt_text(int c) const {
  if (is_null(c)) return std::nullopt;
  return text(c);
}
std::optional<std::string_view> Query::opt_view(int c) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
  if (!p) return std::nullopt;
  return std::string_view(p, size_t(sqlite3_column_bytes(stmt_, c)));
}
std::optional<int64_t> Query::opt_int64(int c) const {
  if (is_null(c)) return std::nullopt;
  return int64(c);
}

Result<std::unique_ptr<Db>> Db::open(const std::string& path, const std::string& vfs) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           vfs.empty() ? nullptr : vfs.c_str());
  if (rc != SQLITE_OK) {
    std::string msg = raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    sqlite3_close(raw);
    return Status(ErrorCode::storage, "cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(raw, 1);
  std::unique_ptr<Db> db(new Db(raw));
  LOUDOU_TRY(db->exec("PRAGMA foreign_keys = ON"));
  return db;
}

Db::~Db() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Query Db::query(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) {
    if (!sqlite3_stmt_busy(it->second)) return Query(*this, it->second, false);
    // The cached statement is mid-iteration (a nested use of the same SQL): use a private one.
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db_, key.c_str(), int(key.size()), &s, nullptr);
    return Query(*this, s, true);
  }
  sqlite3_stmt* s = nullptr;
  if (sqlite3_prepare_v3(db_, key.c_str(), int(key.size()), SQLITE_PREPARE_PERSISTENT, &s,
                         nullptr) != SQLITE_OK)
    return Query(*this, nullptr, true);
  cache_.emplace(std::move(key), s);
  return Query(*this, s, false);
}

Status Db::exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  Status st = error(rc, "exec");
  return Status(st.code(), msg);
}

int64_t Db::changes() const { return sqlite3_changes64(db_); }
bool Db::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Status Db::error(int rc, std::string_view what) const {
  std::string msg = std::string(what) + ": " + sqlite3_errmsg(db_);
  switch (rc & 0xFF) {
    case SQLITE_CONSTRAINT: return Status(ErrorCode::conflict, msg);
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_NOMEM:
    case SQLITE_PROTOCOL: return Status(ErrorCode::storage, msg);
    default: return Status(ErrorCode::internal, msg);
  }
}

Transaction::Transaction(Db& db) : db_(db), nested_(db.in_transaction()) {
  static int counter = 0;
  if (nested_) {
    name_ = "sp" + std::to_string(++counter);
    begin_ = db_.exec("SAVEPOINT " + name_);
  } else {
    begin_ = db_.exec("BEGIN IMMEDIATE");
  }
  if (!begin_.ok()) done_ = true;
}

Transaction::~Transaction() {
  if (done_) return;
  if (nested_) {
    (void)db_.exec("ROLLBACK TO " + name_);
    (void)db_.exec("RELEASE " + name_);
  } else if (db_.in_transaction()) {
    (void)db_.exec("ROLLBACK");
  }
}

Status Transaction::commit() {
  if (done_) return begin_;
  Status st = db_.exec(nested_ ? "RELEASE " + name_ : std::string("COMMIT"));
  if (!st.ok()) return st;  // the destructor rolls back
  done_ = true;
  return st;
}

}  // namespace loudou
