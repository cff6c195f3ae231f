#include "funnel_math.h"

#include <algorithm>

#include "report_inputs.h"

namespace loudou {

using json = nlohmann::json;

FunnelCounts::FunnelCounts(int stages)
    : n(stages), entered(size_t(stages) + 2, 0), lost_here(size_t(stages) + 2, 0) {}

void FunnelCounts::add(const DealFact& d) {
  ++deals;
  ++entered[size_t(std::clamp(d.reached, 0, n + 1))];  // raw: deals with reached == i
  if (d.status == DealStatus::won) ++won;
  if (d.status == DealStatus::lost) {
    ++lost;
    ++lost_here[size_t(std::clamp(d.reached, 0, n))];
  }
}

void FunnelCounts::finish() {
  for (int i = n; i >= 0; --i) entered[size_t(i)] += entered[size_t(i) + 1];  // reached >= i
}

Result<FunnelCounts> funnel_of(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                               const ReportFilters& f, const DealQuery& q) {
  FunnelCounts c(stages.n());
  DealQuery counts = q;
  counts.with_amount = counts.with_dates = false;
  LOUDOU_TRY(each_deal(db, stages, pipeline_id, f, counts, [&](const DealFact& d) { c.add(d); }));
  c.finish();
  return c;
}

json FunnelCounts::conversion(int i) const {
  return ratio(double(entered[size_t(i) + 1]), double(entered[size_t(i)]));
}

std::optional<double> FunnelCounts::probability(int i) const {
  if (entered[size_t(i)] == 0) return std::nullopt;
  return double(won) / double(entered[size_t(i)]);
}

json funnel_rows(const FunnelStages& stages, const FunnelCounts& c) {
  json rows = json::array();
  for (int i = 1; i <= c.n; ++i) {
    const auto& s = stages.stages()[size_t(i) - 1];
    rows.push_back({{"stage_id", s.id},
                    {"name", s.name},
                    {"entered", c.entered[size_t(i)]},
                    {"conversion", c.conversion(i)},
                    {"dropped", c.entered[size_t(i)] - c.entered[size_t(i) + 1]},
                    {"lost_here", c.lost_here[size_t(i)]}});
  }
  return rows;
}

void ClosedStats::add(const DealFact& d) {
  if (d.status == DealStatus::won) {
    ++won;
    won_amount += d.amount;
    cycles_ms.push_back(d.closed_at - d.created_at);
  } else if (d.status == DealStatus::lost) {
    ++lost;
  }
}

json ClosedStats::win_rate() const { return ratio(double(won), double(won + lost)); }
json ClosedStats::avg_deal_size() const { return ratio(double(won_amount), double(won)); }

json mean_days(const std::vector<int64_t>& ms) {
  if (ms.empty()) return nullptr;
  __int128 sum = 0;
  for (auto v : ms) sum += v;
  return double(sum) / double(ms.size()) / kMsPerDayD;
}

json median_days(std::vector<int64_t>& ms) {
  if (ms.empty()) return nullptr;
  size_t mid = ms.size() / 2;
  std::nth_element(ms.begin(), ms.begin() + long(mid), ms.end());
  double hi = double(ms[mid]);
  if (ms.size() % 2) return hi / kMsPerDayD;
  double lo = double(*std::max_element(ms.begin(), ms.begin() + long(mid)));
  return (lo + hi) / 2.0 / kMsPerDayD;
}

}  // namespace loudou
