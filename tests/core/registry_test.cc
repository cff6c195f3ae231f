// Properties every op of the foundation must have, checked over the registry so an op added
// later is covered without editing this file.
#include <gtest/gtest.h>

#include "engine_fixture.h"
#include "registry.h"
#include "schema.h"

namespace loudou::test {
namespace {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (auto reg : {register_meta_ops, register_pipeline_ops, register_user_ops, register_field_ops,
                     register_deal_ops})
      ASSERT_TRUE(reg(registry_).ok());
    auto db = Db::open(":memory:", "");
    ASSERT_TRUE(db.ok());
    db_ = std::move(db).value();
    ASSERT_TRUE(migrate(*db_).ok());
  }
  Registry registry_;
  std::unique_ptr<Db> db_;
  IdMaker ids_;
};

// Every write takes `at` (api.md: "Every write op takes an optional at"). The args also carry an
// unknown key: an op that knows `at` complains about that key instead. field.delete did not.
TEST_F(RegistryTest, EveryWriteOpAcceptsAt) {
  Context ctx{*db_, ids_, kNow};
  int writes = 0;
  for (const auto& [name, op] : registry_.ops()) {
    if (op.access != Access::write) continue;
    ++writes;
    auto r = op.handler(ctx, json{{"at", "2026-01-01T00:00:00Z"}, {"zz_unknown", 1}});
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), ErrorCode::bad_request) << name << ": " << r.status().message();
    EXPECT_EQ(r.status().field(), "zz_unknown") << name << " does not accept at: " << r.status().message();
  }
  EXPECT_GE(writes, 15);
}

// Every op refuses an unknown args key rather than ignoring it.
TEST_F(RegistryTest, EveryOpRefusesUnknownArgsKeys) {
  Context ctx{*db_, ids_, kNow};
  for (const auto& [name, op] : registry_.ops()) {
    auto r = op.handler(ctx, json{{"zz_unknown", 1}});
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.status().code(), ErrorCode::bad_request) << name;
    EXPECT_EQ(r.status().field(), "zz_unknown") << name;
  }
}

}  // namespace
}  // namespace loudou::test
