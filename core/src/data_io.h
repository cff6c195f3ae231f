// data.import / data.export: the pieces behind the two ops (data_ops.cc registers them).
//
//   backup.cc         the JSON backup: every table, read generically from SQLite, and its restore
//   export_csv.cc     CSV of deals, users, leads, activities in the user's language
//   import_deals.cc   CSV rows -> deals with backdated stage history
//   import_users.cc   CSV rows -> users
//   import_leads.cc   CSV rows -> leads (through lead.create / lead.update)
//   import_activities.cc  CSV rows -> follow-ups on deals and leads (through activity.create)
//
// Imports validate every row before writing anything; row problems come back together as one
// validation_failed error carrying `errors: [{row, field, message}]` (see row_errors()).
#pragma once

#include <string>
#include <vector>

#include "registry.h"

namespace loudou::dataio {

// The latest backup format this build writes and reads.
inline constexpr int kBackupFormat = 1;

// The full backup as JSON: {loudou_backup, version, schema_version, tables: {name: {columns, rows}}}.
// Every table of the database is included except SQLite's own, schema_migrations and tables that
// triggers fill (stage_visit: rebuilt from stage_event on restore); rows in insertion order.
Result<json> export_backup(Db& db);

// Restores a backup into a database with no data (only `setting` rows may exist; the backup's
// replace them). Validates the shape first, inserts in foreign-key order, checks references, then
// re-reads what it wrote and compares it with the backup. Any failure leaves the database as it was.
Result<json> restore_backup(Context& ctx, const json& backup);

// What an import was asked to do; `text` is the CSV after the page decoded it.
struct ImportRequest {
  std::string entity;                      // deal, user, lead, activity
  std::optional<std::string> pipeline_id;  // deals: default the only pipeline
  const std::string* text = nullptr;
  json mapping = json::object();           // {column header: field | ""}; unmapped columns are guessed
  json stage_map = json::object();         // {cell value: stage id or stage name}
  json owner_map = json::object();         // {cell value: user id}
  std::optional<std::string> key;          // the field matching rows to existing records
  bool create_missing_owners = false;
  bool dry_run = false;
};

// One problem in one row. `row` is the spreadsheet row number (the header is row 1).
struct RowError {
  int row = 0;
  std::string field;
  std::string message;
};

// validation_failed with `errors` (the first 1,000) and `error_count`.
Status row_errors(const std::vector<RowError>& errors, const std::string& what);

Result<json> import_deals(Context& ctx, const ImportRequest& req);
Result<json> import_users(Context& ctx, const ImportRequest& req);
Result<json> import_leads(Context& ctx, const ImportRequest& req);
Result<json> import_activities(Context& ctx, const ImportRequest& req);
// Headers, the guessed mapping, the first rows and the distinct stage and owner values with the
// ids they would map to: what the import wizard shows before the first dry run.
Result<json> inspect_csv(Context& ctx, const ImportRequest& req, int preview_rows);

// CSV text (UTF-8 with BOM, CRLF) of `entity` in `lang` ("zh-CN" or "en").
Result<std::string> export_csv(Db& db, const std::string& entity,
                               const std::optional<std::string>& pipeline_id, const std::string& lang);

}  // namespace loudou::dataio
