// deal.score / deal.score_many / model.info / model.train / model.evaluate: the win model
// (win_model.h) as ops. Scores are read ops and never write (win_store.h says how freshness works);
// model.train stores a full retrain.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>


#include "registry.h"
#include "store.h"
#include "win_eval.h"
#include "win_store.h"

namespace loudou {
namespace {

using win::Feature;

struct DealScoreArgs {
  wire::Id id;
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(DealScoreArgs, (), (id, now))

struct ScoreManyArgs {
  wire::Id pipeline_id;
  std::optional<wire::Id> stage_id;
  std::optional<wire::Id> owner_id;
  std::optional<std::string> sort;  // probability | expected_value (both descending)
  std::optional<int64_t> limit;
  std::optional<int64_t> factors;  // reasons per deal, default 3
  std::optional<wire::Instant> now;
};
BOOST_DESCRIBE_STRUCT(ScoreManyArgs, (),
                      (pipeline_id, stage_id, owner_id, sort, limit, factors, now))

struct PipelineArgs {
  wire::Id pipeline_id;
  std::optional<wire::Instant> at;
};
BOOST_DESCRIBE_STRUCT(PipelineArgs, (), (pipeline_id, at))

struct ModelInfoArgs {
  wire::Id pipeline_id;
};
BOOST_DESCRIBE_STRUCT(ModelInfoArgs, (), (pipeline_id))

struct EvaluateArgs {
  wire::Id pipeline_id;
  wire::Instant split_at;
};
BOOST_DESCRIBE_STRUCT(EvaluateArgs, (), (pipeline_id, split_at))

// ×2.1, ×0.62, ×1.05, ×12: enough digits that a factor never reads as ×1.
// (snprintf, not fmt: these three calls were fmt's only use, ~56 KB of wasm.)
std::string times(double e) {
  char buf[48];
  int digits = e >= 10 ? 0 : (e < 1 || std::abs(e - 1) < 0.1) ? 2 : 1;
  std::snprintf(buf, sizeof buf, "×%.*f", digits, e);
  return buf;
}

// Words for the factors: stage names, owner names, band labels.
struct Words {
  const win::PipelineView& p;
  std::map<std::string, std::string> users;

  static Result<Words> load(Db& db, const win::PipelineView& p) {
    Words w{p, {}};
    auto q = db.query("SELECT id, name FROM user");
    while (q.next()) w.users[q.text(0)] = q.text(1);
    LOUDOU_TRY(q.status());
    return w;
  }

