#include "win_model.h"

#include <algorithm>
#include <cmath>

namespace loudou::win {
namespace {

double clamp_p(double p) {
  return std::clamp(p, WinModel::kEpsilon, 1 - WinModel::kEpsilon);
}
double logit(double p) { return std::log(p / (1 - p)); }

double prior_weight(const StageCounts& c) {
  return WinModel::kPriorStrength / (double(c.deals) + WinModel::kPriorStrength);
}

// p_s of the header: the configured probability blended with the learned rate.
double stage_rate(const StageCounts& c, double configured) {
  const double w = prior_weight(c);
  const double examples = double(c.won + c.lost);
  const double learned = examples > 0 ? double(c.won) / examples : 0;
  return clamp_p(w * configured + (1 - w) * learned);
}

}  // namespace

WinModel::WinModel(int stage_count) : stages_(size_t(std::max(stage_count, 0))) {}

void WinModel::add_deal(const std::vector<Snapshot>& examples, bool won, int sign) {
  (won ? won_ : lost_) += sign;
  std::vector<bool> reached(stages_.size(), false);
  for (const auto& x : examples) {
    if (x.stage < 1 || x.stage > stage_count()) continue;
    StageCounts& c = stages_[x.stage - 1];
    if (!reached[x.stage - 1]) c.deals += sign;
    reached[x.stage - 1] = true;
    (won ? c.won : c.lost) += sign;
    for (int f = 0; f < kFeatureCount; ++f) {
      if (!x.values[f]) continue;
      auto& map = c.values[f];
      auto it = map.try_emplace(*x.values[f]).first;
      (won ? it->second.won : it->second.lost) += sign;
      if (it->second.won == 0 && it->second.lost == 0) map.erase(it);
    }
  }
}

Score WinModel::score(const Snapshot& x, const std::vector<double>& configured) const {
  Score out;
  const int s = std::clamp(x.stage, 1, std::max(stage_count(), 1));
  auto conf = [&](int stage) {
    return stage - 1 < int(configured.size()) ? configured[stage - 1] : 0.0;
  };
  if (stage_count() == 0) {
    out.probability = out.base_probability = out.stage_probability = clamp_p(conf(1));
    return out;
  }
  const StageCounts& c = stages_[s - 1];
  out.stage_deals = c.deals;
  out.prior_weight = prior_weight(c);
  out.stage_probability = stage_rate(c, conf(s));
  out.base_probability = stage_rate(stages_[0], conf(1));
  const double evidence_weight = 1 - out.prior_weight;

  double z = logit(out.stage_probability);
  if (s != 1)
    out.factors.push_back({"stage", std::to_string(s),
                           std::exp(logit(out.stage_probability) - logit(out.base_probability))});
  for (int f = 0; f < kFeatureCount; ++f) {
    if (!x.values[f]) continue;
    const auto& map = c.values[f];
    auto it = map.find(*x.values[f]);
    if (it == map.end()) continue;
    double wf = 0, lf = 0;
    for (const auto& [_, cell] : map) {
      wf += double(cell.won);
      lf += double(cell.lost);
    }
    const double v = double(map.size());
    const double p_won = (double(it->second.won) + kSmoothing) / (wf + kSmoothing * v);
    const double p_lost = (double(it->second.lost) + kSmoothing) / (lf + kSmoothing * v);
    const double contribution = evidence_weight * std::log(p_won / p_lost);
    z += contribution;
    out.factors.push_back({feature_key(kFeatures[f]), *x.values[f], std::exp(contribution)});
  }
  // No evidence: exactly p_s (no logit round trip), so a new team sees its configured numbers.
  out.probability = z == logit(out.stage_probability) ? out.stage_probability : 1 / (1 + std::exp(-z));
  std::erase_if(out.factors, [](const Factor& f) { return std::abs(std::log(f.effect)) < 1e-12; });
  // Stable: equal strengths keep stage-then-feature order.
  std::stable_sort(out.factors.begin(), out.factors.end(), [](const Factor& a, const Factor& b) {
    return std::abs(std::log(a.effect)) > std::abs(std::log(b.effect));
  });
  return out;
}

nlohmann::json WinModel::to_json() const {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& c : stages_) {
    nlohmann::json features = nlohmann::json::object();
    for (int f = 0; f < kFeatureCount; ++f) {
      nlohmann::json values = nlohmann::json::object();
      for (const auto& [v, cell] : c.values[f]) values[v] = {cell.won, cell.lost};
      features[feature_key(kFeatures[f])] = std::move(values);
    }
    stages.push_back({{"won", c.won}, {"lost", c.lost}, {"deals", c.deals}, {"features", std::move(features)}});
  }
  return {{"format", 2}, {"won", won_}, {"lost", lost_}, {"stages", std::move(stages)}};
}

Result<WinModel> WinModel::from_json(const nlohmann::json& j, int stage_count) {
  auto bad = [] { return Status(ErrorCode::internal, "the stored win model is unreadable"); };
  auto count = [](const nlohmann::json& v) { return v.is_number_integer() ? v.get<int64_t>() : -1; };
  if (!j.is_object() || !j.contains("format") || j["format"] != 2 || !j.contains("stages") ||
      !j["stages"].is_array() || int(j["stages"].size()) != stage_count)
    return bad();
  WinModel m(stage_count);
  m.won_ = count(j.value("won", nlohmann::json()));
  m.lost_ = count(j.value("lost", nlohmann::json()));
  if (m.won_ < 0 || m.lost_ < 0) return bad();
  for (int s = 0; s < stage_count; ++s) {
    const auto& js = j["stages"][s];
    if (!js.is_object() || !js.contains("features") || !js["features"].is_object()) return bad();
    StageCounts& c = m.stages_[s];
    c.won = count(js.value("won", nlohmann::json()));
    c.lost = count(js.value("lost", nlohmann::json()));
    c.deals = count(js.value("deals", nlohmann::json()));
    if (c.won < 0 || c.lost < 0 || c.deals < 0) return bad();
    for (int f = 0; f < kFeatureCount; ++f) {
      auto it = js["features"].find(feature_key(kFeatures[f]));
      if (it == js["features"].end()) continue;
      if (!it->is_object()) return bad();
      for (auto v = it->begin(); v != it->end(); ++v) {
        if (!v->is_array() || v->size() != 2) return bad();
        Cell cell{count((*v)[0]), count((*v)[1])};
        if (cell.won < 0 || cell.lost < 0) return bad();
        c.values[f][v.key()] = cell;
      }
    }
  }
  return m;
}

}  // namespace loudou::win
