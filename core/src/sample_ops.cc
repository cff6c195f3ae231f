// sample.generate / sample.clear (see sample_data.h).
//
// The story the data tells: a 6-stage B2B pipeline (线索获取 → 初步沟通 → 需求确认 → 方案/报价 →
// 商务谈判 → 签约成交), reps of different skill, sources and industries that convert differently,
// deals that go back a stage (re-quoting), get lost for a reason that fits their stage, are
// sometimes reopened, and a seasonal intake (quiet around the Spring Festival, busy in Q4).
#include <algorithm>
#include <cstdio>

#include "registry.h"
#include "sample_data.h"
#include "store.h"

namespace loudou {
namespace {

struct SampleGenerate {
  std::optional<wire::Count> seed;
  std::optional<wire::Count> deals;
  std::optional<wire::Count> months;
  std::optional<wire::Instant> now;
  std::optional<wire::Id> pipeline_id;
};
BOOST_DESCRIBE_STRUCT(SampleGenerate, (), (seed, deals, months, now, pipeline_id))

struct SampleClear {};
BOOST_DESCRIBE_STRUCT(SampleClear, (), ())

constexpr const char* kPipelineId = "sample-pipeline";
const char* const kStageNames[] = {"线索获取", "初步沟通", "需求确认", "方案/报价", "商务谈判", "签约成交"};
const int kStageProb[] = {5, 15, 30, 50, 70, 90};
const int kStageRot[] = {7, 10, 14, 14, 21, 10};
// Chance to move on from a stage; of the rest, the share that goes back a stage (re-quote after a
// negotiation round, re-qualify a need) instead of being lost; mean days spent there.
const double kAdvance[] = {0.85, 0.72, 0.58, 0.48, 0.45, 0.85};
const double kBackShare[] = {0, 0.8, 0.88, 0.93, 0.93, 0.75};
const double kDwellDays[] = {5, 8, 10, 9, 10, 7};

const char* const kSources[] = {"官网", "老客户推荐", "线上广告", "展会", "电话营销"};
const double kSourceWeight[] = {28, 14, 26, 17, 15};
const double kSourceLift[] = {1.0, 1.35, 0.85, 1.1, 0.75};
const char* const kIndustries[] = {"制造业", "零售", "互联网", "金融", "教育", "医疗"};
const double kIndustryWeight[] = {26, 18, 20, 12, 12, 12};
const double kIndustryLift[] = {1.05, 0.9, 1.0, 1.15, 0.85, 0.95};
const int64_t kIndustryAmount[] = {180000, 60000, 120000, 350000, 80000, 220000};  // 元
const char* const kReasons[] = {"价格太高", "选择了竞品", "预算取消", "需求变化", "联系不上"};
// Loss reasons by stage: early losses are mostly unreachable contacts, late ones price and rivals.
const double kReasonWeight[6][5] = {{5, 5, 10, 20, 60}, {10, 15, 15, 25, 35}, {20, 25, 20, 25, 10},
                                    {40, 30, 15, 10, 5},  {40, 35, 15, 8, 2},   {30, 30, 30, 10, 0}};
// Intake by calendar month (Jan..Dec).
const double kSeason[] = {0.9, 0.55, 1.05, 1.1, 1.05, 1.0, 0.9, 0.85, 1.05, 1.0, 1.15, 1.25};
const char* const kReps[] = {"王芳", "李强", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄涛"};
const double kRepSkill[] = {1.25, 1.1, 1.0, 0.95, 0.9, 1.15, 0.8, 1.0};
const char* const kCities[] = {"北京", "上海", "广州", "深圳", "杭州", "苏州", "成都", "武汉",
                               "南京", "西安", "重庆", "天津", "青岛", "厦门", "长沙", "宁波"};
const char* const kNameParts[] = {"华", "信", "达", "盛", "恒", "瑞", "鑫", "泰", "博", "创",
                                  "远", "通", "卓", "宏", "嘉", "联", "汇", "正", "安", "中"};
const char* const kTrade[6][3] = {{"精密机械", "智能装备", "新材料"}, {"商贸", "连锁超市", "电子商务"},
                                  {"网络科技", "信息技术", "软件"},    {"金融服务", "融资租赁", "保险代理"},
                                  {"教育科技", "职业培训", "文化传播"}, {"医疗器械", "生物科技", "健康管理"}};
const char* const kProjects[] = {"年度采购", "系统升级", "二期项目", "框架合同", "试点项目", "续约"};
const char* const kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
const char* const kTitles[] = {"总", "经理", "主任", "总监"};

std::string two(int v) {
  char b[8];
  std::snprintf(b, sizeof b, "%02d", v);
  return b;
}

struct SimStage {
  std::string id;
  int probability;
};

Result<json> sample_generate(Context& ctx, const SampleGenerate& a) {
  const int64_t n_deals = a.deals ? a.deals->v : 2000;
  const int64_t months = a.months ? a.months->v : 24;
  if (n_deals > 1'000'000) return invalid("deals", "deals must be at most 1,000,000");
  if (months < 1 || months > 120) return invalid("months", "months must be 1..120");
  const int64_t now = ctx.at(a.now);
  SampleRng rng(a.seed ? uint64_t(a.seed->v) : 1);
  {
    auto q = ctx.db.query("SELECT 1 FROM deal WHERE id >= 'sample-' AND id < 'sample.' LIMIT 1");
    if (q.next()) return conflict("sample data is already there; clear it first (sample.clear)");
    LOUDOU_TRY(q.status());
  }
  const int64_t start = now - months * 30 * kMsPerDay;

  // The pipeline: the caller's, or the 6-stage sample one.
  std::string pipeline_id;
  std::vector<SimStage> stages;
  if (a.pipeline_id) {
    LOUDOU_ASSIGN_OR_RETURN(auto p, load_pipeline(ctx.db, a.pipeline_id->v, "pipeline_id"));
    pipeline_id = p.id;
    for (auto& s : p.stages) stages.push_back({s.id, s.probability});
    if (stages.empty()) return invalid("pipeline_id", "the pipeline has no stages");
  } else {
    if (exists(ctx.db, "pipeline", kPipelineId))
      return conflict("the sample pipeline is already there; clear it first (sample.clear)");
    pipeline_id = kPipelineId;
    LOUDOU_TRY(ctx.db.query("INSERT INTO pipeline(id, name, currency, created_at, updated_at) VALUES (?, ?, 'CNY', ?, ?)",
                            pipeline_id, "示例：B2B 销售流程", start, start).run());
    for (int i = 0; i < 6; ++i) {
      std::string id = "sample-stage-" + std::to_string(i + 1);
      LOUDOU_TRY(ctx.db.query("INSERT INTO stage(id, pipeline_id, name, position, probability, rot_days) VALUES (?, ?, ?, ?, ?, ?)",
                              id, pipeline_id, kStageNames[i], i + 1, kStageProb[i], kStageRot[i]).run());
      stages.push_back({id, kStageProb[i]});
    }
  }
  const int n_stages = int(stages.size());
  // Each deal is written with its final reached_mask, so the stage-event trigger has nothing to
  // add and leaves the deal row (and its indexes) alone.
  std::vector<int64_t> stage_bit;
  for (auto& s : stages) {
    auto q = ctx.db.query("SELECT slot FROM stage WHERE id = ?", s.id);
    int64_t slot = q.next() && !q.is_null(0) ? q.int64(0) : 63;
    stage_bit.push_back(slot < 63 ? int64_t(1) << slot : 0);
  }
  // A bigger page cache while writing keeps SQLite from spilling the transaction to the file.
  // (Statement journals, one per insert since triggers fire, stay in memory by a compile option,
  // SQLITE_STMTJRNL_SPILL: PRAGMA temp_store inside the op's transaction came too late for them.)
  LOUDOU_TRY(ctx.db.exec("PRAGMA cache_size = -262144"));

  // Reps and their monthly quotas.
  const int n_reps = 8;
  std::vector<std::string> reps;
  for (int r = 0; r < n_reps; ++r) {
    std::string id = "sample-rep-" + std::to_string(r + 1);
    reps.push_back(id);
    if (exists(ctx.db, "user", id)) continue;
    LOUDOU_TRY(ctx.db.query("INSERT INTO user(id, name, team, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                            id, kReps[r], r < 4 ? "华东组" : "华南组", start, start).run());
  }
  const int64_t quota_month = n_deals / months / n_reps * 130000 * 100 / 4;  // ≈ a fair target, in 分
  for (int64_t m = 0; m <= months; ++m) {
    std::string period = month_of(start + m * 30 * kMsPerDay);
    for (int r = 0; r < n_reps; ++r)
      LOUDOU_TRY(ctx.db.query("INSERT OR REPLACE INTO quota(user_id, period, amount) VALUES (?, ?, ?)",
                              reps[size_t(r)], period, quota_month / 10000 * 10000 * int64_t(kRepSkill[r] * 10) / 10).run());
  }

  // Intake weights per day slot follow the season of its month.
  const int64_t span_days = (now - start) / kMsPerDay;
  std::vector<double> day_weight(static_cast<size_t>(span_days));
  for (int64_t d = 0; d < span_days; ++d) {
    std::string mo = month_of(start + d * kMsPerDay).substr(5, 2);
    day_weight[size_t(d)] = kSeason[std::stoi(mo) - 1];
  }
  std::vector<double> cumulative(day_weight.size());
  double acc = 0;
  for (size_t i = 0; i < day_weight.size(); ++i) cumulative[i] = acc += day_weight[i];

  // Creation times first, in order: ids then follow time and every index grows at its end.
  std::vector<int64_t> created_at(static_cast<size_t>(n_deals));
  for (auto& c : created_at) {
    double x = rng.uniform() * acc;
    int64_t day = int64_t(std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
    day = std::min<int64_t>(day, span_days - 1);
    c = start + day * kMsPerDay + rng.between(8 * 3600, 19 * 3600) * 1000;
  }
  std::sort(created_at.begin(), created_at.end());
  int64_t events = 0, won = 0, lost = 0;
  struct Ev { const char* kind; int from; int to; int64_t at; const char* reason; };
  std::vector<Ev> evs;
  for (int64_t k = 0; k < n_deals; ++k) {
    char idbuf[32];
    std::snprintf(idbuf, sizeof idbuf, "sample-deal-%06lld", (long long)(k + 1));
    std::string id = idbuf;
    int64_t created = created_at[size_t(k)];
    int rep = rng.between(0, n_reps - 1);
    int src = rng.pick(kSourceWeight, 5);
    int ind = rng.pick(kIndustryWeight, 6);
    double lift = kRepSkill[rep] * kSourceLift[src] * kIndustryLift[ind];
    // Amount: the industry's typical size times a skewed factor (product of two uniforms).
    double f = (0.3 + rng.uniform() * 1.7) * (0.5 + rng.uniform() * 1.5);
    int64_t amount = std::max<int64_t>(5000, int64_t(double(kIndustryAmount[ind]) * f) / 1000 * 1000) * 100;
    std::string city = kCities[rng.between(0, 15)];
    std::string account = city + kNameParts[rng.between(0, 19)] + kNameParts[rng.between(0, 19)] +
                          kTrade[ind][rng.between(0, 2)] + "有限公司";
    std::string title = account.substr(0, account.size() - std::string("有限公司").size()) +
                        kProjects[rng.between(0, 5)];
    std::string contact = std::string(kSurnames[rng.between(0, 9)]) + kTitles[rng.between(0, 3)];

    // Walk the deal through the stages until it closes or reaches `now`.
    evs.clear();
    int stage = rng.chance(0.08) && n_stages > 2 ? 1 : 0;  // some start past the first stage
    int64_t t = created;
    evs.push_back({"create", -1, stage, t, nullptr});
    const char* status = "open";
    const char* reason = nullptr;
    int64_t closed_at = 0;
    bool reopened = false;
    for (int step = 0; step < 40; ++step) {
      int si = std::min(stage, 5);
      double dwell = kDwellDays[si] * (0.2 + rng.uniform() * 1.6) / std::min(lift, 1.2);
      int64_t next = t + int64_t(dwell * double(kMsPerDay)) + rng.between(0, 3600) * 1000;
      if (next >= now) break;
      t = next;
      double adv = std::min(0.97, kAdvance[si] * lift);
      double u = rng.uniform();
      if (stage == n_stages - 1 && u < adv) {
        status = "won";
        closed_at = t;
        evs.push_back({"won", stage, stage, t, nullptr});
        break;
      }
      if (u < adv) {
        int to = stage + 1 + (rng.chance(0.06) && stage + 2 < n_stages ? 1 : 0);
        evs.push_back({"move", stage, to, t, nullptr});
        stage = to;
      } else if (stage >= 1 && u < adv + (1 - adv) * kBackShare[si]) {
        evs.push_back({"move", stage, stage - 1, t, nullptr});
        --stage;
      } else {
        reason = kReasons[rng.pick(kReasonWeight[si], 5)];
        evs.push_back({"lost", stage, stage, t, reason});
        status = "lost";
        closed_at = t;
        if (reopened || !rng.chance(0.05)) break;
        int64_t back = t + rng.between(10, 60) * kMsPerDay;  // the customer came back
        if (back >= now) break;
        t = back;
        evs.push_back({"reopen", stage, stage, t, nullptr});
        status = "open";
        reason = nullptr;
        reopened = true;
      }
    }
    int64_t expected = created + int64_t((40 + rng.uniform() * 120) * double(kMsPerDay));
    if (std::string(status) != "open") expected = closed_at;
    const Ev& last = evs.back();
    int64_t mask = 0;
    for (const auto& e : evs) mask |= stage_bit[size_t(e.to)];
    LOUDOU_TRY(ctx.db
                   .query("INSERT INTO deal(id, pipeline_id, stage_id, status, title, amount, currency, owner_id, "
                          "account, contact, source, industry, expected_close, lost_reason, created_at, "
                          "updated_at, stage_entered_at, closed_at, reached_mask) VALUES (?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          id, pipeline_id, stages[size_t(stage)].id, status, title, amount, reps[size_t(rep)],
                          account, contact, kSources[src], kIndustries[ind], date_of(expected),
                          reason ? std::optional<std::string>(reason) : std::nullopt, created, last.at,
                          [&] {  // the last create/move/reopen
                            for (auto it = evs.rbegin(); it != evs.rend(); ++it)
                              if (std::string(it->kind) != "won" && std::string(it->kind) != "lost") return it->at;
                            return created;
                          }(),
                          std::string(status) == "open" ? std::optional<int64_t>() : closed_at, mask)
                   .run());
    for (const auto& e : evs) {
      LOUDOU_TRY(ctx.db
                     .query("INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at, reason) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)",
                            id, pipeline_id, e.kind,
                            e.from < 0 ? std::optional<std::string>() : stages[size_t(e.from)].id,
                            stages[size_t(e.to)].id, e.at,
                            e.reason ? std::optional<std::string>(e.reason) : std::nullopt)
                     .run());
    }
    events += int64_t(evs.size());
    if (std::string(status) == "won") ++won;
    if (std::string(status) == "lost") ++lost;
  }
  LOUDOU_TRY(ctx.db.exec("PRAGMA cache_size = -16384"));
  return json{{"pipeline_id", pipeline_id}, {"deals", n_deals}, {"stage_events", events},
              {"users", n_reps}, {"won", won}, {"lost", lost}, {"open", n_deals - won - lost},
              {"from", format_instant(start)}, {"now", format_instant(now)}};
}

bool has_table(Db& db, const char* name) {
  auto q = db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", name);
  return q.next();
}

Result<json> sample_clear(Context& ctx, const SampleClear&) {
  auto count = [&](const char* sql) -> Result<int64_t> {
    auto q = ctx.db.query(sql);
    int64_t n = q.next() ? q.int64(0) : 0;
    LOUDOU_TRY(q.status());
    return n;
  };
  LOUDOU_ASSIGN_OR_RETURN(int64_t deals, count("SELECT COUNT(*) FROM deal WHERE id >= 'sample-' AND id < 'sample.'"));
  LOUDOU_TRY(ctx.db.query("DELETE FROM stage_event WHERE deal_id >= 'sample-' AND deal_id < 'sample.'").run());
  LOUDOU_TRY(ctx.db.query("DELETE FROM deal WHERE id >= 'sample-' AND id < 'sample.'").run());
  // The sample pipeline goes unless someone put a deal of their own into it; sample reps go
  // unless a record of someone else's still names them.
  LOUDOU_ASSIGN_OR_RETURN(int64_t kept, count("SELECT COUNT(*) FROM deal WHERE pipeline_id = 'sample-pipeline'"));
  bool pipeline_removed = false;
  if (kept == 0 && exists(ctx.db, "pipeline", kPipelineId)) {
    LOUDOU_TRY(ctx.db.query("DELETE FROM stage_event WHERE pipeline_id = 'sample-pipeline'").run());
    LOUDOU_TRY(ctx.db.query("DELETE FROM stage WHERE pipeline_id = 'sample-pipeline'").run());
    LOUDOU_TRY(ctx.db.query("DELETE FROM pipeline WHERE id = 'sample-pipeline'").run());
    pipeline_removed = true;
  }
  std::string users_sql =
      "DELETE FROM user WHERE id >= 'sample-' AND id < 'sample.' AND NOT EXISTS (SELECT 1 FROM deal WHERE owner_id = user.id)";
  if (has_table(ctx.db, "lead")) users_sql += " AND NOT EXISTS (SELECT 1 FROM lead WHERE owner_id = user.id)";
  if (has_table(ctx.db, "activity")) users_sql += " AND NOT EXISTS (SELECT 1 FROM activity WHERE owner_id = user.id)";
  LOUDOU_TRY(ctx.db.query(users_sql).run());
  int64_t users = ctx.db.changes();
  return json{{"deals", deals}, {"users", users}, {"pipeline_removed", pipeline_removed}};
}

}  // namespace

Status register_sample_ops(Registry& r) {
  LOUDOU_TRY(r.add("sample.generate", Access::write, &sample_generate));
  LOUDOU_TRY(r.add("sample.clear", Access::write, &sample_clear));
  return Status::Ok();
}

}  // namespace loudou
