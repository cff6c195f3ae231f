// The records of a sales funnel as the command API returns them. Each is described with
// Boost.Describe, so its JSON form is generated (see core/src/wire.h). Times are ISO 8601 UTC
// strings, dates "YYYY-MM-DD", money integer minor units (分).
#pragma once

#include <boost/describe.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loudou {

// One step of a pipeline. probability is the configured chance (0–100) that a deal here is won;
// rot_days is how long a deal may sit idle here before it counts as stalled (none: never).
struct Stage {
  std::string id;
  std::string name;
  int position = 0;  // 1..n within its pipeline
  int probability = 0;
  std::optional<int> rot_days;
  std::vector<std::string> required_fields;  // deal fields that must be filled to enter
};
BOOST_DESCRIBE_STRUCT(Stage, (), (id, name, position, probability, rot_days, required_fields))

struct Pipeline {
  std::string id;
  std::string name;
  std::string currency;
  std::vector<Stage> stages;
  std::string created_at;
  std::string updated_at;
};
BOOST_DESCRIBE_STRUCT(Pipeline, (), (id, name, currency, stages, created_at, updated_at))

// A salesperson (负责人 / 销售).
struct User {
  std::string id;
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> team;
  bool active = true;
  std::string created_at;
};
BOOST_DESCRIBE_STRUCT(User, (), (id, name, email, team, active, created_at))

// Target won amount for one user and one period ("2026-03" or "2026-Q1").
struct Quota {
  std::string user_id;
  std::string period;
  int64_t amount = 0;
};
BOOST_DESCRIBE_STRUCT(Quota, (), (user_id, period, amount))

// One change of a deal's stage or outcome; kept forever. kind: create, move, won, lost, reopen.
struct StageEvent {
  int64_t seq = 0;
  std::string kind;
  std::optional<std::string> from_stage_id;
  std::string stage_id;
  std::string at;
  std::optional<std::string> reason;
};
BOOST_DESCRIBE_STRUCT(StageEvent, (), (seq, kind, from_stage_id, stage_id, at, reason))

// An opportunity (商机) moving through a pipeline.
struct Deal {
  std::string id;
  std::string pipeline_id;
  std::string stage_id;
  std::string status;  // open, won, lost
  std::string title;
  int64_t amount = 0;
  std::string currency;
  std::optional<std::string> owner_id;
  std::optional<std::string> account;
  std::optional<std::string> contact;
  std::optional<std::string> source;
  std::optional<std::string> industry;
  std::optional<std::string> expected_close;
  std::optional<std::string> lead_id;
  nlohmann::json fields = nlohmann::json::object();  // custom field values by key
  std::optional<std::string> lost_reason;
  std::optional<std::string> paused_until;  // a stalled-deal alert is silenced until this date
  std::optional<std::string> pause_reason;
  std::string created_at;
  std::string updated_at;
  std::string stage_entered_at;
  std::optional<std::string> closed_at;
};
BOOST_DESCRIBE_STRUCT(Deal, (),
                      (id, pipeline_id, stage_id, status, title, amount, currency, owner_id, account,
                       contact, source, industry, expected_close, lead_id, fields, lost_reason,
                       paused_until, pause_reason, created_at, updated_at, stage_entered_at,
                       closed_at))

// A custom field (自定义字段) on deals or leads. type: text, number, money, date, choice,
// multi_choice; options for the choice types; required_in_stages: stage ids it must be filled for.
struct FieldDef {
  std::string id;
  std::string entity;
  std::string key;
  std::string label;
  std::string type;
  std::vector<std::string> options;
  std::vector<std::string> required_in_stages;
  int position = 0;
};
BOOST_DESCRIBE_STRUCT(FieldDef, (),
                      (id, entity, key, label, type, options, required_in_stages, position))

}  // namespace loudou
