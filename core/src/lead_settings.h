// What a manager configures for leads: scoring weights and rules, the assignment rule with
// capacity caps and rep specialities, and the shared-pool (公海) recycling and claim limits.
// Each section is stored as JSON in the `setting` table and read back through the same described
// types, so a stored value has passed the same validation as a request.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db.h"
#include "wire.h"

namespace loudou {

// The points each BANT factor gives at its best; a factor gives a share of them (lead_scoring.h).
struct BantWeights {
  wire::Percent budget{25};
  wire::Percent authority{25};
  wire::Percent need{25};
  wire::Percent timeline{25};
};
BOOST_DESCRIBE_STRUCT(BantWeights, (), (budget, authority, need, timeline))

// "When field equals value, add points" (points may be negative, -100..100).
struct ScoringRule {
  std::string field;  // source, industry, authority, need, timeline, status
  wire::Line equals;
  int points = 0;
};
BOOST_DESCRIBE_STRUCT(ScoringRule, (), (field, equals, points))

struct ScoringSettings {
  BantWeights weights;
  // A budget at or above this (分) gives the full budget weight; below it, a proportional share.
  wire::Money budget_full{10'000'000};
  std::vector<ScoringRule> rules;
};
BOOST_DESCRIBE_STRUCT(ScoringSettings, (), (weights, budget_full, rules))

// Which sources and industries a rep specialises in (by_source / by_industry).
struct RepSpeciality {
  wire::Id user_id;
  std::vector<wire::Line> sources;
  std::vector<wire::Line> industries;
};
BOOST_DESCRIBE_STRUCT(RepSpeciality, (), (user_id, sources, industries))

struct AssignmentSettings {
  // Assign new leads created without an owner by this rule; absent: leave them in the pool.
  std::optional<std::string> auto_rule;
  // The reps assignment picks from; absent: every active user.
  std::optional<std::vector<wire::Id>> user_ids;
  // At most this many open leads + open deals per rep; absent: no cap.
  std::optional<wire::Count> capacity;
  std::vector<RepSpeciality> specialities;
};
BOOST_DESCRIBE_STRUCT(AssignmentSettings, (), (auto_rule, user_ids, capacity, specialities))

// Pool recycling: days a lead may sit with its owner without a logged activity before it
// returns to the pool, per status (absent: that status never recycles).
struct PoolSettings {
  // Absent members mean "never" / "no limit"; the defaults live in load_lead_settings.
  std::optional<wire::Days> recycle_new;
  std::optional<wire::Days> recycle_contacted;
  std::optional<wire::Days> recycle_qualified;
  // Leads one rep may claim from the pool per calendar day (UTC); absent: no limit.
  std::optional<wire::Count> claim_limit;
};
BOOST_DESCRIBE_STRUCT(PoolSettings, (),
                      (recycle_new, recycle_contacted, recycle_qualified, claim_limit))

struct LeadSettings {
  ScoringSettings scoring;
  AssignmentSettings assignment;
  PoolSettings pool;
};
BOOST_DESCRIBE_STRUCT(LeadSettings, (), (scoring, assignment, pool))

// The stored settings, with defaults for any section never set.
Result<LeadSettings> load_lead_settings(Db& db);
Status save_lead_settings(Db& db, const LeadSettings& s);

// Checks rules that the types alone cannot state (rule names, user ids, point ranges).
Status check_lead_settings(Db& db, const LeadSettings& s);

// The recycle days for a status, if that status recycles.
std::optional<int> recycle_days_for(const PoolSettings& p, const std::string& status);

// The four assignment rules.
bool is_assignment_rule(const std::string& rule);

}  // namespace loudou
