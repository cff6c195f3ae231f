// data.export / data.import / data.inspect: the command-API face of import, export and backup.
//
// data.export  {format: json}                        -> {format, text}: the full backup
//              {format: csv, entity, pipeline_id, lang (zh-CN | en, default zh-CN)}
// data.import  {format: json, text}                  -> restore a backup into an empty database
//              {format: csv, entity (deal | user | lead | activity), text, pipeline_id, mapping {header: field},
//               stage_map {value: stage id}, owner_map {value: user id}, key (external_id | title),
//               create_missing_owners, dry_run}      -> {imported, updated, unchanged, rows, errors: []}
// data.inspect {format: csv, entity, text, pipeline_id, mapping, preview_rows (default 20)}
// With any row error nothing is written: validation_failed carrying errors [{row, field, message}].
#include "data_io.h"

namespace loudou::dataio {

// The CSV or backup text: far larger than the 100,000-character limit of ordinary strings.
struct BigText {
  std::string v;
};
Status read(const json& j, BigText& out, const std::string& path) {
  if (!j.is_string()) return bad_request(path + " must be a string, not " + wire::type_name(j), path);
  out.v = j.get<std::string>();
  if (out.v.size() > (size_t(512) << 20)) return invalid(path, path + " is larger than 512 MB");
  return Status::Ok();
}

namespace {

struct DataExport {
  std::string format;
  std::optional<std::string> entity;
  std::optional<wire::Id> pipeline_id;
  std::optional<std::string> lang;
};
BOOST_DESCRIBE_STRUCT(DataExport, (), (format, entity, pipeline_id, lang))

struct DataImport {
  std::string format;
  std::optional<std::string> entity;
  std::optional<wire::Id> pipeline_id;
  BigText text;
  std::optional<json> mapping;
  std::optional<json> stage_map;
  std::optional<json> owner_map;
  std::optional<std::string> key;
  std::optional<bool> create_missing_owners;
  std::optional<bool> dry_run;
};
BOOST_DESCRIBE_STRUCT(DataImport, (),
                      (format, entity, pipeline_id, text, mapping, stage_map, owner_map, key,
                       create_missing_owners, dry_run))

struct DataInspect {
  std::optional<std::string> format;
  std::string entity;
  std::optional<wire::Id> pipeline_id;
  BigText text;
  std::optional<json> mapping;
  std::optional<int64_t> preview_rows;
};
BOOST_DESCRIBE_STRUCT(DataInspect, (), (format, entity, pipeline_id, text, mapping, preview_rows))

Result<json> data_export(Context& ctx, const DataExport& a) {
  if (a.format == "json") {
    if (a.entity || a.pipeline_id) return invalid("format", "the JSON backup always holds everything; leave out entity and pipeline_id");
    LOUDOU_ASSIGN_OR_RETURN(json backup, export_backup(ctx.db));
    return json{{"format", "json"}, {"text", wire::dump(backup)}};
  }
  if (a.format != "csv") return invalid("format", "format must be json or csv");
  if (!a.entity) return invalid("entity", "a CSV export needs an entity: deal, lead, activity or user");
  std::optional<std::string> pid;
  if (a.pipeline_id) pid = a.pipeline_id->v;
  LOUDOU_ASSIGN_OR_RETURN(std::string text, export_csv(ctx.db, *a.entity, pid, a.lang.value_or("zh-CN")));
  return json{{"format", "csv"}, {"entity", *a.entity}, {"text", std::move(text)}};
}

ImportRequest request_of(const std::string& entity, const std::optional<wire::Id>& pipeline_id, const BigText& text,
                         const std::optional<json>& mapping) {
  ImportRequest r;
  r.entity = entity;
  if (pipeline_id) r.pipeline_id = pipeline_id->v;
  r.text = &text.v;
  if (mapping) r.mapping = *mapping;
  return r;
}

Result<json> data_import(Context& ctx, const DataImport& a) {
  if (a.format == "json") {
    if (a.entity || a.pipeline_id || a.mapping || a.stage_map || a.owner_map || a.key)
      return invalid("format", "a JSON backup restores everything; only text (and dry_run) apply");
    json backup = json::parse(a.text.v, nullptr, false);
    if (backup.is_discarded()) return invalid("text", "the backup is not valid JSON (is the file complete?)");
    Transaction sp(ctx.db);
    LOUDOU_TRY(sp.begin_status());
    LOUDOU_ASSIGN_OR_RETURN(json out, restore_backup(ctx, backup));
    out["dry_run"] = a.dry_run.value_or(false);
    if (!a.dry_run.value_or(false)) LOUDOU_TRY(sp.commit());
    return out;
  }
  if (a.format != "csv") return invalid("format", "format must be json or csv");
  if (!a.entity) return invalid("entity", "a CSV import needs an entity: deal, user, lead or activity");
  ImportRequest r = request_of(*a.entity, a.pipeline_id, a.text, a.mapping);
  if (a.stage_map) r.stage_map = *a.stage_map;
  if (a.owner_map) r.owner_map = *a.owner_map;
  r.key = a.key;
  r.create_missing_owners = a.create_missing_owners.value_or(false);
  r.dry_run = a.dry_run.value_or(false);
  if (*a.entity == "deal") return import_deals(ctx, r);
  if (a.pipeline_id) return invalid("pipeline_id", "pipeline_id applies to deal imports only");
  if (*a.entity == "user") return import_users(ctx, r);
  if (*a.entity == "lead") return import_leads(ctx, r);
  if (*a.entity == "activity") return import_activities(ctx, r);
  return invalid("entity", "entity must be deal, user, lead or activity");
}

Result<json> data_inspect(Context& ctx, const DataInspect& a) {
  if (a.format && *a.format != "csv") return invalid("format", "only CSV text can be inspected");
  int64_t n = a.preview_rows.value_or(20);
  if (n < 0 || n > 1000) return invalid("preview_rows", "preview_rows must be between 0 and 1000");
  return inspect_csv(ctx, request_of(a.entity, a.pipeline_id, a.text, a.mapping), int(n));
}

}  // namespace
}  // namespace loudou::dataio

namespace loudou {

Status register_data_ops(Registry& r) {
  LOUDOU_TRY(r.add("data.export", Access::read, &dataio::data_export));
  LOUDOU_TRY(r.add("data.import", Access::write, &dataio::data_import));
  LOUDOU_TRY(r.add("data.inspect", Access::read, &dataio::data_inspect));
  return Status::Ok();
}

}  // namespace loudou
