#include "bulk_insert.h"

namespace loudou {
namespace {

// Statement sizes in rows: a full batch, and the pieces the last rows go in. Few sizes, so few
// statements stay in the connection's cache.
constexpr int kSizes[] = {BulkInsert::kBatchRows, 16, 4, 1};

}  // namespace

BulkInsert::BulkInsert(Db& db, std::string into, int columns, std::string suffix)
    : db_(db), into_(std::move(into)), suffix_(std::move(suffix)), columns_(columns), sql_(kBatchRows + 1) {
  cells_.reserve(size_t(kBatchRows) * size_t(columns));
}

void BulkInsert::put(std::string_view v) {
  cells_.push_back({Cell::text, int64_t(text_.size()), uint32_t(v.size())});
  text_.append(v);
}

Status BulkInsert::end_row(int values) {
  if (values != columns_) return Status(ErrorCode::internal, "bulk insert: a row of the wrong width for " + into_);
  ++rows_;
  if (cells_.size() < size_t(kBatchRows) * size_t(columns_)) return Status::Ok();
  return flush();
}

Status BulkInsert::flush() {
  size_t buffered = cells_.size() / size_t(columns_), done = 0;
  for (int size : kSizes)
    while (buffered - done >= size_t(size)) {
      LOUDOU_TRY(write(done, size));
      done += size_t(size);
    }
  cells_.clear();
  text_.clear();
  return Status::Ok();
}

const std::string& BulkInsert::sql_for(int n) {
  std::string& sql = sql_[size_t(n)];
  if (sql.empty()) {
    std::string one = "(?";
    for (int c = 1; c < columns_; ++c) one += ",?";
    one += ")";
    sql = into_ + " VALUES " + one;
    for (int r = 1; r < n; ++r) sql += "," + one;
    if (!suffix_.empty()) sql += " " + suffix_;
  }
  return sql;
}

Status BulkInsert::write(size_t first_row, int n) {
  Query q = db_.query(sql_for(n));
  const Cell* cell = cells_.data() + first_row * size_t(columns_);
  for (int i = 1, end = n * columns_; i <= end; ++i, ++cell) {
    switch (cell->kind) {
      case Cell::null: q.bind(i, nullptr); break;
      case Cell::integer: q.bind(i, cell->number); break;
      case Cell::text: q.bind(i, std::string_view(text_).substr(size_t(cell->number), cell->size)); break;
    }
  }
  return q.run();
}

}  // namespace loudou
