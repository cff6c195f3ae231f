#include "registry.h"

namespace loudou {

Result<json> Registry::call_raw(Handler::Erased fn, Context& ctx, const json& args) {
  return reinterpret_cast<RawFn>(fn)(ctx, args);
}

Status Registry::add_op(const std::string& name, Access access, Handler handler) {
  if (!ops_.emplace(name, Op{handler, access}).second)
    return Status(ErrorCode::internal, "op registered twice: " + name);
  return Status::Ok();
}

const Registry::Op* Registry::find(const std::string& name) const {
  auto it = ops_.find(name);
  return it == ops_.end() ? nullptr : &it->second;
}

}  // namespace loudou
