#include <gtest/gtest.h>
#include "loudou/engine.h"
TEST(Smoke, MetaInfo) {
  auto e = loudou::Engine::open(":memory:");
  ASSERT_TRUE(e.ok()) << e.status().message();
  auto r = e.value()->call(nlohmann::json{{"op", "meta.info"}});
  EXPECT_TRUE(r["ok"].get<bool>()) << r.dump();
}
