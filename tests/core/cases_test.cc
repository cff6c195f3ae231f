// The native runner of the shared behaviour cases (tests/cases/*.json, format in
// tests/cases/README.md). The wasm runner (tests/wasm/cases.test.mjs) executes the same files, so
// both builds answer every case the same way. Each case is one GoogleTest test on a fresh database.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "engine_fixture.h"

namespace loudou::test {
namespace {

struct Case {
  std::string file;  // "deal.json"
  size_t index = 0;
  json body;
};

std::vector<Case> load_cases() {
  std::vector<Case> out;
  std::vector<std::filesystem::path> files;
  for (auto& entry : std::filesystem::directory_iterator(LOUDOU_CASES_DIR))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (auto& f : files) {
    std::ifstream in(f);
    json doc = json::parse(in, nullptr, false);
    Case c{f.filename().string(), 0, json()};
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("cases") || !doc["cases"].is_array()) {
      c.body = {{"name", "the file is {\"cases\": [...]}"}, {"invalid_file", true}};
      out.push_back(c);
      continue;
    }
    for (auto& body : doc["cases"]) {
      c.body = body;
      out.push_back(c);
      ++c.index;
    }
  }
  return out;
}

// How GoogleTest shows a case in failure output and ctest listings.
void PrintTo(const Case& c, std::ostream* os) { *os << c.file << " #" << c.index; }

using Vars = std::map<std::string, json>;

// Replaces "${name}" (a whole string: the saved value, any type) and ${name} inside longer strings
// (as text) throughout `v`. An unknown name is an error, so a typo cannot pass silently.
json substitute(const json& v, const Vars& vars, std::string& error) {
  if (v.is_object()) {
    json o = json::object();
    for (auto it = v.begin(); it != v.end(); ++it) o[it.key()] = substitute(*it, vars, error);
    return o;
  }
  if (v.is_array()) {
    json a = json::array();
    for (auto& x : v) a.push_back(substitute(x, vars, error));
    return a;
  }
  if (!v.is_string()) return v;
  const std::string s = v.get<std::string>();
  if (s.size() > 3 && s.rfind("${", 0) == 0 && s.back() == '}' && s.find('}') == s.size() - 1) {
    auto it = vars.find(s.substr(2, s.size() - 3));
    if (it == vars.end()) {
      error = "nothing saved as " + s;
      return v;
    }
    return it->second;
  }
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t start = s.find("${", pos);
    size_t end = start == std::string::npos ? start : s.find('}', start);
    if (end == std::string::npos) break;
    auto it = vars.find(s.substr(start + 2, end - start - 2));
    if (it == vars.end()) {
      error = "nothing saved as " + s.substr(start, end - start + 1);
      return v;
    }
    out += s.substr(pos, start - pos);
    out += it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
    pos = end + 1;
  }
  return out + s.substr(pos);
}

// The value at a dotted path ("result.stages.1.id"); null and `found` false when there is none.
json at_path(const json& root, const std::string& path, bool& found) {
  const json* cur = &root;
  size_t pos = 0;
  found = true;
  while (pos <= path.size()) {
    size_t dot = path.find('.', pos);
    std::string part = path.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (cur->is_object() && cur->contains(part)) {
      cur = &(*cur)[part];
    } else if (cur->is_array() && !part.empty() &&
               part.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(part) < cur->size()) {
      cur = &(*cur)[std::stoul(part)];
    } else {
      found = false;
      return json();
    }
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return *cur;
}

// Subset match of README.md; returns "" or a description of the first difference.
std::string difference(const json& expected, const json& actual, const std::string& path) {
  if (expected.is_string()) {
    const std::string e = expected.get<std::string>();
    if (e == "$any") return "";
    if (e == "$string") return actual.is_string() ? "" : path + ": expected a string, got " + actual.dump();
    if (e == "$number") return actual.is_number() ? "" : path + ": expected a number, got " + actual.dump();
    if (e == "$nonempty")
      return (actual.is_string() || actual.is_array()) && !actual.empty()
                 ? ""
                 : path + ": expected a non-empty string or list, got " + actual.dump();
  }
  if (expected.is_object()) {
    if (!actual.is_object()) return path + ": expected an object, got " + actual.dump();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      std::string sub = path.empty() ? it.key() : path + "." + it.key();
      bool absent = it->is_string() && it->get<std::string>() == "$absent";
      if (absent) {
        if (actual.contains(it.key())) return sub + ": expected no such key, got " + actual[it.key()].dump();
        continue;
      }
      if (!actual.contains(it.key())) return sub + ": missing";
      std::string m = difference(*it, actual[it.key()], sub);
      if (!m.empty()) return m;
    }
    return "";
  }
  if (expected.is_array()) {
    if (!actual.is_array()) return path + ": expected a list, got " + actual.dump();
    if (expected.size() != actual.size())
      return path + ": expected " + std::to_string(expected.size()) + " items, got " +
             std::to_string(actual.size()) + ": " + actual.dump();
    for (size_t i = 0; i < expected.size(); ++i) {
      std::string m = difference(expected[i], actual[i], path + "." + std::to_string(i));
      if (!m.empty()) return m;
    }
    return "";
  }
  return expected == actual ? "" : path + ": expected " + expected.dump() + ", got " + actual.dump();
}

class CaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(CaseTest, Runs) {
  const Case& c = GetParam();
  ASSERT_FALSE(c.body.contains("invalid_file")) << c.file << " is not {\"cases\": [...]}";
  SCOPED_TRACE(c.file + " #" + std::to_string(c.index) + ": " + c.body.value("name", "?"));
  ASSERT_TRUE(c.body.contains("steps") && c.body["steps"].is_array() && !c.body["steps"].empty())
      << "a case needs steps";
  int64_t now = kNow;
  auto engine = open_engine(":memory:", &now);
  ASSERT_TRUE(engine);
  Vars vars;
  size_t n = 0;
  for (const json& step : c.body["steps"]) {
    SCOPED_TRACE("step " + std::to_string(n++));
    std::string error;
    json request = substitute(step.at("request"), vars, error);
    ASSERT_TRUE(error.empty()) << error;
    std::string text = engine->call(std::string_view(request.dump()));
    json response = json::parse(text, nullptr, false);
    ASSERT_FALSE(response.is_discarded()) << "not JSON: " << text;
    if (step.contains("expect")) {
      json expect = substitute(step["expect"], vars, error);
      ASSERT_TRUE(error.empty()) << error;
      std::string m = difference(expect, response, "");
      EXPECT_TRUE(m.empty()) << m << "\nrequest:  " << request.dump() << "\nresponse: " << text;
      if (!m.empty()) return;  // later steps depend on this one
    }
    if (step.contains("save")) {
      for (auto it = step["save"].begin(); it != step["save"].end(); ++it) {
        bool found = false;
        json v = at_path(response, it->get<std::string>(), found);
        ASSERT_TRUE(found) << "save " << it.key() << ": nothing at " << it->dump() << " in " << text;
        vars[it.key()] = v;
      }
    }
  }
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.file.substr(0, info.param.file.find('.')) + "_" +
                     std::to_string(info.param.index) + "_" + info.param.body.value("name", "");
  for (char& ch : name)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return name.substr(0, 100);
}

INSTANTIATE_TEST_SUITE_P(Cases, CaseTest, ::testing::ValuesIn(load_cases()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(CaseTest);

// The runner itself: a wrong expectation must fail, or no case proves anything.
TEST(CaseRunnerTest, SubsetMatchRejectsDifferences) {
  auto j = [](const char* text) { return json::parse(text); };
  json actual = j(R"({"ok": true, "result": {"id": "A", "stages": [1, 2], "n": 3}})");
  EXPECT_EQ(difference(j(R"({"ok": true})"), actual, ""), "");
  EXPECT_EQ(difference(j(R"({"result": {"id": "$string", "n": "$number", "x": "$absent"}})"), actual, ""), "");
  EXPECT_EQ(difference(j(R"({"result": {"stages": "$nonempty", "id": "$any"}})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"ok": false})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"result": {"stages": [1]}})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"result": {"stages": [1, 3]}})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"result": {"id": "$absent"}})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"result": {"missing": "$any"}})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"result": {"id": "$number"}})"), actual, ""), "");
  EXPECT_NE(difference(j(R"({"result": {"n": "$nonempty"}})"), actual, ""), "");
}

TEST(CaseRunnerTest, SubstitutesWholeValuesAndText) {
  Vars vars = {{"p", json("P1")}, {"n", json(7)}};
  std::string error;
  json out = substitute(json::parse(R"({"a": "${n}", "b": "x-${p}-${n}", "c": ["${p}"]})"), vars, error);
  EXPECT_EQ(error, "");
  EXPECT_EQ(out, json::parse(R"({"a": 7, "b": "x-P1-7", "c": ["P1"]})"));
  substitute(json("${nope}"), vars, error);
  EXPECT_NE(error, "");
  bool found = false;
  json doc = json::parse(R"({"result": {"stages": [{"id": "S"}]}})");
  EXPECT_EQ(at_path(doc, "result.stages.0.id", found), json("S"));
  EXPECT_TRUE(found);
  at_path(doc, "result.stages.3", found);
  EXPECT_FALSE(found);
}

}  // namespace
}  // namespace loudou::test
