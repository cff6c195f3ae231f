// meta.info: what build and schema answer, so a page or a script can check what it talks to.
#include <sqlite3.h>

#include "common_args.h"
#include "loudou/engine.h"
#include "loudou/version.h"
#include "registry.h"
#include "schema.h"

namespace loudou {
namespace {

Result<json> meta_info(Context& ctx, const NoArgs&) {
  LOUDOU_ASSIGN_OR_RETURN(int version, schema_version_of(ctx.db));
  return json{{"version", kVersion},
              {"schema_version", version},
              {"sqlite_version", sqlite3_libversion()},
              {"now", format_instant(ctx.now_ms)}};
}

}  // namespace

Status register_meta_ops(Registry& r) { return r.add("meta.info", Access::read, &meta_info); }

}  // namespace loudou