  json factor(const win::Factor& f) const {
    std::string label_zh, label_en, value_zh, value_en, value = f.value;
    if (f.feature == "stage") {
      const Stage& s = p.stages[std::stoi(f.value) - 1];
      label_zh = "阶段", label_en = "Stage", value_zh = value_en = s.name, value = s.id;
    } else {
      Feature feat = Feature::source;
      for (Feature x : win::kFeatures)
        if (f.feature == win::feature_key(x)) feat = x;
      label_zh = win::feature_label_zh(feat), label_en = win::feature_label_en(feat);
      if (feat == Feature::owner) {
        auto it = users.find(f.value);
        value_zh = value_en = it == users.end() ? f.value : it->second;
      } else {
        value_zh = win::value_label(feat, f.value, true);
        value_en = win::value_label(feat, f.value, false);
      }
    }
    const bool up = f.effect >= 1;
    const std::string x = times(f.effect);
    return {{"feature", f.feature},
            {"value", value},
            {"effect", f.effect},
            {"label", {{"zh-CN", label_zh}, {"en", label_en}}},
            {"value_label", {{"zh-CN", value_zh}, {"en", value_en}}},
            {"text",
             {{"zh-CN", label_zh + "=" + value_zh + (up ? " 使赢单可能 " : " 使赢单可能降低 ") + x},
              {"en", label_en + " = " + value_en + (up ? " raises the chance " : " lowers the chance ") + x}}}};
  }
};

json score_json(const win::Score& s, const Words& words, size_t max_factors) {
  json factors = json::array();
  for (size_t i = 0; i < s.factors.size() && i < max_factors; ++i)
    factors.push_back(words.factor(s.factors[i]));
  return {{"probability", s.probability},
          {"stage_probability", s.stage_probability},
          {"base_probability", s.base_probability},
          {"prior_weight", s.prior_weight},
          {"stage_deals", s.stage_deals},
          {"factors", std::move(factors)}};
}

// The stage an open deal is scored at (its latest entry) and its snapshot at `t`.
win::Snapshot open_snapshot(const win::DealHistory& d, int64_t t, int stage_count) {
  int s = std::clamp(win::stage_at(d, INT64_MAX), 1, std::max(stage_count, 1));
  return win::snapshot_at(d, t, s);
}

Result<json> deal_score(Context& ctx, const DealScoreArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(Deal deal, load_deal(ctx.db, a.id.v));
  if (deal.status != "open")
    return conflict("the deal is " + deal.status + "; only open deals get a chance to win", "id");
  LOUDOU_ASSIGN_OR_RETURN(auto p, win::load_pipeline_view(ctx.db, deal.pipeline_id));
  LOUDOU_ASSIGN_OR_RETURN(auto history, win::load_history(ctx.db, p, deal.id));
  LOUDOU_ASSIGN_OR_RETURN(auto model, win::current_model(ctx.db, p, ctx.now_ms));
  LOUDOU_ASSIGN_OR_RETURN(auto words, Words::load(ctx.db, p));
  const int64_t t = a.now ? a.now->ms : ctx.now_ms;
  win::Score s = model.model.score(open_snapshot(history, t, int(p.stages.size())), p.configured);
  json out = score_json(s, words, SIZE_MAX);
  out["deal_id"] = deal.id;
  out["training_size"] = model.model.won_deals() + model.model.lost_deals();
  return out;
}

Result<json> deal_score_many(Context& ctx, const ScoreManyArgs& a) {
  const std::string sort = a.sort.value_or("");
  if (!sort.empty() && sort != "probability" && sort != "expected_value")
    return invalid("sort", "sort must be probability or expected_value");
  if (a.limit && *a.limit < 1) return invalid("limit", "limit must be at least 1");
  if (a.factors && (*a.factors < 0 || *a.factors > 8)) return invalid("factors", "factors must be 0..8");
  LOUDOU_ASSIGN_OR_RETURN(auto p, win::load_pipeline_view(ctx.db, a.pipeline_id.v));
  if (a.stage_id && !p.position.count(a.stage_id->v))
    return not_found("stage_id", "no active stage " + a.stage_id->v + " in this pipeline");
  LOUDOU_ASSIGN_OR_RETURN(auto open, win::load_histories(ctx.db, p, win::Which::open));
  LOUDOU_ASSIGN_OR_RETURN(auto model, win::current_model(ctx.db, p, ctx.now_ms));
  LOUDOU_ASSIGN_OR_RETURN(auto words, Words::load(ctx.db, p));
  const int64_t t = a.now ? a.now->ms : ctx.now_ms;
  const size_t max_factors = size_t(a.factors.value_or(3));
  struct Row {
    const win::DealHistory* d;
    win::Score s;
    int stage;
  };
  std::vector<Row> rows;
  for (const auto& d : open) {
    if (a.owner_id && d.owner_id != a.owner_id->v) continue;
    win::Snapshot x = open_snapshot(d, t, int(p.stages.size()));
    if (a.stage_id && p.stages[x.stage - 1].id != a.stage_id->v) continue;
    rows.push_back({&d, model.model.score(x, p.configured), x.stage});
  }
  auto key = [&](const Row& r) {
    return sort == "probability" ? r.s.probability : double(r.d->amount) * r.s.probability;
  };
  if (!sort.empty())
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& x, const Row& y) { return key(x) > key(y); });
  json items = json::array();
  for (const auto& r : rows) {
    if (a.limit && int64_t(items.size()) >= *a.limit) break;
    json item = score_json(r.s, words, max_factors);
    item["deal_id"] = r.d->id;
    item["stage_id"] = p.stages[r.stage - 1].id;
    item["amount"] = r.d->amount;
    item["expected_value"] = double(r.d->amount) * r.s.probability;
    items.push_back(std::move(item));
  }
  return json{{"pipeline_id", p.id},
              {"total", rows.size()},
              {"training_size", model.model.won_deals() + model.model.lost_deals()},
              {"items", std::move(items)}};
}

json info_json(const win::PipelineView& p, const win::ModelState& m) {
  json stages = json::array();
  win::Snapshot bare;  // no features: the stage's own blended rate
  for (size_t i = 0; i < p.stages.size(); ++i) {
    bare.stage = int(i + 1);
    win::Score s = m.model.score(bare, p.configured);
    stages.push_back({{"stage_id", p.stages[i].id},
                      {"name", p.stages[i].name},
                      {"configured", p.configured[i]},
                      {"probability", s.stage_probability},
                      {"deals", s.stage_deals},
                      {"prior_weight", s.prior_weight}});
  }
  json features = json::array({"stage"});
  for (Feature f : win::kFeatures)
    if (m.activities || (f != Feature::activities && f != Feature::idle))
      features.push_back(win::feature_key(f));
  return {{"pipeline_id", p.id},
          {"stored", m.stored},
          {"trained_at", m.stored ? json(format_instant(m.trained_at)) : json(nullptr)},
          {"updated_at", m.stored && m.updated_at ? json(format_instant(*m.updated_at)) : json(nullptr)},
          {"training_size", m.model.won_deals() + m.model.lost_deals()},
          {"won", m.model.won_deals()},
          {"lost", m.model.lost_deals()},
          {"prior_strength", win::WinModel::kPriorStrength},
          {"smoothing", win::WinModel::kSmoothing},
          {"features", std::move(features)},
          {"stages", std::move(stages)},
          {"quality", m.quality}};
}

Result<json> model_info(Context& ctx, const ModelInfoArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto p, win::load_pipeline_view(ctx.db, a.pipeline_id.v));
  LOUDOU_ASSIGN_OR_RETURN(auto m, win::current_model(ctx.db, p, ctx.now_ms));
  if (!m.stored) {  // not stored: measure now, so info always says how good the numbers are
    LOUDOU_ASSIGN_OR_RETURN(auto closed, win::load_histories(ctx.db, p, win::Which::closed));
    m.quality = win::holdout_quality(closed, p);
  }
  return info_json(p, m);
}

