// user.create / update / list / get and quota.set / list.
#include "common_args.h"
#include "registry.h"
#include "store.h"

namespace loudou {
namespace {

struct UserCreate {
  std::optional<wire::Id> id;
  wire::Title name;
  std::optional<wire::Email> email;
  std::optional<wire::Title> team;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(UserCreate, (), (id, name, email, team, at))

struct UserUpdate {
  wire::Id id;
  std::optional<wire::Title> name;
  std::optional<wire::Email> email;
  std::optional<wire::Title> team;
  std::optional<bool> active;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(UserUpdate, (), (id, name, email, team, active, at))

struct UserList {
  std::optional<bool> active;
};
BOOST_DESCRIBE_STRUCT(UserList, (), (active))

struct QuotaSet {
  wire::Id user_id;
  std::string period;
  wire::Money amount;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(QuotaSet, (), (user_id, period, amount, at))

struct QuotaList {
  std::optional<wire::Id> user_id;
};
BOOST_DESCRIBE_STRUCT(QuotaList, (), (user_id))

// "2026-03" (a month) or "2026-Q1" (a quarter).
bool is_period(const std::string& p) {
  if (p.size() != 7 || p[4] != '-') return false;
  for (int i = 0; i < 4; ++i)
    if (p[i] < '0' || p[i] > '9') return false;
  if (p[5] == 'Q') return p[6] >= '1' && p[6] <= '4';
  if (p[5] < '0' || p[5] > '1' || p[6] < '0' || p[6] > '9') return false;
  int m = (p[5] - '0') * 10 + (p[6] - '0');
  return m >= 1 && m <= 12;
}

Result<json> user_create(Context& ctx, const UserCreate& a) {
  std::string id = a.id ? a.id->v : ctx.new_id();
  if (a.id && exists(ctx.db, "user", id)) return conflict("a user with id " + id + " already exists", "id");
  int64_t at = ctx.at(a.at);
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO user(id, name, email, team, created_at, updated_at) VALUES (?, "
                        "?, ?, ?, ?, ?)",
                        id, a.name.v, a.email ? std::optional(a.email->v) : std::nullopt,
                        a.team ? std::optional(a.team->v) : std::nullopt, at, at)
                 .run());
  LOUDOU_ASSIGN_OR_RETURN(auto u, load_user(ctx.db, id));
  return wire::write(u);
}

// Absent keys are left alone; email or team given as null clears it (as deal.update does).
Result<json> user_update(Context& ctx, const json& raw) {
  auto parsed = wire::parse<UserUpdate>(raw);
  if (!parsed.ok()) return parsed.status();
  const UserUpdate& a = parsed.value();
  auto cleared = [&](const char* key) { return raw.contains(key) && raw[key].is_null(); };
  LOUDOU_TRY(require_exists(ctx.db, "user", a.id.v, "id", "user"));
  int64_t at = ctx.at(a.at);
  if (cleared("name")) return invalid("name", "name must not be empty");
  if (a.name) LOUDOU_TRY(ctx.db.query("UPDATE user SET name = ? WHERE id = ?", a.name->v, a.id.v).run());
  if (a.email) LOUDOU_TRY(ctx.db.query("UPDATE user SET email = ? WHERE id = ?", a.email->v, a.id.v).run());
  else if (cleared("email")) LOUDOU_TRY(ctx.db.query("UPDATE user SET email = NULL WHERE id = ?", a.id.v).run());
  if (a.team) LOUDOU_TRY(ctx.db.query("UPDATE user SET team = ? WHERE id = ?", a.team->v, a.id.v).run());
  else if (cleared("team")) LOUDOU_TRY(ctx.db.query("UPDATE user SET team = NULL WHERE id = ?", a.id.v).run());
  if (a.active)
    LOUDOU_TRY(ctx.db.query("UPDATE user SET active = ? WHERE id = ?", int64_t(*a.active), a.id.v).run());
  LOUDOU_TRY(ctx.db.query("UPDATE user SET updated_at = ? WHERE id = ?", at, a.id.v).run());
  LOUDOU_ASSIGN_OR_RETURN(auto u, load_user(ctx.db, a.id.v));
  return wire::write(u);
}

Result<json> user_get(Context& ctx, const ById& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto u, load_user(ctx.db, a.id.v));
  return wire::write(u);
}

Result<json> user_list(Context& ctx, const UserList& a) {
  json items = json::array();
  std::vector<std::string> ids;
  auto q = a.active ? ctx.db.query("SELECT id FROM user WHERE active = ? ORDER BY name, id",
                                   int64_t(*a.active))
                    : ctx.db.query("SELECT id FROM user ORDER BY name, id");
  while (q.next()) ids.push_back(q.text(0));
  LOUDOU_TRY(q.status());
  for (auto& id : ids) {
    LOUDOU_ASSIGN_OR_RETURN(auto u, load_user(ctx.db, id));
    items.push_back(wire::write(u));
  }
  int64_t n = int64_t(items.size());
  return json{{"items", std::move(items)}, {"total", n}, {"next_cursor", nullptr}};
}

Result<json> quota_set(Context& ctx, const QuotaSet& a) {
  LOUDOU_TRY(require_exists(ctx.db, "user", a.user_id.v, "user_id", "user"));
  if (!is_period(a.period))
    return invalid("period", "period must be a month like 2026-03 or a quarter like 2026-Q1");
  LOUDOU_TRY(ctx.db
                 .query("INSERT INTO quota(user_id, period, amount) VALUES (?, ?, ?) ON "
                        "CONFLICT(user_id, period) DO UPDATE SET amount = excluded.amount",
                        a.user_id.v, a.period, a.amount.v)
                 .run());
  return wire::write(Quota{a.user_id.v, a.period, a.amount.v});
}

Result<json> quota_list(Context& ctx, const QuotaList& a) {
  json items = json::array();
  auto q = a.user_id ? ctx.db.query("SELECT user_id, period, amount FROM quota WHERE user_id = ? "
                                    "ORDER BY period", a.user_id->v)
                     : ctx.db.query("SELECT user_id, period, amount FROM quota ORDER BY user_id, period");
  while (q.next()) items.push_back(wire::write(Quota{q.text(0), q.text(1), q.int64(2)}));
  LOUDOU_TRY(q.status());
  int64_t n = int64_t(items.size());
  return json{{"items", std::move(items)}, {"total", n}, {"next_cursor", nullptr}};
}

}  // namespace

Status register_user_ops(Registry& r) {
  LOUDOU_TRY(r.add("user.create", Access::write, &user_create));
  LOUDOU_TRY(r.add_raw("user.update", Access::write, &user_update));
  LOUDOU_TRY(r.add("user.get", Access::read, &user_get));
  LOUDOU_TRY(r.add("user.list", Access::read, &user_list));
  LOUDOU_TRY(r.add("quota.set", Access::write, &quota_set));
  LOUDOU_TRY(r.add("quota.list", Access::read, &quota_list));
  return Status::Ok();
}

}  // namespace loudou
