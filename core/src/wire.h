// JSON <-> C++ for every type described with Boost.Describe. Requests are read with read():
// unknown keys and wrong types are `bad_request`, missing required members and broken rules are
// `validation_failed`, each naming the field ("stages[2].probability"). Rules live in the member
// types below (Title, Money, Percent, Instant, ...), so a request struct states its own validation
// by the types it uses; nothing is hand-written per request. Nothing here throws.
//
// A member of type std::optional<T> may be absent or null; any other member is required.
#pragma once

#include <boost/describe.hpp>
#include <boost/mp11.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "loudou/status.h"
#include "instant.h"

namespace loudou::wire {

using json = nlohmann::json;

// The most characters a Title or a Line may have.
inline constexpr size_t kMaxLineChars = 500;
// A non-empty text of at most 500 characters, trimmed of surrounding spaces (names, titles).
struct Title { std::string v; };
// A one-line text of at most 500 characters, trimmed; empty means "no value" (see or_null).
struct Line { std::string v; };
// Free text of at most 20,000 characters; may be empty.
struct Text { std::string v; };
// An amount in minor units (分): a whole number >= 0.
struct Money { int64_t v = 0; };
// A whole number 0..100 (stage probability).
struct Percent { int v = 0; };
// A whole number of days >= 1 (rot_days).
struct Days { int v = 0; };
// A whole number >= 0.
struct Count { int64_t v = 0; };
// An ISO 8601 UTC instant; held as ms since the epoch.
struct Instant { int64_t ms = 0; };
// A calendar date "YYYY-MM-DD".
struct Date { std::string v; };
// An ISO 4217 code: three capital letters.
struct Currency { std::string v; };
// A record id (see ids.h for the alphabet).
struct Id { std::string v; };
// An email address (something@something).
struct Email { std::string v; };

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};

std::string join(const std::string& path, const std::string& key);
std::string index(const std::string& path, size_t i);
const char* type_name(const json& j);

Status read(const json& j, std::string& out, const std::string& path);
Status read(const json& j, bool& out, const std::string& path);
Status read(const json& j, int64_t& out, const std::string& path);
Status read(const json& j, int& out, const std::string& path);
Status read(const json& j, double& out, const std::string& path);
Status read(const json& j, json& out, const std::string& path);
Status read(const json& j, Title& out, const std::string& path);
Status read(const json& j, Line& out, const std::string& path);
Status read(const json& j, Text& out, const std::string& path);
Status read(const json& j, Money& out, const std::string& path);
Status read(const json& j, Percent& out, const std::string& path);
Status read(const json& j, Days& out, const std::string& path);
Status read(const json& j, Count& out, const std::string& path);
Status read(const json& j, Instant& out, const std::string& path);
Status read(const json& j, Date& out, const std::string& path);
Status read(const json& j, Currency& out, const std::string& path);
Status read(const json& j, Id& out, const std::string& path);
Status read(const json& j, Email& out, const std::string& path);

template <class T>
Status read(const json& j, std::vector<T>& out, const std::string& path);
template <class T>
Status read(const json& j, std::optional<T>& out, const std::string& path);
template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int> = 0>
Status read(const json& j, T& out, const std::string& path);

template <class T>
Status read(const json& j, std::vector<T>& out, const std::string& path) {
  if (!j.is_array()) return bad_request(path + " must be a list, not " + type_name(j), path);
  out.clear();
  out.reserve(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    T item{};
    LOUDOU_TRY(read(j[i], item, index(path, i)));
    out.push_back(std::move(item));
  }
  return Status::Ok();
}

template <class T>
Status read(const json& j, std::optional<T>& out, const std::string& path) {
  if (j.is_null()) {
    out.reset();
    return Status::Ok();
  }
  T v{};
  LOUDOU_TRY(read(j, v, path));
  out = std::move(v);
  return Status::Ok();
}

// Parses and validates in one step.
template <class T>
Result<T> parse(const json& j) {
  T out{};
  Status st = read(j, out, "");
  if (!st.ok()) return st;
  return out;
}

// --- writing ---
json write(const std::string& v);
json write(bool v);
json write(int64_t v);
json write(int v);
json write(double v);
json write(const json& v);
json write(const Title& v);
json write(const Line& v);
json write(const Text& v);
json write(const Money& v);
json write(const Percent& v);
json write(const Days& v);
json write(const Count& v);
json write(const Instant& v);
json write(const Date& v);
json write(const Currency& v);
json write(const Id& v);
json write(const Email& v);

template <class T>
json write(const std::optional<T>& v);
template <class T>
json write(const std::vector<T>& v);
template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int> = 0>
json write(const T& v);

// A described struct is read and written through a static table of its members (name, whether it
// is optional, and a small function per member) walked by one loop in wire.cc. The table keeps the
// per-type code to one thunk per member: the unrolled alternative cost ~600 KB of wasm.
namespace detail {
struct Member {  // how to read one member
  const char* name;
  bool optional;
  Status (*read)(const json& j, void* obj, const std::string& path);
};
struct Out {  // how to write one member
  const char* name;
  json (*write)(const void* obj);
};
Status read_object(const json& j, void* obj, const Member* members, size_t n, const std::string& path);
json write_object(const void* obj, const Out* members, size_t n);

template <class T, class D>
Status read_member(const json& j, void* obj, const std::string& path) {
  return read(j, static_cast<T*>(obj)->*D::pointer, path);
}
template <class T, class D>
json write_member(const void* obj) {
  return write(static_cast<const T*>(obj)->*D::pointer);
}
template <class T, class D>
constexpr bool member_optional() {
  using M = std::remove_cv_t<std::remove_reference_t<decltype(std::declval<T&>().*D::pointer)>>;
  return is_optional<M>::value;
}
template <class T, template <class...> class L, class... D>
constexpr auto make_members(L<D...>) {
  return std::array<Member, sizeof...(D)>{Member{D::name, member_optional<T, D>(), &read_member<T, D>}...};
}
template <class T, template <class...> class L, class... D>
constexpr auto make_outs(L<D...>) {
  return std::array<Out, sizeof...(D)>{Out{D::name, &write_member<T, D>}...};
}
template <class T>
inline constexpr auto kMembers =
    make_members<T>(boost::describe::describe_members<T, boost::describe::mod_public>{});
template <class T>
inline constexpr auto kOuts = make_outs<T>(boost::describe::describe_members<T, boost::describe::mod_public>{});
}  // namespace detail

template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int>>
Status read(const json& j, T& out, const std::string& path) {
  return detail::read_object(j, &out, detail::kMembers<T>.data(), detail::kMembers<T>.size(), path);
}

template <class T>
json write(const std::optional<T>& v) {
  return v ? write(*v) : json(nullptr);
}
template <class T>
json write(const std::vector<T>& v) {
  json a = json::array();
  for (const auto& x : v) a.push_back(write(x));
  return a;
}
template <class T, std::enable_if_t<boost::describe::has_describe_members<T>::value, int>>
json write(const T& v) {
  return detail::write_object(&v, detail::kOuts<T>.data(), detail::kOuts<T>.size());
}

// The text of an optional Line, or nullopt when absent or empty.
inline std::optional<std::string> or_null(const std::optional<Line>& l) {
  if (!l || l->v.empty()) return std::nullopt;
  return l->v;
}

// Dumps JSON that may hold user text: invalid UTF-8 is replaced instead of throwing.
std::string dump(const json& j);

}  // namespace loudou::wire
