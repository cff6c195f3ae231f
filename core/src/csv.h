// CSV as RFC 4180 defines it, read and written inside the core (the worker), so the page only
// decodes bytes to text. Reading is lenient where Excel is (LF, CR or CRLF line ends, a leading
// UTF-8 BOM, a last line without a line end) and strict where data would be lost or guessed
// (a quote inside an unquoted cell, an unterminated quote, invalid UTF-8, NUL bytes): those are
// coded errors naming the row, never a crash. Nothing here throws.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "loudou/status.h"

namespace loudou::csv {

using Row = std::vector<std::string>;

struct Table {
  std::vector<Row> rows;  // header first when the file has one; blank records are dropped
  // Per row, its 1-based record number counting blank records too: the row number Excel shows
  // for a sheet it saved (a cell's line breaks do not add rows).
  std::vector<int> row_number;
};

struct Limits {
  size_t max_cell_bytes = 8u << 20;  // a cell larger than this is refused (a 1 MB cell is fine)
  size_t max_rows = 2'000'000;
  size_t max_columns = 2'000;
};

// Parses `text` (UTF-8, optionally starting with a BOM). Errors are validation_failed on field
// "text" with a message naming the line.
Result<Table> parse(std::string_view text, const Limits& limits = {});

// Appends one record with CRLF. Cells that hold a comma, quote, CR or LF, or start or end with a
// space, are quoted with inner quotes doubled. When `guard_formulas` is set, a cell Excel would
// run as a formula (starting with = + - @ and not a plain number) gets a leading apostrophe.
void write_row(std::string& out, const Row& cells, bool guard_formulas = true);

// The UTF-8 byte order mark Excel needs to read a CSV as UTF-8.
inline constexpr std::string_view kBom = "\xEF\xBB\xBF";

// The position of the first invalid UTF-8 sequence in `s`, or npos when it is all valid.
size_t invalid_utf8_at(std::string_view s);

}  // namespace loudou::csv