Result<json> model_train(Context& ctx, const PipelineArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto p, win::load_pipeline_view(ctx.db, a.pipeline_id.v));
  LOUDOU_ASSIGN_OR_RETURN(auto m, win::train_and_store(ctx.db, p, ctx.at(a.at)));
  return info_json(p, m);
}

Result<json> model_evaluate(Context& ctx, const EvaluateArgs& a) {
  LOUDOU_ASSIGN_OR_RETURN(auto p, win::load_pipeline_view(ctx.db, a.pipeline_id.v));
  LOUDOU_ASSIGN_OR_RETURN(auto closed, win::load_histories(ctx.db, p, win::Which::closed));
  LOUDOU_ASSIGN_OR_RETURN(auto e, win::evaluate(closed, p.configured, int(p.stages.size()), a.split_at.ms));
  json out = win::to_json(e);
  out["pipeline_id"] = p.id;
  return out;
}

}  // namespace

Status register_model_ops(Registry& r) {
  LOUDOU_TRY(r.add("deal.score", Access::read, &deal_score));
  LOUDOU_TRY(r.add("deal.score_many", Access::read, &deal_score_many));
  LOUDOU_TRY(r.add("model.info", Access::read, &model_info));
  LOUDOU_TRY(r.add("model.train", Access::write, &model_train));
  return r.add("model.evaluate", Access::read, &model_evaluate);
}

}  // namespace loudou
