// The part of a CSV import every entity shares: parse the text, read the header, decide which
// field each column fills (the caller's mapping first, else a guess from the header), and hand
// each data row's mapped cells to the entity's importer.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "csv.h"
#include "data_io.h"
#include "loudou/domain.h"

namespace loudou::dataio {

struct Sheet {
  csv::Table table;                               // rows[0] is the header
  std::vector<std::string> header;
  std::vector<std::string> field_of;              // per column: the field, "" when ignored
  std::map<std::string, int> column_of;           // field -> column
  size_t data_rows() const { return table.rows.size() - 1; }
  int row_number(size_t data_index) const { return table.row_number[data_index + 1]; }
  // The cleaned cell of `field` in data row `i`; empty when unmapped or blank.
  std::string cell(size_t i, const std::string& field) const;
  // For rows read in bulk: the column of `field` (-1 when unmapped) once, then each row's cleaned
  // cell as a view into the table (valid while the sheet lives), "" for -1 or a short row.
  int column(const std::string& field) const;
  std::string_view view(size_t i, int column) const;
  std::string header_of(const std::string& field) const;
};

// `guess(header)` proposes a field; `valid(field)` says whether a mapping target exists (an
// empty string from it is ok, otherwise it is the message). Mapping errors are validation_failed
// naming "mapping.<header>".
Result<Sheet> read_sheet(const ImportRequest& req,
                         const std::function<std::optional<std::string>(const std::string&)>& guess,
                         const std::function<std::string(const std::string&)>& valid);

// The pipeline deals are imported into: `id`, or the only one there is.
Result<Pipeline> import_pipeline(Db& db, const std::optional<std::string>& id);

// Row errors for rows with more or fewer cells than the header.
void check_row_widths(const Sheet& sheet, std::vector<RowError>& errors);

// The user a cell names: owner_map's choice, a user id, a user's name or email; a name nobody
// has becomes a new user when the request allows it (create_missing_owners).
class OwnerLookup {
 public:
  Status load(Db& db);
  // The user id; nullopt with `error` set when the cell names nobody (or several people), or
  // nullopt with `create` set to the name of a user to create.
  std::optional<std::string> find(const std::string& cell, const ImportRequest& req, std::string& error,
                                  std::optional<std::string>& create) const;
  // The id of the user created for `name` (created once, at the import's clock).
  Result<std::string> created(Context& ctx, const std::string& name, json& owners_created);

 private:
  std::map<std::string, std::vector<std::string>> by_name_;  // normalized name -> ids
  std::map<std::string, std::string> by_email_;
  std::set<std::string> ids_;
  std::map<std::string, std::string> created_;
};

// Runs one command-API op (lead.*, activity.*) inside the import's transaction, so imported
// records pass exactly the rules — validation, scoring, dedupe keys, assignment — that the op
// applies to a record typed in by hand.
Result<json> call_op(Context& ctx, const std::string& op, const json& args);

// The id remembered for `key` of `entity` by an earlier import (import_key), if its record exists.
std::optional<std::string> imported_id(Db& db, const std::string& entity, const std::string& table,
                                       const std::string& key);

// Remembers that `key` of `entity` became `record_id`, so a re-import finds it (imported_id).
// kRememberKey is its statement without the VALUES, for writers that remember keys in bulk.
inline constexpr const char* kRememberKey = "INSERT OR REPLACE INTO import_key(entity, key, record_id)";
Status remember_key(Db& db, const std::string& entity, const std::string& key, const std::string& record_id);

// While alive, a page cache large enough to hold a whole import until its commit (SQLite's
// default would spill dirty pages to the file, in the browser the IndexedDB-backed pages).
class BulkWrite {
 public:
  explicit BulkWrite(Db& db);
  ~BulkWrite();
  BulkWrite(const BulkWrite&) = delete;
  BulkWrite& operator=(const BulkWrite&) = delete;

 private:
  Db& db_;
  int64_t cache_size_ = -16384;
};

}  // namespace loudou::dataio
