#include "registry.h"

namespace loudou {

Status Registry::add_raw(const std::string& name, Access access, Handler handler) {
  if (!ops_.emplace(name, Op{std::move(handler), access}).second)
    return Status(ErrorCode::internal, "op registered twice: " + name);
  return Status::Ok();
}

const Registry::Op* Registry::find(const std::string& name) const {
  auto it = ops_.find(name);
  return it == ops_.end() ? nullptr : &it->second;
}

}  // namespace loudou
