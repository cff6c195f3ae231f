// Custom field values (the `fields` object of deals and leads), checked against the definitions
// made with field.define, and the stage entry requirements that may name them.
#pragma once

#include <string>
#include <vector>

#include "db.h"
#include "loudou/domain.h"

namespace loudou {

// The deal fields a stage may require besides custom ones.
const std::vector<std::string>& builtin_deal_fields();

// Checks `values` (an object key -> value) against the definitions for `entity` and merges them
// into `current`: a null value removes the key. Errors name "fields.<key>".
Status merge_custom_fields(Db& db, const std::string& entity, const nlohmann::json& values,
                           nlohmann::json& current);

// Checks that each name is a builtin deal field or a defined deal custom field.
Status check_required_field_names(Db& db, const std::vector<std::string>& names,
                                  const std::string& path);

// The fields `stage` requires (its required_fields plus custom fields required in it) that are
// empty on `deal`. An amount of 0 counts as empty.
Result<std::vector<std::string>> missing_for_stage(Db& db, const Deal& deal, const Stage& stage);

// A stage_requirements error for entering `stage` without `missing`.
Status stage_requirements_error(const Stage& stage, std::vector<std::string> missing);

}  // namespace loudou
