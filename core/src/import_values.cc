#include "import_values.h"

#include <date/date.h>

#include <cstdio>
#include <vector>

#include "instant.h"

namespace loudou::import {
namespace {

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

void strip_spaces(std::string_view& s) {
  for (bool again = true; again;) {
    again = false;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1);
      again = true;
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1);
      again = true;
    }
    if (starts(s, "\u3000")) { s.remove_prefix(3); again = true; }
    if (ends(s, "\u3000")) { s.remove_suffix(3); again = true; }
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Reads an unsigned decimal "123.456" as integer digits and fraction digits.
bool split_decimal(std::string_view s, std::string_view& whole, std::string_view& frac) {
  auto dot = s.find('.');
  whole = s.substr(0, dot);
  frac = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
  if (whole.empty() && frac.empty()) return false;
  if (!whole.empty() && !all_digits(whole)) return false;
  if (dot != std::string_view::npos && !frac.empty() && !all_digits(frac)) return false;
  if (dot != std::string_view::npos && frac.empty() && whole.empty()) return false;
  return true;
}

std::optional<int64_t> ymd_ms(int y, int m, int d) {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return int64_t(date::sys_days{ymd}.time_since_epoch().count()) * kMsPerDay;
}

// Reads up to `max` digits at s[pos]; false when there are none.
bool read_int(std::string_view s, size_t& pos, int& out, size_t max = 4) {
  size_t start = pos;
  int v = 0;
  while (pos < s.size() && pos - start < max && s[pos] >= '0' && s[pos] <= '9') v = v * 10 + (s[pos++] - '0');
  out = v;
  return pos > start;
}

bool eat(std::string_view s, size_t& pos, std::string_view token) {
  if (s.substr(pos, token.size()) != token) return false;
  pos += token.size();
  return true;
}

// "HH:MM" or "HH:MM:SS" at pos; adds its ms.
bool read_clock(std::string_view s, size_t& pos, int64_t& ms) {
  int h, m, sec = 0;
  if (!read_int(s, pos, h, 2) || !eat(s, pos, ":") || !read_int(s, pos, m, 2)) return false;
  if (eat(s, pos, ":") && !read_int(s, pos, sec, 2)) return false;
  if (h > 23 || m > 59 || sec > 59) return false;
  ms += (int64_t(h) * 3600 + m * 60 + sec) * 1000;
  return true;
}

const char* kDateHelp = "is not a date (write 2026-03-01, 2026/3/1 or 2026年3月1日)";

}  // namespace

std::string_view clean_view(std::string_view s) {
  strip_spaces(s);
  if (s.size() >= 2 && s[0] == '\'' && (s[1] == '=' || s[1] == '+' || s[1] == '-' || s[1] == '@'))
    s.remove_prefix(1);
  return s;
}

std::string clean_cell(std::string_view s) { return std::string(clean_view(s)); }

