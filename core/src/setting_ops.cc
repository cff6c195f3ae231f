// setting.get / setting.set: small named preferences kept in the database (so they travel with
// an export and are shared by every tab), e.g. the managed lists the board offers:
// "list.lost_reasons", "list.sources", "list.industries" (arrays of distinct non-empty strings).
#include <set>

#include "common_args.h"
#include "registry.h"

namespace loudou {
namespace {

struct SettingGet {
  std::string key;
};
BOOST_DESCRIBE_STRUCT(SettingGet, (), (key))

struct SettingSet {
  std::string key;
  std::optional<nlohmann::json> value;  // absent or null: remove the setting
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(SettingSet, (), (key, value, at))

Status check_key(const std::string& key) {
  if (key.empty() || key.size() > 64) return invalid("key", "key must be 1 to 64 characters");
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'))
      return invalid("key", "key may hold only a-z, 0-9, _ and .");
  return Status::Ok();
}

// Keys under "list." are managed lists: the UI relies on their shape, so the core enforces it.
Status check_value(const std::string& key, const json& value) {
  if (value.dump().size() > 65536) return invalid("value", "value is larger than 64 KB");
  if (key.rfind("list.", 0) != 0) return Status::Ok();
  if (!value.is_array()) return invalid("value", "a list setting must be an array of strings");
  if (value.size() > 500) return invalid("value", "a list holds at most 500 entries");
  std::set<std::string> seen;
  for (size_t i = 0; i < value.size(); ++i) {
    auto path = wire::index("value", i);
    if (!value[i].is_string() || value[i].get<std::string>().empty())
      return invalid(path, "each entry must be a non-empty string");
    if (value[i].get<std::string>().size() > 200) return invalid(path, "an entry is at most 200 bytes");
    if (!seen.insert(value[i].get<std::string>()).second)
      return invalid(path, "\"" + value[i].get<std::string>() + "\" appears twice");
  }
  return Status::Ok();
}

Result<json> setting_get(Context& ctx, const SettingGet& a) {
  LOUDOU_TRY(check_key(a.key));
  auto q = ctx.db.query("SELECT value FROM setting WHERE key = ?", a.key);
  json value = nullptr;
  if (q.next()) value = json::parse(q.text(0), nullptr, false);
  LOUDOU_TRY(q.status());
  if (value.is_discarded()) value = nullptr;
  return json{{"key", a.key}, {"value", value}};
}

Result<json> setting_set(Context& ctx, const SettingSet& a) {
  LOUDOU_TRY(check_key(a.key));
  json value = a.value.value_or(json(nullptr));
  if (!value.is_null()) LOUDOU_TRY(check_value(a.key, value));
  if (value.is_null()) {
    LOUDOU_TRY(ctx.db.query("DELETE FROM setting WHERE key = ?", a.key).run());
  } else {
    LOUDOU_TRY(ctx.db
                   .query("INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE "
                          "SET value = excluded.value",
                          a.key, value.dump())
                   .run());
  }
  return json{{"key", a.key}, {"value", value}};
}

}  // namespace

Status register_setting_ops(Registry& r) {
  LOUDOU_TRY(r.add("setting.get", Access::read, &setting_get));
  LOUDOU_TRY(r.add("setting.set", Access::write, &setting_set));
  return Status::Ok();
}

}  // namespace loudou
