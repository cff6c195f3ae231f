#include "schema.h"

#include <string>
#include <vector>

namespace loudou {
namespace {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

// Times are INTEGER milliseconds since the epoch (UTC); dates are TEXT "YYYY-MM-DD"; money is
// INTEGER minor units. Append new migrations at the end; never edit a released one.
const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all = {
      {1, "core: pipelines, stages, users, quotas, deals, stage events, custom fields", R"sql(
CREATE TABLE pipeline (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  currency   TEXT NOT NULL DEFAULT 'CNY',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Stages are never hard-deleted while history refers to them: a removed stage keeps its row with
-- removed_at set and drops out of the pipeline; active stages have positions 1..n.
CREATE TABLE stage (
  id              TEXT PRIMARY KEY,
  pipeline_id     TEXT NOT NULL REFERENCES pipeline(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  position        INTEGER NOT NULL,
  probability     INTEGER NOT NULL CHECK (probability BETWEEN 0 AND 100),
  rot_days        INTEGER,
  required_fields TEXT NOT NULL DEFAULT '[]',
  removed_at      INTEGER
);
CREATE INDEX stage_by_pipeline ON stage(pipeline_id, position);
CREATE TABLE user (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  email      TEXT,
  team       TEXT,
  active     INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE quota (
  user_id TEXT NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  period  TEXT NOT NULL,
  amount  INTEGER NOT NULL CHECK (amount >= 0),
  PRIMARY KEY (user_id, period)
);
CREATE TABLE deal (
  id               TEXT PRIMARY KEY,
  pipeline_id      TEXT NOT NULL REFERENCES pipeline(id) ON DELETE CASCADE,
  stage_id         TEXT NOT NULL REFERENCES stage(id),
  status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost')),
  title            TEXT NOT NULL,
  amount           INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),
  currency         TEXT NOT NULL,
  owner_id         TEXT REFERENCES user(id),
  account          TEXT,
  contact          TEXT,
  source           TEXT,
  industry         TEXT,
  expected_close   TEXT,
  lead_id          TEXT,
  fields           TEXT NOT NULL DEFAULT '{}',
  lost_reason      TEXT,
  paused_until     TEXT,
  pause_reason     TEXT,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  stage_entered_at INTEGER NOT NULL,
  closed_at        INTEGER
);
CREATE INDEX deal_by_stage ON deal(pipeline_id, status, stage_id);
CREATE INDEX deal_by_owner ON deal(owner_id);
CREATE INDEX deal_by_created ON deal(pipeline_id, created_at);
-- Append-only: every change of a deal's stage or outcome. kind is 'create', 'move', 'won', 'lost'
-- or 'reopen'; stage_id is the stage the deal is in after the event (for won/lost: the stage it
-- closed from). Ordered by (at, seq).
CREATE TABLE stage_event (
  seq           INTEGER PRIMARY KEY,
  deal_id       TEXT NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
  pipeline_id   TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('create', 'move', 'won', 'lost', 'reopen')),
  from_stage_id TEXT,
  stage_id      TEXT NOT NULL,
  at            INTEGER NOT NULL,
  reason        TEXT
);
CREATE INDEX stage_event_by_deal ON stage_event(deal_id, at, seq);
CREATE INDEX stage_event_by_pipeline ON stage_event(pipeline_id, kind, at);
CREATE TABLE field_def (
  id                 TEXT PRIMARY KEY,
  entity             TEXT NOT NULL CHECK (entity IN ('deal', 'lead')),
  key                TEXT NOT NULL,
  label              TEXT NOT NULL,
  type               TEXT NOT NULL,
  options            TEXT NOT NULL DEFAULT '[]',
  required_in_stages TEXT NOT NULL DEFAULT '[]',
  position           INTEGER NOT NULL DEFAULT 0,
  created_at         INTEGER NOT NULL,
  UNIQUE (entity, key)
);
CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql"},
      {5, "win model: stored counts per pipeline", R"sql(
-- The win model's counts per pipeline (win_model.h) and the fingerprint of the closed deals they
-- were learned from (closed_count, closed_sum = SUM(closed_at), stage_ids in order, activities):
-- readers compare it with the live one and retrain in memory when it differs (win_store.h).
CREATE TABLE win_model (
  pipeline_id  TEXT PRIMARY KEY REFERENCES pipeline(id) ON DELETE CASCADE,
  closed_count INTEGER NOT NULL,
  closed_sum   INTEGER NOT NULL,
  stage_ids    TEXT NOT NULL,
  activities   INTEGER NOT NULL,
  trained_at   INTEGER NOT NULL,
  updated_at   INTEGER,
  counts       TEXT NOT NULL,
  quality      TEXT
);
-- The fingerprint query: closed deals of a pipeline, with their closing times, from the index.
CREATE INDEX deal_closed_for_model ON deal(pipeline_id, status, closed_at);
)sql"},
      {3, "leads: leads, activities, assignment log, stage playbooks and checklists", R"sql(
-- A lead (线索). phone_norm / email_norm / company_norm are the dedupe keys (lead_dedupe.h);
-- score and score_factors are recomputed whenever an input changes (lead_scoring.h).
-- owner_id NULL while status is new/contacted/qualified means the lead sits in the shared pool
-- (公海); owned_since is when the current owner got it (assignment, claim), the start of its
-- idle clock for pool recycling.
CREATE TABLE lead (
  id           TEXT PRIMARY KEY,
  name         TEXT,
  company      TEXT,
  phone        TEXT,
  email        TEXT,
  wechat       TEXT,
  source       TEXT,
  industry     TEXT,
  budget       INTEGER CHECK (budget >= 0),
  authority    TEXT CHECK (authority IN ('decision_maker', 'influencer', 'user', 'unknown')),
  need         TEXT CHECK (need IN ('strong', 'some', 'none', 'unknown')),
  timeline     TEXT CHECK (timeline IN ('1m', '3m', '6m', 'later', 'unknown')),
  owner_id     TEXT REFERENCES user(id),
  status       TEXT NOT NULL DEFAULT 'new'
               CHECK (status IN ('new', 'contacted', 'qualified', 'disqualified', 'converted')),
  status_reason TEXT,
  notes        TEXT,
  fields       TEXT NOT NULL DEFAULT '{}',
  phone_norm   TEXT,
  email_norm   TEXT,
  company_norm TEXT,
  score        INTEGER NOT NULL DEFAULT 0,
  score_factors TEXT NOT NULL DEFAULT '[]',
  owned_since  INTEGER,
  pooled_at    INTEGER,
  deal_id      TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  converted_at INTEGER
);
CREATE INDEX lead_by_owner ON lead(owner_id, status);
CREATE INDEX lead_by_phone ON lead(phone_norm);
CREATE INDEX lead_by_email ON lead(email_norm);
CREATE INDEX lead_by_company ON lead(company_norm);
CREATE INDEX lead_by_created ON lead(created_at);
-- Every change of a lead's owner: rule is round_robin, by_source, by_industry, least_loaded,
-- manual, claim, release, recycle, transfer or merge; owner_id NULL = back to the pool.
CREATE TABLE lead_assignment (
  seq           INTEGER PRIMARY KEY,
  lead_id       TEXT NOT NULL REFERENCES lead(id) ON DELETE CASCADE,
  owner_id      TEXT,
  from_owner_id TEXT,
  rule          TEXT NOT NULL,
  at            INTEGER NOT NULL
);
CREATE INDEX lead_assignment_by_lead ON lead_assignment(lead_id, at, seq);
CREATE INDEX lead_assignment_by_owner ON lead_assignment(owner_id, rule, at);
-- A follow-up (跟进) on a deal, a lead or both (a converted lead's history is carried to its deal).
CREATE TABLE activity (
  id         TEXT PRIMARY KEY,
  type       TEXT NOT NULL CHECK (type IN ('call', 'email', 'meeting', 'task', 'note')),
  deal_id    TEXT REFERENCES deal(id) ON DELETE CASCADE,
  lead_id    TEXT REFERENCES lead(id) ON DELETE CASCADE,
  owner_id   TEXT REFERENCES user(id),
  subject    TEXT,
  due_at     INTEGER,
  done_at    INTEGER,
  outcome    TEXT,
  notes      TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (deal_id IS NOT NULL OR lead_id IS NOT NULL)
);
CREATE INDEX activity_by_deal ON activity(deal_id, created_at);
CREATE INDEX activity_by_lead ON activity(lead_id, created_at);
CREATE INDEX activity_by_owner_due ON activity(owner_id, done_at, due_at);
-- A stage's playbook: guidance text and checklist items [{id, text, required}]; required items
-- are exit criteria a deal must tick before it moves past the stage.
CREATE TABLE playbook (
  stage_id   TEXT PRIMARY KEY REFERENCES stage(id) ON DELETE CASCADE,
  guidance   TEXT NOT NULL DEFAULT '',
  items      TEXT NOT NULL DEFAULT '[]',
  updated_at INTEGER NOT NULL
);
CREATE TABLE deal_checklist (
  deal_id TEXT NOT NULL REFERENCES deal(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  PRIMARY KEY (deal_id, item_id)
);
)sql"},
  };
  return all;
}

}  // namespace

int latest_schema_version() { return migrations().back().version; }

Result<int> schema_version_of(Db& db) {
  LOUDOU_TRY(db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at INTEGER NOT NULL)"));
  auto q = db.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!q.next()) return q.status().ok() ? Status(ErrorCode::internal, "no version") : q.status();
  return int(q.int64(0));
}

Status migrate(Db& db, int target) {
  if (target < 0) target = latest_schema_version();
  LOUDOU_ASSIGN_OR_RETURN(int current, schema_version_of(db));
  if (current > latest_schema_version())
    return Status(ErrorCode::storage,
                  "this database was written by a newer Loudou (schema " + std::to_string(current) +
                      ", this version knows up to " + std::to_string(latest_schema_version()) +
                      "); update Loudou to open it");
  for (const auto& m : migrations()) {
    if (m.version <= current || m.version > target) continue;
    Transaction tx(db);
    LOUDOU_TRY(tx.begin_status());
    LOUDOU_TRY(db.exec(m.sql));
    LOUDOU_TRY(db.query("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, "
                        "CAST(strftime('%s','now') AS INTEGER) * 1000)",
                        m.version, m.name)
                   .run());
    LOUDOU_TRY(tx.commit());
  }
  return Status::Ok();
}

}  // namespace loudou
