// The part of a CSV import every entity shares: parse the text, read the header, decide which
// field each column fills (the caller's mapping first, else a guess from the header), and hand
// each data row's mapped cells to the entity's importer.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
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

}  // namespace loudou::dataio
