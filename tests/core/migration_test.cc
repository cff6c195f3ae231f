// Schema migrations: an empty file is brought to the latest version, and a database left at any
// earlier version (built here with migrate(db, k)) opens with its data intact. The loop runs over
// every version this build knows, so migrations appended later are covered without editing this.
#include "db.h"
#include "engine_fixture.h"
#include "schema.h"

namespace loudou::test {
namespace {

class MigrationTest : public ::testing::Test {
 protected:
  int64_t now_ = kNow;
};

// A database file at schema version `k`, holding one of every core record, written with the
// version-1 columns (later migrations must keep them readable).
void build_at_version(const std::string& path, int k) {
  auto db = Db::open(path, "");
  ASSERT_TRUE(db.ok()) << db.status().message();
  Db& d = *db.value();
  Status st = migrate(d, k);
  ASSERT_TRUE(st.ok()) << st.message();
  auto v = schema_version_of(d);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v.value(), k);
  ASSERT_TRUE(d.exec(R"sql(
    INSERT INTO pipeline(id, name, currency, created_at, updated_at) VALUES ('p1', '老管道', 'CNY', 1748772000000, 1748772000000);
    INSERT INTO stage(id, pipeline_id, name, position, probability, rot_days, required_fields) VALUES
      ('s1', 'p1', '初步接触', 1, 10, 14, '[]'),
      ('s2', 'p1', '方案报价', 2, 60, NULL, '["amount"]');
    INSERT INTO user(id, name, email, team, active, created_at, updated_at) VALUES
      ('u1', '王芳', 'wang@example.com', 'East', 1, 1748772000000, 1748772000000);
    INSERT INTO quota(user_id, period, amount) VALUES ('u1', '2025-Q3', 30000000);
    INSERT INTO field_def(id, entity, key, label, type, options, required_in_stages, position, created_at) VALUES
      ('f1', 'deal', 'region', 'Region', 'choice', '["East","West"]', '[]', 1, 1748772000000);
    INSERT INTO deal(id, pipeline_id, stage_id, status, title, amount, currency, owner_id, fields, created_at, updated_at, stage_entered_at) VALUES
      ('d1', 'p1', 's2', 'open', '旧商机', 1234500, 'CNY', 'u1', '{"region":"East"}', 1748772000000, 1748858400000, 1748858400000);
    INSERT INTO stage_event(deal_id, pipeline_id, kind, from_stage_id, stage_id, at) VALUES
      ('d1', 'p1', 'create', NULL, 's1', 1748772000000),
      ('d1', 'p1', 'move', 's1', 's2', 1748858400000);
  )sql").ok());
}

void expect_data_kept(Engine& e) {
  json p = e.call(json{{"op", "pipeline.get"}, {"args", {{"id", "p1"}}}});
  ASSERT_EQ(p["ok"], true) << p.dump();
  EXPECT_EQ(p["result"]["name"], "老管道");
  ASSERT_EQ(p["result"]["stages"].size(), 2u);
  EXPECT_EQ(p["result"]["stages"][0]["rot_days"], 14);
  EXPECT_EQ(p["result"]["stages"][1]["required_fields"], json::array({"amount"}));
  json d = e.call(json{{"op", "deal.get"}, {"args", {{"id", "d1"}}}});
  ASSERT_EQ(d["ok"], true) << d.dump();
  EXPECT_EQ(d["result"]["title"], "旧商机");
  EXPECT_EQ(d["result"]["amount"], 1234500);
  EXPECT_EQ(d["result"]["owner_id"], "u1");
  EXPECT_EQ(d["result"]["fields"]["region"], "East");
  EXPECT_EQ(d["result"]["stage_entered_at"], "2025-06-02T10:00:00Z");
  ASSERT_EQ(d["result"]["stage_events"].size(), 2u);
  EXPECT_EQ(d["result"]["stage_events"][1]["kind"], "move");
  json u = e.call(json{{"op", "user.get"}, {"args", {{"id", "u1"}}}});
  EXPECT_EQ(u["result"]["email"], "wang@example.com");
  json q = e.call(json{{"op", "quota.list"}, {"args", {{"user_id", "u1"}}}});
  EXPECT_EQ(q["result"]["items"][0]["amount"], 30000000);
  json f = e.call(json{{"op", "field.list"}, {"args", {{"entity", "deal"}}}});
  EXPECT_EQ(f["result"]["items"][0]["options"], json::array({"East", "West"}));
  // The migrated database takes new writes that use the old data.
  json moved = e.call(json{{"op", "deal.move"}, {"args", {{"id", "d1"}, {"stage_id", "s1"}}}});
  EXPECT_EQ(moved["ok"], true) << moved.dump();
  json info = e.call(json{{"op", "meta.info"}});
  EXPECT_EQ(info["result"]["schema_version"], Engine::schema_version());
}

TEST_F(MigrationTest, FromAnEmptyFile) {
  TempFile file("loudou-migrate-empty");
  {
    auto e = open_engine(file.path(), &now_);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->call(json{{"op", "meta.info"}})["result"]["schema_version"], latest_schema_version());
  }
  auto db = Db::open(file.path(), "");
  ASSERT_TRUE(db.ok());
  auto q = db.value()->query("SELECT version FROM schema_migrations ORDER BY version");
  int expected = 1;
  while (q.next()) EXPECT_EQ(q.int64(0), expected++);
  EXPECT_EQ(expected - 1, latest_schema_version()) << "every migration is recorded once";
}

TEST_F(MigrationTest, FromEachEarlierVersionKeepsTheData) {
  ASSERT_GE(latest_schema_version(), 1);
  for (int k = 1; k <= latest_schema_version(); ++k) {
    SCOPED_TRACE("from schema version " + std::to_string(k));
    TempFile file("loudou-migrate-v" + std::to_string(k));
    build_at_version(file.path(), k);
    auto e = open_engine(file.path(), &now_);
    ASSERT_TRUE(e);
    expect_data_kept(*e);
    // Opening again applies nothing more.
    e.reset();
    auto again = open_engine(file.path(), &now_);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->call(json{{"op", "deal.get"}, {"args", {{"id", "d1"}}}})["result"]["title"], "旧商机");
  }
}

TEST_F(MigrationTest, EachStepMigratesOneVersionAtATime) {
  TempFile file("loudou-migrate-steps");
  auto db = Db::open(file.path(), "");
  ASSERT_TRUE(db.ok());
  for (int k = 0; k <= latest_schema_version(); ++k) {
    ASSERT_TRUE(migrate(*db.value(), k).ok()) << k;
    EXPECT_EQ(schema_version_of(*db.value()).value(), k);
  }
}

TEST_F(MigrationTest, NewerSchemaIsRefusedAsStorage) {
  TempFile file("loudou-migrate-newer");
  {
    auto db = Db::open(file.path(), "");
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(migrate(*db.value()).ok());
    ASSERT_TRUE(db.value()->exec("INSERT INTO schema_migrations(version, name, applied_at) VALUES (" +
                                 std::to_string(latest_schema_version() + 1) + ", 'future', 0)").ok());
  }
  const std::string before = file.bytes();
  auto e = Engine::open(file.path());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), ErrorCode::storage);
  EXPECT_NE(e.status().message().find("newer"), std::string::npos) << e.status().message();
  EXPECT_TRUE(file.bytes() == before) << "a refused database is not touched";
}

}  // namespace
}  // namespace loudou::test
