// A thin SQLite wrapper: one connection, a cache of prepared statements, queries whose failures
// are Status values, and transactions that nest (SAVEPOINTs inside one BEGIN IMMEDIATE).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "loudou/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace loudou {

class Db;

// One execution of a prepared statement. Bind with bind()/the constructor, then step with next().
// The statement is reset (and returned to the cache) when the Query dies.
class Query {
 public:
  Query(Db& db, sqlite3_stmt* stmt, bool owned);
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  ~Query();

  Query& bind(int index, std::nullptr_t);
  Query& bind(int index, int64_t v);
  Query& bind(int index, int v) { return bind(index, int64_t(v)); }
  Query& bind(int index, double v);
  Query& bind(int index, std::string_view v);
  Query& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
  Query& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
  template <typename T>
  Query& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind(index, nullptr);
  }
  template <typename... A>
  Query& bind_all(const A&... args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }

  // Steps once: true when a row is ready, false when done or failed (then status() says why).
  bool next();
  // Runs to completion (for writes).
  Status run();
  const Status& status() const { return status_; }

  bool is_null(int col) const;
  int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> opt_text(int col) const;
  // The text of the current row without a copy: valid until the next next() or reset.
  std::optional<std::string_view> opt_view(int col) const;
  std::optional<int64_t> opt_int64(int col) const;

 private:
  Db* db_;
  sqlite3_stmt* stmt_;
  bool owned_;
  Status status_;
};

class Db {
 public:
  // Opens the file with the named VFS (empty: SQLite's default).
  static Result<std::unique_ptr<Db>> open(const std::string& path, const std::string& vfs);
  ~Db();

  // A query over a cached prepared statement. An invalid SQL text is a bug: the Query's status
  // reports it as `internal`.
  Query query(std::string_view sql);
  template <typename... A>
  Query query(std::string_view sql, const A&... args) {
    Query q = query(sql);
    q.bind_all(args...);
    return q;
  }
  // Runs one or more statements with no parameters.
  Status exec(const std::string& sql);
  // Number of rows the last write changed.
  int64_t changes() const;
  bool in_transaction() const;
  sqlite3* raw() { return db_; }

  // Maps a SQLite result code to a Status (constraint -> conflict, I/O and full -> storage).
  Status error(int rc, std::string_view what) const;

 private:
  explicit Db(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  friend class Query;
};

// A transaction scope. The outermost one is BEGIN IMMEDIATE ... COMMIT; nested ones are
// SAVEPOINTs, so an op inside a batch rolls back alone or with the batch. Rolls back unless
// commit() succeeded.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  const Status& begin_status() const { return begin_; }
  Status commit();

 private:
  Db& db_;
  bool nested_;
  bool done_ = false;
  std::string name_;
  Status begin_;
};

}  // namespace loudou
