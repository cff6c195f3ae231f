// The counting every funnel figure rests on (metrics.md 2, 3, 4, 7): entered(i) from reached(d),
// conversions, win rate and the mean / median of durations. Pure functions over DealFacts.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "funnel_deals.h"

namespace loudou {

// Counts over one set of deals. entered[i] for i = 1..n+1 (entered[n+1] = won); index 0 unused.
struct FunnelCounts {
  int n = 0;
  std::vector<int64_t> entered;
  std::vector<int64_t> lost_here;  // lost deals with reached == i, i = 0..n
  int64_t won = 0, lost = 0, deals = 0;

  explicit FunnelCounts(int stages = 0);
  void add(const DealFact& d);
  // Turns the raw counts of add() into entered(i) (reached >= i); call once, after the last add.
  void finish();
  // entered(i+1) / entered(i) (i = n: won / entered(n)); null over zero deals.
  nlohmann::json conversion(int i) const;
  // metrics.md 7: won with reached >= i / deals with reached >= i, if any.
  std::optional<double> probability(int i) const;
};

// The funnel of a deal set, streamed from it (each_deal). add() keeps raw counts per reached
// value; the suffix sums are taken once all deals are added (finish()).
Result<FunnelCounts> funnel_of(Db& db, const FunnelStages& stages, const std::string& pipeline_id,
                               const ReportFilters& f, const DealQuery& q);

// The per-stage funnel rows: [{stage_id, name, entered, conversion, dropped, lost_here}].
nlohmann::json funnel_rows(const FunnelStages& stages, const FunnelCounts& c);

// Won / lost among closed deals (metrics.md 3, 4): win rate, mean won amount, cycle days.
struct ClosedStats {
  int64_t won = 0, lost = 0;
  __int128 won_amount = 0;
  std::vector<int64_t> cycles_ms;  // created_at -> won event, per won deal

  void add(const DealFact& d);
  nlohmann::json win_rate() const;
  nlohmann::json avg_deal_size() const;
  int64_t won_amount_int() const { return int64_t(won_amount); }
};

// Mean and median of durations in ms, as decimal days; null when empty. Sorts `ms`.
nlohmann::json mean_days(const std::vector<int64_t>& ms);
nlohmann::json median_days(std::vector<int64_t>& ms);

}  // namespace loudou
