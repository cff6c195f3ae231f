// Reading records back from SQLite into the domain types. Writes live with the ops that make
// them (pipeline_ops.cc, deal_ops.cc, ...), each inside that op's transaction.
#pragma once

#include <string>
#include <vector>

#include "db.h"
#include "loudou/domain.h"

namespace loudou {

// `field` names the request field that carried the id, for the not_found error.
Result<Pipeline> load_pipeline(Db& db, const std::string& id, const std::string& field = "id");
Result<std::vector<Pipeline>> load_pipelines(Db& db);
// The active stages of a pipeline, in position order.
Result<std::vector<Stage>> load_stages(Db& db, const std::string& pipeline_id);
// A stage by id, active or removed (history names removed ones); `pipeline_id` is set from it.
Result<Stage> load_stage(Db& db, const std::string& id, std::string* pipeline_id,
                         const std::string& field = "stage_id");
Result<Deal> load_deal(Db& db, const std::string& id, const std::string& field = "id");
// The columns deal_from_row() reads, in its order: "SELECT " + kDealColumns + " FROM deal ...".
extern const char* const kDealColumns;
Deal deal_from_row(const Query& q);
Result<std::vector<StageEvent>> load_stage_events(Db& db, const std::string& deal_id);
Result<User> load_user(Db& db, const std::string& id, const std::string& field = "id");
Result<std::vector<FieldDef>> load_field_defs(Db& db, const std::string& entity);

// Ok when a record with that id exists in `table`; else not_found naming `field`.
Status require_exists(Db& db, const char* table, const std::string& id, const std::string& field,
                      const char* what);
bool exists(Db& db, const char* table, const std::string& id);

nlohmann::json parse_json_column(const std::string& text, nlohmann::json fallback);
std::vector<std::string> parse_string_list(const std::string& text);
std::string to_json_text(const std::vector<std::string>& list);

}  // namespace loudou
