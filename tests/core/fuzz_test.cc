// 10,000 random and mutated requests (seeded, so a failure replays): valid requests with keys
// dropped or renamed, types swapped, huge and negative numbers, random Unicode and broken UTF-8,
// deep nesting, random ops, damaged request text. Every response must be a JSON object with ok
// true or a coded error from the closed list (never `internal`), and afterwards the database must
// pass PRAGMA integrity_check and every deal must agree with its last stage event.
#include <sqlite3.h>

#include <cstdlib>
#include <map>
#include <random>

#include "db.h"
#include "engine_fixture.h"

namespace loudou::test {
namespace {

class Fuzzer {
 public:
  explicit Fuzzer(uint64_t seed) : rng_(seed) {}

  size_t below(size_t n) { return n ? size_t(rng_() % n) : 0; }
  bool chance(int percent) { return int(below(100)) < percent; }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }

  // Text with code points from every plane the app meets, and now and then broken UTF-8.
  std::string text(bool allow_invalid) {
    static const std::vector<std::string> pieces = {
        "a", "Z", " ", "漏斗", "商机", "🚀", "e\xCC\x81", "\"", "\\", "\n", "\t", "%", "_", "'",
        "${x}", "\xE2\x80\xAE", "\xEF\xBB\xBF", std::string("\0", 1), "<script>", "--", ";"};
    std::string s;
    size_t n = below(12);
    if (chance(3)) n = 600;  // past the 500-character limit
    for (size_t i = 0; i < n; ++i) s += pick(pieces);
    if (allow_invalid && chance(30)) s += pick(std::vector<std::string>{"\xFF", "\xC3\x28", "\xED\xA0\x80", "\xF0\x9F"});
    return s;
  }

  json number() {
    switch (below(9)) {
      case 0: return -1;
      case 1: return 0;
      case 2: return std::numeric_limits<int64_t>::max();
      case 3: return std::numeric_limits<int64_t>::min();
      case 4: return std::numeric_limits<uint64_t>::max();
      case 5: return 1e308;
      case 6: return -0.5;
      case 7: return 9'000'000'000'000'001;
      default: return int64_t(below(1'000'000));
    }
  }

  json value(int depth, bool allow_invalid) {
    switch (below(depth > 3 ? 5 : 7)) {
      case 0: return nullptr;
      case 1: return chance(50);
      case 2: return number();
      case 3:
      case 4: return text(allow_invalid);
      case 5: {
        json a = json::array();
        for (size_t i = below(4); i > 0; --i) a.push_back(value(depth + 1, allow_invalid));
        return a;
      }
      default: {
        json o = json::object();
        for (size_t i = below(4); i > 0; --i) o[text(false) + "k"] = value(depth + 1, allow_invalid);
        return o;
      }
    }
  }

  json nest(json v, size_t depth) {
    for (size_t i = 0; i < depth; ++i) v = chance(50) ? json::array({v}) : json{{"n", v}};
    return v;
  }

  // Changes one thing somewhere in `j` (an object or array), recursing into a random member.
  void mutate(json& j, bool allow_invalid) {
    if (j.is_object() && !j.empty()) {
      auto it = j.begin();
      std::advance(it, long(below(j.size())));
      std::string key = it.key();
      switch (below(7)) {
        case 0: j.erase(key); return;  // drop a key
        case 1: {                      // rename a key
          json v = *it;
          j.erase(key);
          j[chance(50) ? key + "_" : text(allow_invalid)] = v;
          return;
        }
        case 2: j[key] = value(0, allow_invalid); return;  // swap the type
        case 3: j[key] = number(); return;
        case 4: j[key] = nest(j[key], 1 + below(chance(10) ? 300 : 8)); return;
        case 5: j[text(false) + "x"] = value(0, allow_invalid); return;  // an unknown key
        default:
          if (j[key].is_structured()) mutate(j[key], allow_invalid);
          else j[key] = text(allow_invalid);
          return;
      }
    }
    if (j.is_array() && !j.empty()) {
      size_t i = below(j.size());
      switch (below(4)) {
        case 0: j.erase(i); return;
        case 1: j.push_back(value(0, allow_invalid)); return;
        case 2: j[i] = value(0, allow_invalid); return;
        default:
          if (j[i].is_structured()) mutate(j[i], allow_invalid);
          else j[i] = number();
          return;
      }
    }
  }

