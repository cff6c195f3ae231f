#include "lead_scoring.h"

#include <algorithm>
#include <cmath>

#include "lead_store.h"

namespace loudou {
namespace {

// The share of a factor's weight each answer earns. "unknown" and no answer earn nothing: a lead
// scores by what the rep has actually found out.
double authority_share(const std::string& v) {
  return v == "decision_maker" ? 1.0 : v == "influencer" ? 0.6 : v == "user" ? 0.3 : 0.0;
}
double need_share(const std::string& v) { return v == "strong" ? 1.0 : v == "some" ? 0.5 : 0.0; }
double timeline_share(const std::string& v) {
  return v == "1m" ? 1.0 : v == "3m" ? 0.7 : v == "6m" ? 0.4 : v == "later" ? 0.1 : 0.0;
}

std::optional<std::string> field_value(const Lead& l, const std::string& field) {
  if (field == "source") return l.source;
  if (field == "industry") return l.industry;
  if (field == "authority") return l.authority;
  if (field == "need") return l.need;
  if (field == "timeline") return l.timeline;
  if (field == "status") return l.status;
  return std::nullopt;
}

}  // namespace

LeadScore score_lead(const Lead& l, const ScoringSettings& s) {
  LeadScore out;
  auto add = [&](const char* factor, nlohmann::json value, int weight, double share) {
    int64_t points = std::llround(weight * share);
    out.score += points;
    out.factors.push_back({{"factor", factor}, {"value", std::move(value)}, {"points", points}});
  };
  double budget_share = 0;
  if (l.budget) {
    budget_share = s.budget_full.v <= 0 ? 1.0 : std::min(1.0, double(*l.budget) / double(s.budget_full.v));
  }
  add("budget", l.budget ? nlohmann::json(*l.budget) : nlohmann::json(nullptr), s.weights.budget.v, budget_share);
  add("authority", l.authority ? nlohmann::json(*l.authority) : nlohmann::json(nullptr), s.weights.authority.v,
      l.authority ? authority_share(*l.authority) : 0);
  add("need", l.need ? nlohmann::json(*l.need) : nlohmann::json(nullptr), s.weights.need.v,
      l.need ? need_share(*l.need) : 0);
  add("timeline", l.timeline ? nlohmann::json(*l.timeline) : nlohmann::json(nullptr), s.weights.timeline.v,
      l.timeline ? timeline_share(*l.timeline) : 0);
  for (const auto& rule : s.rules) {
    auto v = field_value(l, rule.field);
    if (!v || *v != rule.equals.v) continue;
    out.score += rule.points;
    out.factors.push_back(
        {{"factor", "rule"}, {"field", rule.field}, {"value", *v}, {"points", rule.points}});
  }
  return out;
}

}  // namespace loudou
