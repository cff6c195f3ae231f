// A small seeded sales history for the win-model tests and benchmark: reps of different skill,
// sources and industries that convert differently, amounts that matter a little, deals that move
// stage by stage and are won or lost — as command-API requests, so it goes through the same ops
// (and hooks) as real use. The same seed gives the same requests on every platform (splitmix64,
// no <random> distributions).
#pragma once

#include <cmath>
#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace loudou::test {

struct WinSample {
  uint64_t seed = 7;
  int deals = 3000;
  int64_t start_ms = 1735689600000;  // 2025-01-01T00:00:00Z
  int days = 365;                    // deals are created over this many days
  std::string pipeline_id = "wp";
};

// The stages: ids ws1..ws4, configured probabilities a team would typically type in.
inline const std::vector<int>& win_sample_configured() {
  static const std::vector<int> p = {20, 30, 50, 80};
  return p;
}

class SplitMix {
 public:
  explicit SplitMix(uint64_t seed) : s_(seed) {}
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }

 private:
  uint64_t s_;
};

inline std::string iso(int64_t ms) {
  time_t s = time_t(ms / 1000);
  struct tm t;
  gmtime_r(&s, &t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &t);
  return buf;
}

// The requests, in time order per deal: pipeline.create, user.create × 6, then deal.create and
// its moves and outcome. Deals whose next step would come after start + days + 60 stay open.
inline std::vector<nlohmann::json> win_sample_requests(const WinSample& o) {
  using nlohmann::json;
  SplitMix rng(o.seed);
  constexpr int64_t kDay = 86'400'000;
  const int64_t end_ms = o.start_ms + int64_t(o.days + 60) * kDay;
  std::vector<json> out;
  json stages = json::array();
  const char* names[] = {"初步沟通", "需求确认", "方案报价", "商务谈判"};
  for (int s = 0; s < 4; ++s)
    stages.push_back({{"id", "ws" + std::to_string(s + 1)},
                      {"name", names[s]},
                      {"probability", win_sample_configured()[s]}});
  out.push_back({{"op", "pipeline.create"},
                 {"args", {{"id", o.pipeline_id}, {"name", "B2B"}, {"stages", stages}, {"at", iso(o.start_ms)}}}});
  struct Level {
    std::string key;
    double effect;  // added to the log-odds of moving on at every stage
  };
  const std::vector<Level> reps = {{"王芳", 0.9}, {"李娜", 0.5}, {"张伟", 0.2},
                                   {"刘洋", 0.0}, {"陈静", -0.4}, {"杨磊", -0.8}};
  const std::vector<Level> sources = {{"老客户推荐", 1.0}, {"官网", 0.0}, {"展会", -0.2},
                                      {"电话营销", -0.5}, {"线上广告", -0.7}};
  const std::vector<Level> industries = {{"制造业", 0.3}, {"医疗", 0.4}, {"互联网", 0.0},
                                         {"教育", -0.2}, {"零售", -0.4}};
  const double stage_base[] = {-0.2, 0.2, 0.4, 0.6};
  for (size_t r = 0; r < reps.size(); ++r)
    out.push_back({{"op", "user.create"},
                   {"args", {{"id", "u" + std::to_string(r + 1)}, {"name", reps[r].key}, {"at", iso(o.start_ms)}}}});
  for (int i = 0; i < o.deals; ++i) {
    const std::string id = "d" + std::to_string(100000 + i);
    const size_t rep = rng.next() % reps.size();
    const Level& src = rng.pick(sources);
    const Level& ind = rng.pick(industries);
    const double yuan = 5000 * std::pow(10.0, rng.uniform() * 2.5);  // 5千 .. ~158万
    const int64_t amount = int64_t(yuan) * 100;
    const double amount_effect = -0.3 * std::log10(yuan / 50000);
    int64_t t = o.start_ms + int64_t(rng.uniform() * double(o.days) * double(kDay));
    out.push_back({{"op", "deal.create"},
                   {"args", {{"id", id}, {"pipeline_id", o.pipeline_id}, {"title", "商机 " + id},
                             {"amount", amount}, {"owner_id", "u" + std::to_string(rep + 1)},
                             {"source", src.key}, {"industry", ind.key}, {"at", iso(t)}}}});
    for (int s = 0; s < 4; ++s) {
      const double z = stage_base[s] + reps[rep].effect + src.effect + ind.effect + amount_effect;
      const bool moves_on = rng.uniform() < 1 / (1 + std::exp(-z));
      // Deals that are going nowhere linger longer before someone marks them lost.
      const double mean_days = moves_on ? 8 : 14;
      t += int64_t((1 - std::log(1 - rng.uniform())) * mean_days * double(kDay));
      if (t > end_ms) break;  // still open at the end of the history
      if (!moves_on) {
        out.push_back({{"op", "deal.lose"}, {"args", {{"id", id}, {"reason", "预算不足"}, {"at", iso(t)}}}});
        break;
      }
      if (s == 3) {
        out.push_back({{"op", "deal.win"}, {"args", {{"id", id}, {"at", iso(t)}}}});
      } else {
        out.push_back({{"op", "deal.move"},
                       {"args", {{"id", id}, {"stage_id", "ws" + std::to_string(s + 2)}, {"at", iso(t)}}}});
      }
    }
  }
  return out;
}

}  // namespace loudou::test
