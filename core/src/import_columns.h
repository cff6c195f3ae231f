// The spreadsheet columns of each importable/exportable entity: the field a column fills, its
// header in each language (what data.export writes) and the other headers people use for it (what
// data.import recognises). One list serves both directions, so an exported file imports back with
// no mapping at all.
//
// Besides these fixed fields a deal column may map to
//   "stage_date:<stage name>"  the date the deal entered that stage (history import), headers
//                              "阶段日期:<name>" / "Stage date:<name>" (also "进入<name>日期"),
//   "field:<key>"              a custom field, header its label or key.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "loudou/domain.h"

namespace loudou::import {

struct Column {
  std::string field;
  std::string zh;
  std::string en;
  std::vector<std::string> aliases;
};

// The fixed columns of "deal", "user", "lead" and "activity" (none for anything else).
const std::vector<Column>& columns_of(std::string_view entity);
// Whether `field` is one of those columns.
bool is_column(std::string_view entity, std::string_view field);

// The header for `field` in `lang` ("zh-CN" or "en"); the field name itself when it has none.
std::string header_for(std::string_view entity, const std::string& field, std::string_view lang);

inline constexpr std::string_view kStageDatePrefix = "stage_date:";
inline constexpr std::string_view kCustomPrefix = "field:";

// The header of a stage-date column in `lang`.
std::string stage_date_header(const std::string& stage_name, std::string_view lang);

// The field a header most likely means for `entity`, or nullopt. Stage names and custom field
// labels/keys are matched for deals.
std::optional<std::string> guess_field(std::string_view entity, std::string_view header,
                                       const std::vector<Stage>& stages,
                                       const std::vector<FieldDef>& custom);

}  // namespace loudou::import
