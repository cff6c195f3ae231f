// The native CLI as a user runs it (a separate process, a real file): the foundation's done
// criterion — a pipeline with 6 stages, 100 deals with backdated moves through `batch < file`,
// listed back — plus its exit codes: 0 when every response is ok, 1 when one is not, 2 on misuse.
#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "engine_fixture.h"

namespace loudou::test {
namespace {

struct CliRun {
  int status = -1;
  std::vector<std::string> lines;
};

class CliTest : public ::testing::Test {
 protected:
  // Runs the CLI with `args` (shell-quoted by the caller), stdin from `input_file` if given.
  CliRun cli(const std::string& args, const std::string& input_file = "") {
    std::string cmd = std::string("'") + LOUDOU_CLI_PATH + "' " + args;
    if (!input_file.empty()) cmd += " < '" + input_file + "'";
    cmd += " 2>/dev/null";
    CliRun run;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return run;
    std::string out;
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    int st = pclose(p);
    run.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) run.lines.push_back(line);
    return run;
  }
  static std::string quote(const json& request) {
    std::string s = request.dump(), out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }
  std::string db() const { return "--db '" + file_.path() + "' "; }

  TempFile file_{"loudou-cli", true};
  TempFile input_{"loudou-cli-input"};
};

TEST_F(CliTest, SixStagesHundredDealsWithBackdatedMovesAndListThemBack) {
  std::ofstream out(input_.path());
  json stages = json::array();
  for (int s = 1; s <= 6; ++s)
    stages.push_back({{"id", "stage-" + std::to_string(s)}, {"name", "阶段" + std::to_string(s)}, {"probability", s * 15}});
  out << json{{"op", "pipeline.create"}, {"args", {{"id", "pipe"}, {"name", "Enterprise"}, {"stages", stages}, {"at", "2025-01-01T00:00:00Z"}}}}.dump() << "\n";
  // Deal i is created on day i of 2025 and moved forward, one stage every few days, to stage
  // 1 + i % 6 (skipping one when i is a multiple of 7); deals 90.. are then won or lost.
  std::map<std::string, std::string> expected_stage, expected_status;
  int lines = 1;
  for (int i = 0; i < 100; ++i) {
    std::string id = "deal-" + std::to_string(i);
    int day = 1 + i;
    auto at = [](int d) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "2025-%02d-%02dT09:00:00Z", 1 + (d - 1) / 28, 1 + (d - 1) % 28);
      return std::string(buf);
    };
    out << json{{"op", "deal.create"}, {"args", {{"id", id}, {"pipeline_id", "pipe"}, {"title", "商机 " + std::to_string(i)}, {"amount", 10000 * (i + 1)}, {"at", at(day)}}}}.dump() << "\n";
    ++lines;
    int target = 1 + i % 6;
    for (int s = 2; s <= target; ++s) {
      if (i % 7 == 0 && s == 2 && target > 2) continue;  // a skip
      day += 3;
      out << json{{"op", "deal.move"}, {"args", {{"id", id}, {"stage_id", "stage-" + std::to_string(s)}, {"at", at(day)}}}}.dump() << "\n";
      ++lines;
    }
    expected_stage[id] = "stage-" + std::to_string(target);
    expected_status[id] = "open";
    if (i >= 90) {
      bool won = i % 2 == 0;
      json args = {{"id", id}, {"at", at(day + 1)}};
      if (!won) args["reason"] = "预算不足";
      out << json{{"op", won ? "deal.win" : "deal.lose"}, {"args", args}}.dump() << "\n";
      ++lines;
      expected_status[id] = won ? "won" : "lost";
    }
  }
  out << "\n";  // blank lines are skipped
  out.close();

  CliRun batch = cli(db() + "batch", input_.path());
  EXPECT_EQ(batch.status, 0);
  ASSERT_EQ(int(batch.lines.size()), lines);
  for (auto& line : batch.lines) {
    json r = json::parse(line, nullptr, false);
    ASSERT_FALSE(r.is_discarded()) << line;
    ASSERT_EQ(r["ok"], true) << line;
  }

  CliRun list = cli(db() + "call " + quote({{"op", "deal.list"}, {"args", {{"pipeline_id", "pipe"}, {"limit", 1000}}}}));
  EXPECT_EQ(list.status, 0);
  ASSERT_EQ(list.lines.size(), 1u);
  json page = json::parse(list.lines[0])["result"];
  EXPECT_EQ(page["total"], 100);
  ASSERT_EQ(page["items"].size(), 100u);
  for (auto& d : page["items"]) {
    std::string id = d["id"];
    EXPECT_EQ(d["stage_id"], expected_stage[id]) << id;
    EXPECT_EQ(d["status"], expected_status[id]) << id;
  }
  // The history of one deal shows the backdated moves, the skip included.
  CliRun get = cli(db() + "call " + quote({{"op", "deal.get"}, {"args", {{"id", "deal-14"}}}}));
  json events = json::parse(get.lines.at(0))["result"]["stage_events"];
  ASSERT_EQ(events.size(), 2u);  // create, then one move that skips stage 2
  EXPECT_EQ(events[1]["from_stage_id"], "stage-1");
  EXPECT_EQ(events[1]["stage_id"], "stage-3");
  EXPECT_EQ(events[1]["at"], "2025-01-18T09:00:00Z");
  json p = json::parse(cli(db() + "call " + quote({{"op", "pipeline.get"}, {"args", {{"id", "pipe"}}}})).lines.at(0));
  EXPECT_EQ(p["result"]["stages"].size(), 6u);
}

TEST_F(CliTest, ExitCodeIsOneWhenAnyResponseFails) {
  std::ofstream out(input_.path());
  out << R"({"op": "meta.info"})" << "\n";
  out << R"({"op": "deal.get", "args": {"id": "ghost"}})" << "\n";
  out << "this is not json\n";
  out << R"({"op": "pipeline.list"})" << "\n";
  out.close();
  CliRun batch = cli(db() + "batch", input_.path());
  EXPECT_EQ(batch.status, 1);
  ASSERT_EQ(batch.lines.size(), 4u) << "every line is answered, also after a failure";
  EXPECT_EQ(json::parse(batch.lines[0])["ok"], true);
  EXPECT_EQ(json::parse(batch.lines[1])["error"]["code"], "not_found");
  EXPECT_EQ(json::parse(batch.lines[2])["error"]["code"], "bad_request");
  EXPECT_EQ(json::parse(batch.lines[3])["ok"], true);

  EXPECT_EQ(cli(db() + "call " + quote({{"op", "meta.info"}})).status, 0);
  CliRun bad = cli(db() + "call " + quote({{"op", "deal.get"}, {"args", {{"id", "ghost"}}}}));
  EXPECT_EQ(bad.status, 1);
  ASSERT_EQ(bad.lines.size(), 1u);
  EXPECT_EQ(json::parse(bad.lines[0])["error"]["code"], "not_found");
}

TEST_F(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(cli("").status, 2);
  EXPECT_EQ(cli("call '{}'").status, 2);
  EXPECT_EQ(cli(db()).status, 2);
  EXPECT_EQ(cli(db() + "call").status, 2);
  EXPECT_EQ(cli(db() + "frobnicate").status, 2);
}

TEST_F(CliTest, DatabaseThatCannotOpenExitsOne) {
  { std::ofstream(file_.path(), std::ios::binary) << std::string(4096, 'x'); }
  EXPECT_EQ(cli(db() + "call " + quote({{"op", "meta.info"}})).status, 1);
}

}  // namespace
}  // namespace loudou::test
