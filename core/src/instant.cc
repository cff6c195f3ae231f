#include "instant.h"

#include <date/date.h>

#include <cstdio>

namespace loudou {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

std::optional<date::sys_days> parse_ymd(std::string_view s) {
  int y, m, d;
  if (s.size() < 10 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, m) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return std::nullopt;
  date::year_month_day ymd{date::year{y}, date::month{unsigned(m)}, date::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return date::sys_days{ymd};
}

}  // namespace

std::optional<int64_t> parse_instant(std::string_view s) {
  auto day = parse_ymd(s);
  if (!day) return std::nullopt;
  int64_t ms = int64_t(day->time_since_epoch().count()) * kMsPerDay;
  if (s.size() == 10) return ms;
  int hh, mi, ss;
  if (s.size() < 20 || (s[10] != 'T' && s[10] != ' ') || !digits(s, 11, 2, hh) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, ss))
    return std::nullopt;
  if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
  size_t pos = 19;
  int frac_ms = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int scale = 100;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      frac_ms += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return std::nullopt;
  }
  int64_t offset_min = 0;
  if (pos < s.size() && s[pos] == 'Z') {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset_min = (oh * 60 + om) * (s[pos] == '+' ? 1 : -1);
    pos += 6;
  } else {
    return std::nullopt;  // an instant must say its zone
  }
  if (pos != s.size()) return std::nullopt;
  int64_t out = ms + (int64_t(hh) * 3600 + mi * 60 + ss) * 1000 + frac_ms - offset_min * 60'000;
  // A leap second or an offset can carry the instant out of years 0000-9999, which
  // format_instant could not write back as a four-digit year that parses again.
  static const int64_t kFirst = int64_t(parse_ymd("0000-01-01")->time_since_epoch().count()) * kMsPerDay;
  static const int64_t kLast = (int64_t(parse_ymd("9999-12-31")->time_since_epoch().count()) + 1) * kMsPerDay - 1;
  if (out < kFirst || out > kLast) return std::nullopt;
  return out;
}

std::string format_instant(int64_t ms) {
  auto days = date::floor<date::days>(std::chrono::milliseconds{ms});
  date::year_month_day ymd{date::sys_days{days}};
  int64_t rest = ms - int64_t(days.count()) * kMsPerDay;
  int h = int(rest / 3'600'000), mi = int(rest / 60'000 % 60), s = int(rest / 1000 % 60),
      f = int(rest % 1000);
  char buf[40];
  if (f)
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), h, mi, s, f);
  else
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(ymd.year()),
                  unsigned(ymd.month()), unsigned(ymd.day()), h, mi, s);
  return buf;
}

bool is_date(std::string_view s) { return s.size() == 10 && parse_ymd(s).has_value(); }

std::optional<int64_t> date_start_ms(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  auto day = parse_ymd(s);  // once: forecasts call this per open deal
  if (!day) return std::nullopt;
  return int64_t(day->time_since_epoch().count()) * kMsPerDay;
}

// Reports call this once per closed deal (100k times), so it writes the digits itself rather
// than through format_instant's snprintf (11% of report.forecast's time).
std::string month_of(int64_t ms) {
  date::year_month_day ymd{date::sys_days{date::floor<date::days>(std::chrono::milliseconds{ms})}};
  int y = int(ymd.year());
  unsigned m = unsigned(ymd.month());
  if (y < 0 || y > 9999) return format_instant(ms).substr(0, 7);
  std::string out(7, '-');
  for (int i = 3; i >= 0; --i, y /= 10) out[size_t(i)] = char('0' + y % 10);
  out[5] = char('0' + m / 10);
  out[6] = char('0' + m % 10);
  return out;
}
std::string date_of(int64_t ms) { return format_instant(ms).substr(0, 10); }

}  // namespace loudou
