// batch is all-or-nothing on a real file: a failing request leaves the database file exactly as
// it was, byte for byte, wherever in the batch it fails.
#include "engine_fixture.h"

namespace loudou::test {
namespace {

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine_ = open_engine(file_.path(), &now_);
    ASSERT_TRUE(engine_);
    json r = engine_->call(json{{"op", "pipeline.create"},
                                {"args", {{"id", "p"}, {"name", "P"}, {"stages", {{{"id", "s1"}, {"name", "A"}, {"probability", 10}},
                                                                                   {{"id", "s2"}, {"name", "B"}, {"probability", 50}}}}}}});
    ASSERT_EQ(r["ok"], true) << r.dump();
  }
  json call(const json& request) { return engine_->call(request); }
  static json create(const std::string& id, json extra = json::object()) {
    json args = {{"id", id}, {"pipeline_id", "p"}, {"title", "Deal " + id}, {"at", "2026-01-01T00:00:00Z"}};
    args.update(extra);
    return {{"op", "deal.create"}, {"args", args}};
  }

  int64_t now_ = kNow;
  TempFile file_{"loudou-batch"};
  std::unique_ptr<Engine> engine_;
};

TEST_F(BatchTest, FailingRequestLeavesTheFileByteForByteUnchanged) {
  ASSERT_EQ(call({{"op", "batch"}, {"args", {{"requests", {create("d0")}}}}})["ok"], true);
  const std::string before = file_.bytes();
  ASSERT_FALSE(before.empty());
  // A failure first, in the middle and last; each after many successful writes in the batch.
  for (size_t fail_at : {0u, 250u, 499u}) {
    json reqs = json::array();
    for (size_t i = 0; i < 500; ++i) {
      std::string id = "b" + std::to_string(fail_at) + "-" + std::to_string(i);
      if (i == fail_at) reqs.push_back(create(id, {{"amount", -1}}));
      else reqs.push_back(create(id, {{"title", std::string(400, 'x')}}));
      reqs.push_back({{"op", "deal.move"}, {"args", {{"id", id}, {"stage_id", "s2"}, {"at", "2026-01-02T00:00:00Z"}}}});
    }
    json r = call({{"op", "batch"}, {"args", {{"requests", reqs}}}});
    EXPECT_EQ(r["ok"], false) << r.dump();
    EXPECT_EQ(r["error"]["code"], "validation_failed");
    EXPECT_EQ(r["error"]["field"], "amount");
    EXPECT_NE(r["error"]["message"].get<std::string>().find("request " + std::to_string(2 * fail_at)),
              std::string::npos) << r.dump();
    EXPECT_TRUE(file_.bytes() == before) << "the file changed after a failed batch (fail_at " << fail_at << ")";
    EXPECT_FALSE(std::filesystem::exists(file_.path() + "-journal"));
  }
  json list = call({{"op", "deal.list"}});
  EXPECT_EQ(list["result"]["total"], 1);
}

TEST_F(BatchTest, FailingSingleWriteLeavesTheFileUnchanged) {
  const std::string before = file_.bytes();
  EXPECT_EQ(call(create("x", {{"stage_id", "nope"}}))["error"]["code"], "not_found");
  // Fails after its first write: the new name is stored before the stage list is checked.
  EXPECT_EQ(call({{"op", "pipeline.update"}, {"args", {{"id", "p"}, {"name", "Q"}, {"stages", {{{"name", "A"}, {"probability", 10}},
                                                                                              {{"name", "A"}, {"probability", 10}}}}}}})["error"]["code"],
            "validation_failed");
  EXPECT_TRUE(file_.bytes() == before);
}

// A request that fails inside a batch after its own earlier writes rolls them back too, so
// the successful ones before it are not left half-done either.
TEST_F(BatchTest, FailureAfterPartialWritesOfOneRequestRollsBackEverything) {
  const std::string before = file_.bytes();
  json stages = {{{"id", "s1"}, {"name", "A"}, {"probability", 10}}, {{"id", "s2"}, {"name", "B"}, {"probability", 50}},
                 {{"name", "C"}, {"probability", 70}}, {{"id", "ghost"}, {"name", "D"}, {"probability", 90}}};
  json r = call({{"op", "batch"}, {"args", {{"requests", {create("d1"), {{"op", "pipeline.update"}, {"args", {{"id", "p"}, {"name", "Renamed"}, {"stages", stages}}}}}}}}});
  EXPECT_EQ(r["error"]["code"], "not_found") << r.dump();
  EXPECT_EQ(r["error"]["field"], "stages[3].id");
  EXPECT_TRUE(file_.bytes() == before);
  json p = call({{"op", "pipeline.get"}, {"args", {{"id", "p"}}}});
  EXPECT_EQ(p["result"]["name"], "P");
  EXPECT_EQ(p["result"]["stages"].size(), 2u);
}

TEST_F(BatchTest, SuccessfulBatchCommitsEverythingInOrder) {
  json reqs = json::array();
  for (int i = 0; i < 50; ++i) reqs.push_back(create("d" + std::to_string(i)));
  json r = call({{"op", "batch"}, {"args", {{"requests", reqs}}}});
  ASSERT_EQ(r["ok"], true) << r.dump();
  ASSERT_EQ(r["result"]["results"].size(), 50u);
  EXPECT_EQ(r["result"]["results"][49]["id"], "d49");
  // Reopening the file shows the committed data.
  engine_.reset();
  engine_ = open_engine(file_.path(), &now_);
  EXPECT_EQ(call({{"op", "deal.list"}, {"args", {{"limit", 1}}}})["result"]["total"], 50);
}

}  // namespace
}  // namespace loudou::test
