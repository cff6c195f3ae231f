#include "loudou/status.h"

namespace loudou {

const char* code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::ok: return "ok";
    case ErrorCode::bad_request: return "bad_request";
    case ErrorCode::validation_failed: return "validation_failed";
    case ErrorCode::not_found: return "not_found";
    case ErrorCode::conflict: return "conflict";
    case ErrorCode::stage_requirements: return "stage_requirements";
    case ErrorCode::storage: return "storage";
    case ErrorCode::internal: return "internal";
  }
  return "internal";
}

Status& Status::in_field(const std::string& parent) {
  if (parent.empty()) return *this;
  if (field_.empty()) field_ = parent;
  else if (field_[0] == '[') field_ = parent + field_;
  else field_ = parent + "." + field_;
  return *this;
}

}  // namespace loudou