Parsed<int64_t> parse_amount(std::string_view cell) {
  std::string_view s = clean_view(cell);
  if (s.empty()) return {};
  if (s[0] == '-' || starts(s, "－")) return {std::nullopt, "must not be negative"};
  static const std::vector<std::string_view> signs = {"¥", "￥", "$", "RMB", "rmb", "CNY", "cny", "人民币"};
  static const std::vector<std::string_view> units = {"元", "RMB", "rmb", "CNY", "cny"};
  for (auto p : signs)
    if (starts(s, p)) { s.remove_prefix(p.size()); strip_spaces(s); break; }
  for (auto p : units)
    if (ends(s, p)) { s.remove_suffix(p.size()); strip_spaces(s); break; }
  int64_t scale = 1;  // multiplier on yuan
  struct Mult { std::string_view suffix; int64_t times; };
  static const Mult mults[] = {{"亿", 100'000'000}, {"万", 10'000}, {"千", 1000}, {"w", 10'000},
                               {"W", 10'000},       {"k", 1000},   {"K", 1000}};
  for (auto& m : mults)
    if (ends(s, m.suffix)) { s.remove_suffix(m.suffix.size()); strip_spaces(s); scale = m.times; break; }
  // Thousands separators: "1,234,567.5" (ASCII or full-width comma), each group three digits.
  std::string plain;
  size_t group = 0;
  bool grouped = false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',' || starts(s.substr(i), "，")) {
      if (plain.empty() || (grouped && group != 3)) return {std::nullopt, "is not an amount"};
      grouped = true;
      group = 0;
      if (s[i] != ',') i += 2;
      continue;
    }
    if (s[i] == '.') {
      if (grouped && group != 3) return {std::nullopt, "is not an amount"};
      plain.append(s.substr(i));
      grouped = false;
      break;
    }
    plain.push_back(s[i]);
    ++group;
  }
  if (grouped && group != 3) return {std::nullopt, "is not an amount"};
  std::string_view whole, frac;
  if (!split_decimal(plain, whole, frac)) return {std::nullopt, "is not an amount (write 1234.50, 1,234.5 or 12.3万)"};
  if (whole.size() > 15) return {std::nullopt, "is too large"};
  // Exact decimal arithmetic in 分: value = (whole.frac) * scale * 100, rounded half up.
  __int128 num = 0, den = 1;
  for (char c : whole) num = num * 10 + (c - '0');
  for (size_t k = 0; k < frac.size() && k < 18; ++k) {
    num = num * 10 + (frac[k] - '0');
    den *= 10;
  }
  num *= __int128(scale) * 100;
  __int128 fen = (num + den / 2) / den;
  if (fen > __int128(9'000'000'000'000'000)) return {std::nullopt, "is too large"};
  return {int64_t(fen), ""};
}

Parsed<int64_t> parse_time(std::string_view cell) {
  std::string_view s = clean_view(cell);
  if (s.empty()) return {};
  if (auto iso = parse_instant(s)) return {*iso, ""};
  // An Excel serial number: days since 1899-12-30, a fraction is the time of day.
  std::string_view whole, frac;
  if (split_decimal(s, whole, frac) && !whole.empty()) {
    if (whole.size() == 8 && frac.empty() && s.find('.') == std::string_view::npos) {  // 20260301
      auto ms = ymd_ms(std::stoi(std::string(whole.substr(0, 4))), std::stoi(std::string(whole.substr(4, 2))),
                       std::stoi(std::string(whole.substr(6, 2))));
      if (ms) return {*ms, ""};
    }
    if (whole.size() <= 7) {
      int64_t days = std::stoll(std::string(whole));
      if (days >= 1 && days <= 2958465) {
        double f = frac.empty() ? 0 : std::stod("0." + std::string(frac));
        int64_t base = (days - 25569) * kMsPerDay;  // 25569 = 1970-01-01
        return {base + int64_t(f * kMsPerDay + 0.5) / 1000 * 1000, ""};
      }
    }
    return {std::nullopt, kDateHelp};
  }
  size_t pos = 0;
  int y, m, d;
  if (!read_int(s, pos, y, 4) || pos != 4) return {std::nullopt, kDateHelp};
  bool chinese = false;
  std::string_view sep;
  if (eat(s, pos, "年")) chinese = true;
  else if (pos < s.size() && (s[pos] == '-' || s[pos] == '/' || s[pos] == '.')) sep = s.substr(pos++, 1);
  else return {std::nullopt, kDateHelp};
  if (!read_int(s, pos, m, 2)) return {std::nullopt, kDateHelp};
  if (chinese ? !eat(s, pos, "月") : !eat(s, pos, sep)) return {std::nullopt, kDateHelp};
  if (!read_int(s, pos, d, 2)) return {std::nullopt, kDateHelp};
  if (chinese) eat(s, pos, "日") || eat(s, pos, "号");
  auto ms = ymd_ms(y, m, d);
  if (!ms) return {std::nullopt, "is not a real date"};
  int64_t out = *ms;
  if (pos < s.size()) {
    size_t before = pos;
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) ++pos;
    if (pos == before || !read_clock(s, pos, out) || pos != s.size())
      return {std::nullopt, kDateHelp};
  }
  return {out, ""};
}

std::optional<std::string> parse_outcome(std::string_view cell) {
  std::string s = normalize_header(clean_cell(cell));
  static const std::vector<std::string> open = {"open", "进行中", "跟进中", "未关闭", "打开", "在途", "inprogress", "active"};
  static const std::vector<std::string> won = {"won", "win", "赢单", "赢", "成交", "已成交", "签约", "已签约", "closedwon", "赢得"};
  static const std::vector<std::string> lost = {"lost", "lose", "输单", "丢单", "失败", "已丢单", "已输单", "closedlost", "输"};
  for (auto& w : open) if (s == w) return "open";
  for (auto& w : won) if (s == w) return "won";
  for (auto& w : lost) if (s == w) return "lost";
  return std::nullopt;
}

std::optional<bool> parse_flag(std::string_view cell) {
  std::string s = normalize_header(clean_cell(cell));
  for (const char* w : {"是", "yes", "y", "true", "1", "启用", "active", "在职", "有效"}) if (s == w) return true;
  for (const char* w : {"否", "no", "n", "false", "0", "停用", "inactive", "离职", "无效"}) if (s == w) return false;
  return std::nullopt;
}

std::string normalize_header(std::string_view h) {
  std::string out;
  std::string t = clean_cell(h);
  for (size_t i = 0; i < t.size(); ++i) {
    unsigned char c = t[i];
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
    if (t.compare(i, 3, "：") == 0) { out.push_back(':'); i += 2; continue; }
    if (t.compare(i, 3, "\u3000") == 0) { i += 2; continue; }
    out.push_back(c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : char(c));
  }
  return out;
}

// The two formatters below run a few times per row of a 100k-row export: they write their digits
// themselves (snprintf was a tenth of the export's time in the wasm build).
namespace {
char* put_digits(char* p, int64_t v, int width) {
  for (int i = width - 1; i >= 0; --i, v /= 10) p[i] = char('0' + v % 10);
  return p + width;
}
}  // namespace

std::string format_amount(int64_t minor) {
  if (minor < 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%02lld", (long long)(minor / 100), (long long)(minor % 100));
    return buf;
  }
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  *--p = char('0' + minor % 10);
  *--p = char('0' + minor / 10 % 10);
  *--p = '.';
  int64_t whole = minor / 100;
  do *--p = char('0' + whole % 10);
  while ((whole /= 10) > 0);
  return std::string(p, end);
}

std::string format_time(int64_t ms) {
  auto days = date::floor<date::days>(std::chrono::milliseconds{ms});
  date::year_month_day ymd{date::sys_days{days}};
  int year = int(ymd.year());
  if (year < 0 || year > 9999) {
    std::string iso = format_instant(ms - ms % 1000);
    if (iso.compare(10, 10, "T00:00:00Z") == 0) return iso.substr(0, 10);
    return iso.substr(0, 10) + " " + iso.substr(11, 8);
  }
  int64_t secs = (ms - int64_t(days.count()) * kMsPerDay) / 1000;
  char buf[20];
  char* p = put_digits(buf, year, 4);
  *p++ = '-';
  p = put_digits(p, unsigned(ymd.month()), 2);
  *p++ = '-';
  p = put_digits(p, unsigned(ymd.day()), 2);
  if (secs == 0) return std::string(buf, p);  // a whole day: the date alone
  *p++ = ' ';
  p = put_digits(p, secs / 3600, 2);
  *p++ = ':';
  p = put_digits(p, secs / 60 % 60, 2);
  *p++ = ':';
  p = put_digits(p, secs % 60, 2);
  return std::string(buf, p);
}

}  // namespace loudou::import
