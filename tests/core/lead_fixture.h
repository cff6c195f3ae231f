// A fixture for the lead, activity and alert tests: an engine on an in-memory database with a
// pinned clock, and call()/fail() that return the result or the error of one op.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "instant.h"
#include "loudou/engine.h"

namespace loudou::leadtest {

using json = nlohmann::json;

inline int64_t ms(const char* iso) { return *parse_instant(iso); }

class LeadFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.now_ms = [this] { return now_; };
    auto e = Engine::open(":memory:", std::move(options));
    ASSERT_TRUE(e.ok()) << e.status().message();
    engine_ = std::move(e).value();
  }

  // The result of an op that must succeed.
  json call(const std::string& op, json args = json::object()) {
    json r = engine_->call(json{{"op", op}, {"args", std::move(args)}});
    EXPECT_TRUE(r["ok"].get<bool>()) << op << " -> " << r.dump();
    return r.value("result", json());
  }
  // The error of an op that must fail.
  json fail(const std::string& op, json args = json::object()) {
    json r = engine_->call(json{{"op", op}, {"args", std::move(args)}});
    EXPECT_FALSE(r["ok"].get<bool>()) << op << " unexpectedly succeeded: " << r.dump();
    return r.value("error", json());
  }

  std::string user(const std::string& name, const char* at = "2026-01-01T00:00:00Z") {
    return call("user.create", {{"name", name}, {"at", at}})["id"].get<std::string>();
  }
  // A pipeline 初步沟通 (rot 7) -> 需求确认 (rot 14) -> 方案报价 -> 商务谈判.
  json pipeline() {
    return call("pipeline.create",
                {{"name", "B2B"},
                 {"stages", json::array({{{"name", "初步沟通"}, {"probability", 10}, {"rot_days", 7}},
                                         {{"name", "需求确认"}, {"probability", 30}, {"rot_days", 14}},
                                         {{"name", "方案报价"}, {"probability", 60}},
                                         {{"name", "商务谈判"}, {"probability", 80}}})}});
  }
  std::string lead(json args) { return call("lead.create", std::move(args))["id"].get<std::string>(); }

  int64_t now_ = ms("2026-03-01T00:00:00Z");
  std::unique_ptr<Engine> engine_;
};

}  // namespace loudou::leadtest
