// The database schema as numbered migrations, one change each, recorded in `schema_migrations`.
// A database is brought up to date on open; a database written by a newer Loudou is refused.
#pragma once

#include "db.h"

namespace loudou {

// stage_visit_stats.bucket of an ended visit: (left_at - entered_at) >> kVisitBucketShift, ~70
// minutes wide (schema v6; the triggers compute it in SQL, and the migrations keep their text).
constexpr int kVisitBucketShift = 22;

// The highest migration this build knows.
int latest_schema_version();
// The version a database is at (0 for an empty file).
Result<int> schema_version_of(Db& db);
// Applies migrations up to `target` (default: latest), each in its own transaction.
Status migrate(Db& db, int target = -1);

}  // namespace loudou
