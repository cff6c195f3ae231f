// The fixture of the import/export/backup tests: an Engine on a private in-memory database with a
// pinned clock, and short ways to call ops and check their answers (the same shape as
// engine_fixture.h, kept apart so these suites build on their own).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "instant.h"
#include "loudou/engine.h"

namespace loudou::iotest {

using json = nlohmann::json;

// 2026-03-01T00:00:00Z, the engine's "now" unless a test moves it.
inline const int64_t kNow = *parse_instant("2026-03-01T00:00:00Z");

// The closed list of error codes of shared/spec/api.md.
inline const std::vector<std::string>& error_codes() {
  static const std::vector<std::string> codes = {"bad_request", "validation_failed", "not_found",
                                                 "conflict",    "stage_requirements", "storage",
                                                 "internal"};
  return codes;
}

inline std::unique_ptr<Engine> open_engine(const std::string& path, const int64_t* now) {
  EngineOptions options;
  options.now_ms = [now] { return *now; };
  auto e = Engine::open(path, std::move(options));
  if (!e.ok()) {
    ADD_FAILURE() << "cannot open " << path << ": " << e.status().message();
    return nullptr;
  }
  return std::move(e).value();
}

class IoTest : public ::testing::Test {
 protected:
  void SetUp() override { engine_ = open_engine(":memory:", &now_); }

  // The response to {op, args}, through the text API (as the CLI and the wasm worker call it).
  json call(const std::string& op, const json& args = json::object()) {
    std::string out = engine_->call(std::string_view(json{{"op", op}, {"args", args}}.dump()));
    json r = json::parse(out, nullptr, false);
    EXPECT_FALSE(r.is_discarded()) << "not JSON: " << out;
    return r;
  }
  // The result of a call that must succeed.
  json ok(const std::string& op, const json& args = json::object()) {
    json r = call(op, args);
    if (r.value("ok", false)) return r["result"];
    ADD_FAILURE() << op << " " << args.dump() << " failed: " << r.dump();
    return json();
  }
  // The error of a call that must fail with `code` naming `field` (when field is not empty).
  json fails(const std::string& op, const json& args, const std::string& code,
             const std::string& field = "") {
    json r = call(op, args);
    if (r.value("ok", true) || !r.contains("error")) {
      ADD_FAILURE() << op << " " << args.dump() << " should fail with " << code << ": " << r.dump();
      return json();
    }
    const json& e = r["error"];
    EXPECT_EQ(e.value("code", ""), code) << op << " " << args.dump() << " -> " << r.dump();
    if (!field.empty()) EXPECT_EQ(e.value("field", ""), field) << r.dump();
    EXPECT_FALSE(e.value("message", "").empty()) << "an error needs a message: " << r.dump();
    return e;
  }

  // A pipeline with stages named S1..Sn, probabilities rising by 10.
  json pipeline(int n = 4, const std::string& name = "Sales") {
    json stages = json::array();
    for (int i = 1; i <= n; ++i)
      stages.push_back({{"name", "S" + std::to_string(i)}, {"probability", std::min(100, i * 10)}});
    return ok("pipeline.create", {{"name", name}, {"stages", stages}});
  }
  static std::string stage(const json& p, int position) {
    return p["stages"][position - 1]["id"].get<std::string>();
  }
  json deal(const json& p, json extra = json::object()) {
    json args = {{"pipeline_id", p["id"]}, {"title", "Deal"}, {"at", "2026-01-01T00:00:00Z"}};
    args.update(extra);
    return ok("deal.create", args);
  }

  int64_t now_ = kNow;
  std::unique_ptr<Engine> engine_;
};

}  // namespace loudou::iotest
