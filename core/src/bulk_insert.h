// Many rows into one table through multi-row INSERT ... VALUES statements, for bulk imports.
//
// One statement per row costs, besides the statement's own start-up, whatever SQLite does once per
// execution: a CHECK with an IN list of three or more constants builds an ephemeral table (the deal
// table's status check), and a statement that may abort inside a transaction copies the pages it
// first touches into its statement journal. Sixty-four rows per execution pay that once per 64
// rows. Values are kept (strings copied) until the batch is written, so callers may pass views of
// temporaries. Nothing is reordered: rows go in in the order they were added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db.h"

namespace loudou {

class BulkInsert {
 public:
  // `into` is "INSERT INTO t(a, b, c)" naming `columns` columns; `suffix` follows the VALUES list
  // (an upsert clause, say). Rows go in when a batch is full, on flush(), and never on destruction:
  // a caller that stops early (an error) leaves its unwritten rows unwritten.
  BulkInsert(Db& db, std::string into, int columns, std::string suffix = "");

  // Appends one row; `values` (integers, strings, string views, nullptr, optionals of those) fill
  // the columns in order. Writes a full batch.
  template <typename... A>
  Status row(const A&... values) {
    static_assert(sizeof...(A) > 0);
    (put(values), ...);
    return end_row(int(sizeof...(A)));
  }
  // Writes the rows not yet written.
  Status flush();
  // Rows added so far.
  int64_t rows() const { return rows_; }

  static constexpr int kBatchRows = 64;

 private:
  struct Cell {
    enum Kind : uint8_t { null, integer, text } kind;
    int64_t number;  // integer value, or the text's offset in text_
    uint32_t size;   // the text's length
  };
  void put(std::nullptr_t) { cells_.push_back({Cell::null, 0, 0}); }
  void put(int64_t v) { cells_.push_back({Cell::integer, v, 0}); }
  void put(int v) { put(int64_t(v)); }
  void put(std::string_view v);
  void put(const std::string& v) { put(std::string_view(v)); }
  void put(const char* v) { put(std::string_view(v)); }
  template <typename T>
  void put(const std::optional<T>& v) {
    if (v) put(*v);
    else put(nullptr);
  }
  Status end_row(int values);
  // Writes the first `n` buffered rows with one statement.
  Status write(size_t first_row, int n);
  const std::string& sql_for(int n);

  Db& db_;
  std::string into_, suffix_;
  int columns_;
  std::vector<Cell> cells_;
  std::string text_;
  std::vector<std::string> sql_;  // by row count: the statement text, built on first use
  int64_t rows_ = 0;
};

}  // namespace loudou
