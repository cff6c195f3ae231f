// Errors as values. Every core function that can fail returns a Status or a Result<T>; no exception
// leaves the core, and none ever crosses the C ABI. The codes are the closed list of the command API
// (shared/spec/api.md); a Status turns into the `error` object of a response.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace loudou {

enum class ErrorCode {
  ok,
  // The request itself is malformed: not JSON, an unknown op, an unknown args key, a wrong type.
  bad_request,
  // Well-formed, but a value breaks a rule (empty title, negative amount, bad date); names `field`.
  validation_failed,
  // An id that names nothing (the deal, stage, pipeline or user does not exist).
  not_found,
  // The change clashes with what is stored: a duplicate id, a stage that still holds deals.
  conflict,
  // A deal cannot enter a stage because fields the stage requires are empty; lists `fields`.
  stage_requirements,
  // SQLite or the persistence layer failed (disk full, quota, I/O); the data is left as it was.
  storage,
  // A bug in Loudou: an invariant broke. Never used for anything a caller can fix.
  internal,
};

// The stable wire name of a code ("validation_failed").
const char* code_name(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(ErrorCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == ErrorCode::ok; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  // For stage_requirements: the fields that are missing.
  const std::vector<std::string>& fields() const { return fields_; }
  Status& with_fields(std::vector<std::string> f) { fields_ = std::move(f); return *this; }
  // Extra members of the response's error object, as the text of a JSON object (data.import puts
  // its per-row `errors` list here). Empty when there are none.
  const std::string& details() const { return details_; }
  Status& with_details(std::string json_object) { details_ = std::move(json_object); return *this; }
  // Prefixes the field path (used when a nested value fails: "stages[2]" + "name").
  Status& in_field(const std::string& parent);

 private:
  ErrorCode code_ = ErrorCode::ok;
  std::string message_;
  std::string field_;
  std::vector<std::string> fields_;
  std::string details_;
};

inline Status bad_request(std::string msg, std::string field = {}) {
  return {ErrorCode::bad_request, std::move(msg), std::move(field)};
}
inline Status invalid(std::string field, std::string msg) {
  return {ErrorCode::validation_failed, std::move(msg), std::move(field)};
}
inline Status not_found(std::string field, std::string msg) {
  return {ErrorCode::not_found, std::move(msg), std::move(field)};
}
inline Status conflict(std::string msg, std::string field = {}) {
  return {ErrorCode::conflict, std::move(msg), std::move(field)};
}

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}      // NOLINT: must not be ok

  bool ok() const { return v_.index() == 0; }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<1>(v_);
  }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace loudou

// Early return on failure. Kept to two macros; they are the only ones in the core.
#define LOUDOU_TRY(expr)                          \
  do {                                            \
    ::loudou::Status loudou_st_ = (expr);         \
    if (!loudou_st_.ok()) return loudou_st_;      \
  } while (0)

#define LOUDOU_CONCAT_(a, b) a##b
#define LOUDOU_CONCAT(a, b) LOUDOU_CONCAT_(a, b)
#define LOUDOU_ASSIGN_OR_RETURN(lhs, expr) \
  LOUDOU_ASSIGN_OR_RETURN_(LOUDOU_CONCAT(loudou_r_, __LINE__), lhs, expr)
#define LOUDOU_ASSIGN_OR_RETURN_(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
