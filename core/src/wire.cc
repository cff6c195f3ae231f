#include "wire.h"

#include <cmath>

#include "ids.h"

namespace loudou::wire {
namespace {

std::string trim(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n' || s[b - 1] == '\r')) --b;
  return s.substr(a, b - a);
}

size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Status whole_number(const json& j, const std::string& path, int64_t& out) {
  if (j.is_number_integer()) {
    out = j.get<int64_t>();
    if (j.is_number_unsigned() && j.get<uint64_t>() > uint64_t(INT64_MAX))
      return invalid(path, path + " is too large");
    return Status::Ok();
  }
  if (j.is_number_float()) {
    double d = j.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      out = int64_t(d);
      return Status::Ok();
    }
    return invalid(path, path + " must be a whole number");
  }
  return bad_request(path + " must be a number, not " + type_name(j), path);
}

Status string_of(const json& j, const std::string& path, std::string& out) {
  if (!j.is_string()) return bad_request(path + " must be a string, not " + type_name(j), path);
  out = j.get<std::string>();
  return Status::Ok();
}

}  // namespace

std::string join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
std::string index(const std::string& path, size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

namespace detail {
Status read_object(const json& j, void* obj, const Member* members, size_t n, const std::string& path) {
  if (!j.is_object()) return bad_request((path.empty() ? "args" : path) + " must be an object", path);
  for (auto it = j.begin(); it != j.end(); ++it) {
    bool known = false;
    for (size_t i = 0; i < n && !known; ++i) known = it.key() == members[i].name;
    if (!known) return bad_request("unknown field \"" + it.key() + "\"", join(path, it.key()));
  }
  for (size_t i = 0; i < n; ++i) {
    const Member& m = members[i];
    std::string field = join(path, m.name);
    auto it = j.find(m.name);
    if (it == j.end() || it->is_null()) {
      if (!m.optional) return invalid(field, field + " is required");
      continue;
    }
    LOUDOU_TRY(m.read(*it, obj, field));
  }
  return Status::Ok();
}

json write_object(const void* obj, const Out* members, size_t n) {
  json o = json::object();
  for (size_t i = 0; i < n; ++i) o[members[i].name] = members[i].write(obj);
  return o;
}
}  // namespace detail

const char* type_name(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true/false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    default: return "an unknown value";
  }
}

