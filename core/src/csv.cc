#include "csv.h"

#include <algorithm>

namespace loudou::csv {
namespace {

int line_at(std::string_view text, size_t pos) {
  int line = 1;
  for (size_t i = 0; i < pos && i < text.size(); ++i)
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) ++line;
  return line;
}

Status fail(std::string_view text, size_t pos, const std::string& what) {
  return invalid("text", "line " + std::to_string(line_at(text, pos)) + ": " + what);
}

bool blank_row(const Row& r) {
  return std::all_of(r.begin(), r.end(), [](const std::string& c) { return c.empty(); });
}

bool plain_number(const std::string& s) {
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i >= s.size()) return false;
  bool dot = false, digit = false;
  for (; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9') digit = true;
    else if (s[i] == '.' && !dot) dot = true;
    else return false;
  }
  return digit;
}

}  // namespace

size_t invalid_utf8_at(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) { ++i; continue; }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return i;
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are invalid UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return i;
    i += len;
  }
  return std::string_view::npos;
}

Result<Table> parse(std::string_view text, const Limits& limits) {
  if (text.size() >= 4 && text.substr(0, 4) == std::string_view("PK\x03\x04", 4))
    return invalid("text", "this is an Excel (.xlsx) or zip file, not CSV text; open it as XLSX or "
                           "save it as CSV first");
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  if (auto nul = text.find('\0'); nul != std::string_view::npos)
    return fail(text, nul, "the file holds a NUL byte: it looks like a binary file, not CSV text");
  if (auto bad = invalid_utf8_at(text); bad != std::string_view::npos)
    return fail(text, bad, "the text is not valid UTF-8 (decode GBK/GB18030 files before import)");

  Table t;
  Row row;
  std::string cell;
  size_t i = 0, n = text.size(), row_start = 0;
  bool at_cell_start = true;
  auto end_cell = [&]() -> Status {
    if (row.size() >= limits.max_columns)
      return fail(text, row_start, "more than " + std::to_string(limits.max_columns) + " columns");
    row.push_back(std::move(cell));
    cell.clear();
    at_cell_start = true;
    return Status::Ok();
  };
  int records = 0;
  auto finish_row = [&]() -> Status {
    LOUDOU_TRY(end_cell());
    ++records;
    if (!blank_row(row)) {
      if (t.rows.size() >= limits.max_rows)
        return fail(text, row_start, "more than " + std::to_string(limits.max_rows) + " rows");
      size_t width = row.size();
      t.rows.push_back(std::move(row));
      t.row_number.push_back(records);
      row = Row();
      row.reserve(width);  // the next record is most likely as wide: one allocation, not five
    }
    row.clear();
    return Status::Ok();
  };

  while (i < n) {
    char c = text[i];
    if (at_cell_start && c == '"') {
      size_t open = i++;
      bool closed = false;
      while (i < n) {
        size_t q = text.find('"', i);
        if (q == std::string_view::npos) break;
        cell.append(text.substr(i, q - i));
        if (q + 1 < n && text[q + 1] == '"') {
          cell.push_back('"');
          i = q + 2;
          continue;
        }
        i = q + 1;
        closed = true;
        break;
      }
      if (!closed) return fail(text, open, "a quoted cell is never closed (a \" is missing)");
      if (cell.size() > limits.max_cell_bytes)
        return fail(text, open, "a cell is larger than " + std::to_string(limits.max_cell_bytes >> 20) + " MB");
      if (i < n && text[i] != ',' && text[i] != '\r' && text[i] != '\n')
        return fail(text, i, "unexpected text after a closing quote (write \"\" for a quote inside a quoted cell)");
      at_cell_start = false;
      continue;
    }
    if (c == ',') {
      LOUDOU_TRY(end_cell());
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      LOUDOU_TRY(finish_row());
      i += (c == '\r' && i + 1 < n && text[i + 1] == '\n') ? 2 : 1;
      row_start = i;
      continue;
    }
    // An unquoted run up to the next delimiter.
    size_t end = text.find_first_of(",\r\n\"", i);
    if (end == std::string_view::npos) end = n;
    if (end < n && text[end] == '"')
      return fail(text, end, "a quote inside an unquoted cell (quote the whole cell and double the \")");
    cell.append(text.substr(i, end - i));
    if (cell.size() > limits.max_cell_bytes)
      return fail(text, i, "a cell is larger than " + std::to_string(limits.max_cell_bytes >> 20) + " MB");
    at_cell_start = false;
    i = end;
  }
  if (!row.empty() || !cell.empty() || !at_cell_start) LOUDOU_TRY(finish_row());
  return t;
}

void write_row(std::string& out, const Row& cells, bool guard_formulas) {
  for (size_t k = 0; k < cells.size(); ++k) {
    if (k) out.push_back(',');
    const std::string& s = cells[k];
    bool formula = guard_formulas && !s.empty() &&
                   (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') && !plain_number(s);
    bool quote = s.find_first_of(",\"\r\n") != std::string::npos ||
                 (!s.empty() && (s.front() == ' ' || s.back() == ' '));
    if (!quote && !formula) {
      out += s;
      continue;
    }
    if (quote) out.push_back('"');
    if (formula) out.push_back('\'');
    for (char c : s) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    if (quote) out.push_back('"');
  }
  out += "\r\n";
}

}  // namespace loudou::csv