  std::string damage(std::string s) {
    switch (below(4)) {
      case 0: return s.substr(0, below(s.size() + 1));
      case 1:
        for (size_t i = below(6) + 1; i > 0 && !s.empty(); --i) s[below(s.size())] = char(rng_());
        return s;
      case 2: return std::string(below(20'000) + 1, '[') + s;
      default: return s + pick(std::vector<std::string>{",", "}", "\xFF", " x", std::string("\0", 1)});
    }
  }

 private:
  std::mt19937_64 rng_;
};

// Valid requests over the records made so far, for the fuzzer to start from.
struct World {
  std::vector<std::string> pipelines = {"fz-p"}, stages = {"fz-s1", "fz-s2", "fz-s3"}, deals, users,
                           fields;
  json request(Fuzzer& f) {
    auto id = [&](std::vector<std::string>& v) { return v.empty() ? std::string("none") : f.pick(v); };
    std::string at = "2026-0" + std::to_string(1 + f.below(2)) + "-1" + std::to_string(f.below(10)) + "T0" +
                     std::to_string(f.below(10)) + ":00:00Z";
    switch (f.below(24)) {
      case 0: return {{"op", "meta.info"}};
      case 1: return {{"op", "pipeline.create"}, {"args", {{"name", "P"}, {"stages", {{{"name", "A"}, {"probability", 10}, {"rot_days", 5}}, {{"name", "B"}, {"probability", 60}, {"required_fields", {"amount"}}}}}}}};
      case 2: return {{"op", "pipeline.update"}, {"args", {{"id", id(pipelines)}, {"name", "Q"}, {"at", at}, {"move_deals_to", id(stages)}, {"stages", {{{"id", id(stages)}, {"name", "A"}, {"probability", 10}}, {{"name", "N"}, {"probability", 30}}}}}}};
      case 3: return {{"op", "pipeline.get"}, {"args", {{"id", id(pipelines)}}}};
      case 4: return {{"op", "pipeline.list"}};
      case 5: return {{"op", "pipeline.delete"}, {"args", {{"id", id(pipelines)}, {"delete_deals", f.chance(50)}}}};
      case 6: return {{"op", "user.create"}, {"args", {{"name", "U"}, {"email", "u@x.cn"}, {"team", "T"}}}};
      case 7: return {{"op", "user.update"}, {"args", {{"id", id(users)}, {"active", f.chance(50)}}}};
      case 8: return {{"op", "user.list"}};
      case 9: return {{"op", "quota.set"}, {"args", {{"user_id", id(users)}, {"period", "2026-Q1"}, {"amount", 1000}}}};
      case 10: return {{"op", "quota.list"}};
      case 11: return {{"op", "field.define"}, {"args", {{"entity", "deal"}, {"key", "k" + std::to_string(f.below(20))}, {"label", "K"}, {"type", "choice"}, {"options", {"x", "y"}}, {"required_in_stages", {id(stages)}}}}};
      case 12: return {{"op", "field.update"}, {"args", {{"id", id(fields)}, {"label", "L"}, {"options", {"x", "y", "z"}}}}};
      case 13: return {{"op", "field.delete"}, {"args", {{"id", id(fields)}}}};
      case 14: return {{"op", "field.list"}, {"args", {{"entity", "deal"}}}};
      case 15:
      case 16: return {{"op", "deal.create"}, {"args", {{"pipeline_id", id(pipelines)}, {"title", "D"}, {"amount", 100}, {"owner_id", id(users)}, {"expected_close", "2026-05-01"}, {"fields", {{"k1", "x"}}}, {"at", at}}}};
      case 17: return {{"op", "deal.update"}, {"args", {{"id", id(deals)}, {"title", "E"}, {"account", nullptr}, {"amount", 5}, {"at", at}}}};
      case 18: return {{"op", "deal.move"}, {"args", {{"id", id(deals)}, {"stage_id", id(stages)}, {"at", at}}}};
      case 19: return {{"op", "deal.win"}, {"args", {{"id", id(deals)}, {"at", at}}}};
      case 20: return {{"op", "deal.lose"}, {"args", {{"id", id(deals)}, {"reason", "price"}, {"at", at}}}};
      case 21: return {{"op", "deal.reopen"}, {"args", {{"id", id(deals)}, {"stage_id", id(stages)}, {"at", at}}}};
      case 22: return {{"op", "deal.list"}, {"args", {{"status", "open"}, {"q", "D"}, {"sort", "-amount"}, {"limit", 20}}}};
      default: return {{"op", f.chance(50) ? "deal.get" : "deal.delete"}, {"args", {{"id", id(deals)}}}};
    }
  }
  // Remembers ids from a successful response.
  void learn(const json& request, const json& result) {
    if (!result.is_object() || !request.is_object() || !request.contains("op") || !request["op"].is_string()) return;
    std::string op = request["op"];
    auto add = [&](std::vector<std::string>& v, const json& id) {
      if (id.is_string() && v.size() < 200) v.push_back(id);
    };
    if (op == "pipeline.create" || op == "pipeline.update") {
      add(pipelines, result["id"]);
      for (auto& s : result["stages"]) add(stages, s["id"]);
    }
    if (op == "deal.create") add(deals, result["id"]);
    if (op == "user.create") add(users, result["id"]);
    if (op == "field.define") add(fields, result["id"]);
  }
};

// Checks one response; returns its error code ("" when ok).
std::string check_response(const json& r, const std::string& shown) {
  EXPECT_TRUE(r.is_object()) << shown;
  if (!r.is_object()) return "?";
  EXPECT_TRUE(r.contains("ok") && r["ok"].is_boolean()) << shown;
  if (r.value("ok", false)) {
    EXPECT_TRUE(r.contains("result")) << shown;
    return "";
  }
  const json& e = r.contains("error") ? r["error"] : json();
  std::string code = e.is_object() ? e.value("code", "") : "";
  const auto& codes = error_codes();
  EXPECT_NE(std::find(codes.begin(), codes.end(), code), codes.end()) << shown;
  EXPECT_NE(code, "internal") << "internal for caller input: " << shown;
  EXPECT_TRUE(e.is_object() && e.contains("message") && e["message"].is_string() &&
              !e["message"].get<std::string>().empty())
      << shown;
  return code;
}

TEST(FuzzTest, TenThousandRandomAndMutatedRequests) {
  uint64_t seed = 20260301;
  if (const char* s = std::getenv("LOUDOU_FUZZ_SEED")) seed = std::strtoull(s, nullptr, 10);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (set LOUDOU_FUZZ_SEED to replay another)");
  Fuzzer f(seed);
  World world;
  TempFile file("loudou-fuzz", true);
  int64_t now = kNow;
  auto engine = open_engine(file.path(), &now);
  ASSERT_TRUE(engine);
  json seed_req = {{"op", "pipeline.create"}, {"args", {{"id", "fz-p"}, {"name", "Fuzz"}, {"stages", {{{"id", "fz-s1"}, {"name", "A"}, {"probability", 10}}, {{"id", "fz-s2"}, {"name", "B"}, {"probability", 50}}, {{"id", "fz-s3"}, {"name", "C"}, {"probability", 90}}}}}}};
  ASSERT_EQ(engine->call(seed_req)["ok"], true);

  std::map<std::string, int> codes;
  const int kRequests = 10'000;
  for (int i = 0; i < kRequests; ++i) {
    now += 1000;
    json req;
    size_t mode = f.below(100);
    if (mode < 10) {  // a batch of a few, some of them mutated
      json reqs = json::array();
      for (size_t k = f.below(5) + 1; k > 0; --k) {
        json r = world.request(f);
        if (f.chance(30)) f.mutate(r, false);
        reqs.push_back(r);
      }
      req = {{"op", "batch"}, {"args", {{"requests", reqs}}}};
    } else if (mode < 40) {
      req = world.request(f);
    } else if (mode < 80) {
      req = world.request(f);
      for (size_t k = f.below(3) + 1; k > 0; --k) f.mutate(req, false);
    } else if (mode < 85) {  // a random op name or a random value as the request
      req = f.chance(50) ? json{{"op", f.text(false)}, {"args", f.value(0, false)}} : f.value(0, false);
    } else if (mode < 93) {  // damaged request text
      std::string text = f.damage(world.request(f).dump());
      std::string out = engine->call(std::string_view(text));
      json r = json::parse(out, nullptr, false);
      ASSERT_FALSE(r.is_discarded()) << "response is not JSON for request text: " << text;
      codes[check_response(r, text.substr(0, 300) + " -> " + out)]++;
      continue;
    } else {  // through the json overload, with broken UTF-8 in values and keys
      req = world.request(f);
      f.mutate(req, true);
      json r = engine->call(req);
      std::string shown = req.dump(-1, ' ', false, json::error_handler_t::replace);
      codes[check_response(r, shown)]++;
      if (r.value("ok", false)) world.learn(req, r["result"]);
      continue;
    }
    std::string text = req.dump();
    std::string out = engine->call(std::string_view(text));
    json r = json::parse(out, nullptr, false);
    ASSERT_FALSE(r.is_discarded()) << "response is not JSON: " << out << " for " << text;
    std::string code = check_response(r, text.substr(0, 400) + " -> " + out.substr(0, 400));
    codes[code]++;
    if (!code.empty() || !r.value("ok", false)) continue;
    if (req["op"] == "batch") {
      for (size_t k = 0; k < req["args"]["requests"].size(); ++k)
        world.learn(req["args"]["requests"][k], r["result"]["results"][k]);
    } else {
      world.learn(req, r["result"]);
    }
    if (::testing::Test::HasFailure()) break;
  }
  std::string summary;
  for (auto& [code, n] : codes) summary += (code.empty() ? "ok" : code) + "=" + std::to_string(n) + " ";
  RecordProperty("responses", summary);
  std::cout << "[ fuzz     ] " << summary << "\n";
  // The run must reach past the parser: many successes and every kind of caller error.
  EXPECT_GT(codes[""], kRequests / 10) << summary;
  for (const char* c : {"bad_request", "validation_failed", "not_found", "conflict", "stage_requirements"})
    EXPECT_GT(codes[c], 0) << c << " never seen: " << summary;
  // Everything it said is still readable through the text API.
  json list = json::parse(engine->call(std::string_view(R"({"op":"deal.list","args":{"limit":1000}})")), nullptr, false);
  ASSERT_FALSE(list.is_discarded());
  EXPECT_EQ(list["ok"], true);
  engine.reset();

  auto db = Db::open(file.path(), "");
  ASSERT_TRUE(db.ok());
  auto ic = db.value()->query("PRAGMA integrity_check");
  ASSERT_TRUE(ic.next());
  EXPECT_EQ(ic.text(0), "ok");
  auto fk = db.value()->query("PRAGMA foreign_key_check");
  EXPECT_FALSE(fk.next()) << "a foreign key points nowhere";
  // Each deal's state is what its last stage event says.
  auto q = db.value()->query(R"sql(
    SELECT d.id, d.status, d.stage_id, e.kind, e.stage_id FROM deal d
    LEFT JOIN stage_event e ON e.seq = (SELECT seq FROM stage_event WHERE deal_id = d.id ORDER BY at DESC, seq DESC LIMIT 1))sql");
  int deals = 0;
  while (q.next()) {
    ++deals;
    std::string status = q.text(1), kind = q.text(3);
    ASSERT_FALSE(q.is_null(3)) << "deal " << q.text(0) << " has no stage events";
    EXPECT_EQ(q.text(2), q.text(4)) << "deal " << q.text(0) << " is not in its last event's stage";
    if (status == "open") EXPECT_TRUE(kind == "create" || kind == "move" || kind == "reopen") << q.text(0) << " " << kind;
    else EXPECT_EQ(kind, status) << q.text(0);
  }
  EXPECT_TRUE(q.status().ok());
  EXPECT_GT(deals, 0);
}

}  // namespace
}  // namespace loudou::test