Status read(const json& j, std::string& out, const std::string& path) {
  LOUDOU_TRY(string_of(j, path, out));
  if (out.size() > 100'000) return invalid(path, path + " is too long");
  return Status::Ok();
}
Status read(const json& j, bool& out, const std::string& path) {
  if (!j.is_boolean()) return bad_request(path + " must be true or false, not " + type_name(j), path);
  out = j.get<bool>();
  return Status::Ok();
}
Status read(const json& j, int64_t& out, const std::string& path) { return whole_number(j, path, out); }
Status read(const json& j, int& out, const std::string& path) {
  int64_t v;
  LOUDOU_TRY(whole_number(j, path, v));
  if (v < INT32_MIN || v > INT32_MAX) return invalid(path, path + " is out of range");
  out = int(v);
  return Status::Ok();
}
Status read(const json& j, double& out, const std::string& path) {
  if (!j.is_number()) return bad_request(path + " must be a number, not " + type_name(j), path);
  out = j.get<double>();
  return Status::Ok();
}
Status read(const json& j, json& out, const std::string&) {
  out = j;
  return Status::Ok();
}

Status read(const json& j, Title& out, const std::string& path) {
  std::string s;
  LOUDOU_TRY(string_of(j, path, s));
  out.v = trim(s);
  if (out.v.empty()) return invalid(path, path + " must not be empty");
  if (utf8_length(out.v) > kMaxLineChars) return invalid(path, path + " is longer than 500 characters");
  return Status::Ok();
}
Status read(const json& j, Line& out, const std::string& path) {
  std::string s;
  LOUDOU_TRY(string_of(j, path, s));
  out.v = trim(s);
  if (utf8_length(out.v) > kMaxLineChars) return invalid(path, path + " is longer than 500 characters");
  return Status::Ok();
}
Status read(const json& j, Text& out, const std::string& path) {
  LOUDOU_TRY(string_of(j, path, out.v));
  if (utf8_length(out.v) > 20'000) return invalid(path, path + " is longer than 20,000 characters");
  return Status::Ok();
}
Status read(const json& j, Money& out, const std::string& path) {
  if (j.is_number_float()) {
    double d = j.get<double>();
    if (std::isfinite(d) && d != std::floor(d))
      return invalid(path, path + " must be a whole number of minor units (分), e.g. 12345 for 123.45");
  }
  LOUDOU_TRY(whole_number(j, path, out.v));
  if (out.v < 0) return invalid(path, path + " must not be negative");
  if (out.v > 9'000'000'000'000'000) return invalid(path, path + " is too large");
  return Status::Ok();
}
Status read(const json& j, Percent& out, const std::string& path) {
  int64_t v;
  LOUDOU_TRY(whole_number(j, path, v));
  if (v < 0 || v > 100) return invalid(path, path + " must be between 0 and 100");
  out.v = int(v);
  return Status::Ok();
}
Status read(const json& j, Days& out, const std::string& path) {
  int64_t v;
  LOUDOU_TRY(whole_number(j, path, v));
  if (v < 1 || v > 3650) return invalid(path, path + " must be between 1 and 3650 days");
  out.v = int(v);
  return Status::Ok();
}
Status read(const json& j, Count& out, const std::string& path) {
  LOUDOU_TRY(whole_number(j, path, out.v));
  if (out.v < 0) return invalid(path, path + " must not be negative");
  return Status::Ok();
}
Status read(const json& j, Instant& out, const std::string& path) {
  std::string s;
  LOUDOU_TRY(string_of(j, path, s));
  auto ms = parse_instant(s);
  if (!ms) return invalid(path, path + " must be an ISO 8601 time like 2026-03-01T09:30:00Z");
  out.ms = *ms;
  return Status::Ok();
}
Status read(const json& j, Date& out, const std::string& path) {
  LOUDOU_TRY(string_of(j, path, out.v));
  if (!is_date(out.v)) return invalid(path, path + " must be a date like 2026-03-01");
  return Status::Ok();
}
Status read(const json& j, Currency& out, const std::string& path) {
  LOUDOU_TRY(string_of(j, path, out.v));
  bool ok = out.v.size() == 3;
  for (char c : out.v) ok = ok && c >= 'A' && c <= 'Z';
  if (!ok) return invalid(path, path + " must be a 3-letter currency code like CNY");
  return Status::Ok();
}
Status read(const json& j, Id& out, const std::string& path) {
  LOUDOU_TRY(string_of(j, path, out.v));
  if (!is_valid_id(out.v)) return invalid(path, path + " is not a valid id");
  return Status::Ok();
}
Status read(const json& j, Email& out, const std::string& path) {
  std::string s;
  LOUDOU_TRY(string_of(j, path, s));
  out.v = trim(s);
  auto at = out.v.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= out.v.size() || out.v.size() > 254 ||
      out.v.find(' ') != std::string::npos)
    return invalid(path, path + " is not an email address");
  return Status::Ok();
}

json write(const std::string& v) { return v; }
json write(bool v) { return v; }
json write(int64_t v) { return v; }
json write(int v) { return v; }
json write(double v) { return v; }
json write(const json& v) { return v; }
json write(const Title& v) { return v.v; }
json write(const Line& v) { return v.v; }
json write(const Text& v) { return v.v; }
json write(const Money& v) { return v.v; }
json write(const Percent& v) { return v.v; }
json write(const Days& v) { return v.v; }
json write(const Count& v) { return v.v; }
json write(const Instant& v) { return format_instant(v.ms); }
json write(const Date& v) { return v.v; }
json write(const Currency& v) { return v.v; }
json write(const Id& v) { return v.v; }
json write(const Email& v) { return v.v; }

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace loudou::wire
