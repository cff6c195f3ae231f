// Reading the values people type into spreadsheets: amounts ("1,234.5", "1234.50元", "¥1,234",
// "12.3万", "1.2亿"), dates ("2026-03-01", "2026/3/1", "2026年3月1日", Excel serial numbers), and
// outcome words ("赢单", "won", ...). Each returns the value or a message for a person; none throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace loudou::import {

// A parsed value or the message saying why the text is not one.
template <class T>
struct Parsed {
  std::optional<T> value;  // nullopt with an empty error: the cell was blank
  std::string error;
  bool ok() const { return error.empty(); }
};

// Text trimmed of spaces (ASCII and the ideographic space U+3000) and of the apostrophe Excel and
// our own CSV export put before a cell that would otherwise run as a formula.
std::string clean_cell(std::string_view cell);
// The same, as a view into `cell` (no copy: the cleaning only ever cuts off ends).
std::string_view clean_view(std::string_view cell);

// An amount in minor units (分). Accepts thousands separators, a currency sign or word (¥ ￥ $ 元
// RMB CNY 人民币), and the multipliers 千/k, 万/w, 亿; rounds to the nearest 分. Negative amounts are
// refused.
Parsed<int64_t> parse_amount(std::string_view cell);

// A time in ms since the epoch. Dates mean midnight UTC (as everywhere in the API); a time of day
// ("2026-03-01 09:30", ISO 8601 with a zone) is kept. Excel serial day numbers (45352 = 2024-03-01)
// are read as dates.
Parsed<int64_t> parse_time(std::string_view cell);

// "open", "won" or "lost" from the words people use (进行中/跟进中, 赢单/成交/已签约, 输单/丢单/失败 …).
std::optional<std::string> parse_outcome(std::string_view cell);

// true/false from 是/否, yes/no, true/false, 1/0, 启用/停用, active/inactive.
std::optional<bool> parse_flag(std::string_view cell);

// A header reduced for matching: lower case, no spaces, underscores, hyphens or dots; the
// full-width colon becomes ':'.
std::string normalize_header(std::string_view header);

// Minor units as "1234.50" (the export format, which parse_amount reads back exactly).
std::string format_amount(int64_t minor);

// "2026-03-01 09:30:00" (UTC), or "2026-03-01" when the time is midnight.
std::string format_time(int64_t ms);

}  // namespace loudou::import
