// data.inspect: what the import wizard shows before anything is imported — the columns with the
// field each is mapped to (given or guessed), the first rows, and for deals the distinct stage
// and owner values with the stage/user each would map to, so a person can fix the mapping first.
#include <map>
#include <set>

#include "import_columns.h"
#include "import_sheet.h"
#include "import_values.h"
#include "store.h"

namespace loudou::dataio {

Result<json> inspect_csv(Context& ctx, const ImportRequest& req, int preview_rows) {
  std::vector<Stage> stages;
  std::vector<FieldDef> defs;
  std::optional<Pipeline> pipeline;
  if (req.entity == "deal") {
    LOUDOU_ASSIGN_OR_RETURN(pipeline, import_pipeline(ctx.db, req.pipeline_id));
    stages = pipeline->stages;
    LOUDOU_ASSIGN_OR_RETURN(defs, load_field_defs(ctx.db, "deal"));
  } else if (req.entity != "user" && req.entity != "lead" && req.entity != "activity") {
    return invalid("entity", "CSV import takes deal, user, lead or activity records");
  }
  LOUDOU_ASSIGN_OR_RETURN(
      Sheet sheet, read_sheet(
                       req, [&](const std::string& h) { return import::guess_field(req.entity, h, stages, defs); },
                       [](const std::string&) { return std::string(); }));
  json columns = json::array();
  for (size_t c = 0; c < sheet.header.size(); ++c)
    columns.push_back({{"header", sheet.header[c]}, {"field", sheet.field_of[c]}});
  json rows = json::array();
  for (size_t i = 0; i < sheet.data_rows() && int(i) < preview_rows; ++i)
    rows.push_back({{"row", sheet.row_number(i)}, {"cells", sheet.table.rows[i + 1]}});
  // The fields a column may map to, with the headers export uses for them.
  json targets = json::array();
  for (auto& c : import::columns_of(req.entity))
    targets.push_back({{"field", c.field}, {"zh", c.zh}, {"en", c.en}});
  for (auto& s : stages)
    targets.push_back({{"field", std::string(import::kStageDatePrefix) + s.name},
                       {"zh", import::stage_date_header(s.name, "zh-CN")},
                       {"en", import::stage_date_header(s.name, "en")}});
  for (auto& d : defs)
    targets.push_back({{"field", std::string(import::kCustomPrefix) + d.key}, {"zh", d.label}, {"en", d.label}});
  json out = {{"columns", columns}, {"rows", rows}, {"row_count", sheet.data_rows()}, {"targets", targets}};
  if (req.entity == "user") return out;

  if (pipeline) out["pipeline_id"] = pipeline->id;
  std::map<std::string, int64_t> stage_values, owner_values;
  for (size_t i = 0; i < sheet.data_rows(); ++i) {
    if (auto v = sheet.cell(i, "stage"); !v.empty()) ++stage_values[v];
    if (auto v = sheet.cell(i, "owner"); !v.empty()) ++owner_values[v];
  }
  json stage_list = json::array();
  for (auto& [value, count] : stage_values) {
    json item = {{"value", value}, {"rows", count}, {"stage_id", nullptr}, {"outcome", nullptr}};
    for (auto& s : stages)
      if (import::normalize_header(s.name) == import::normalize_header(value)) item["stage_id"] = s.id;
    if (item["stage_id"].is_null())
      if (auto o = import::parse_outcome(value); o && *o != "open") item["outcome"] = *o;
    stage_list.push_back(item);
  }
  std::map<std::string, std::vector<std::string>> users;
  {
    auto q = ctx.db.query("SELECT id, name, email FROM user");
    while (q.next()) {
      users[import::normalize_header(q.text(1))].push_back(q.text(0));
      if (!q.is_null(2)) users[import::normalize_header(q.text(2))].push_back(q.text(0));
    }
    LOUDOU_TRY(q.status());
  }
  json owner_list = json::array();
  for (auto& [value, count] : owner_values) {
    auto it = users.find(import::normalize_header(value));
    bool one = it != users.end() && it->second.size() == 1;
    owner_list.push_back({{"value", value}, {"rows", count}, {"user_id", one ? json(it->second[0]) : json(nullptr)},
                          {"ambiguous", it != users.end() && it->second.size() > 1}});
  }
  if (pipeline) out["stages"] = stage_list;
  out["owners"] = owner_list;
  return out;
}

}  // namespace loudou::dataio
