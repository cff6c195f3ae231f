// Failures of the file under the engine come back as `storage` errors, never as crashes, never
// as `internal`, and never leave half-written data.
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>

#include "db.h"
#include "engine_fixture.h"

namespace loudou::test {
namespace {

class StorageTest : public ::testing::Test {
 protected:
  // A database file with a pipeline "p" and a deal "d".
  void fill() {
    auto e = open_engine(file_.path(), &now_);
    ASSERT_TRUE(e);
    ASSERT_EQ(e->call(json{{"op", "pipeline.create"}, {"args", {{"id", "p"}, {"name", "P"}, {"stages", {{{"id", "s"}, {"name", "A"}, {"probability", 10}}}}}}})["ok"], true);
    ASSERT_EQ(e->call(json{{"op", "deal.create"}, {"args", {{"id", "d"}, {"pipeline_id", "p"}, {"title", "T"}}}})["ok"], true);
  }
  void overwrite(int64_t offset, const std::string& bytes) {
    std::fstream f(file_.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(offset);
    f.write(bytes.data(), std::streamsize(bytes.size()));
  }
  static void expect_storage(const json& r) {
    EXPECT_EQ(r["ok"], false) << r.dump();
    EXPECT_EQ(r["error"]["code"], "storage") << r.dump();
    EXPECT_FALSE(r["error"].value("message", "").empty());
  }

  int64_t now_ = kNow;
  TempFile file_{"loudou-storage"};
};

TEST_F(StorageTest, FileThatIsNotADatabaseIsRefusedAsStorage) {
  { std::ofstream(file_.path(), std::ios::binary) << std::string(8192, '\x5A'); }
  auto e = Engine::open(file_.path());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), ErrorCode::storage);
}

TEST_F(StorageTest, PathThatCannotBeOpenedIsStorage) {
  auto e = Engine::open((std::filesystem::temp_directory_path() / "no-such-dir" / "x" / "db.sqlite").string());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), ErrorCode::storage);
}

// A damaged table page: calls that read it answer `storage`; the rest of the database works.
TEST_F(StorageTest, CorruptPageIsStorageErrorOnTheCallsThatReadIt) {
  fill();
  int64_t page_size = 0, root = 0;
  {
    auto db = Db::open(file_.path(), "");
    ASSERT_TRUE(db.ok());
    auto q = db.value()->query("SELECT rootpage FROM sqlite_master WHERE name = 'deal'");
    ASSERT_TRUE(q.next());
    root = q.int64(0);
    auto ps = db.value()->query("PRAGMA page_size");
    ASSERT_TRUE(ps.next());
    page_size = ps.int64(0);
  }
  overwrite((root - 1) * page_size, std::string(size_t(page_size), '\x07'));
  auto e = open_engine(file_.path(), &now_);
  ASSERT_TRUE(e);
  expect_storage(e->call(json{{"op", "deal.get"}, {"args", {{"id", "d"}}}}));
  expect_storage(e->call(json{{"op", "deal.list"}}));
  expect_storage(e->call(json{{"op", "deal.create"}, {"args", {{"pipeline_id", "p"}, {"title", "T2"}}}}));
  EXPECT_EQ(e->call(json{{"op", "pipeline.get"}, {"args", {{"id", "p"}}}})["ok"], true);
}

// Another connection (a second tab, another process) holds the write lock: writes answer
// `storage` and change nothing.
TEST_F(StorageTest, LockedDatabaseIsStorageAndChangesNothing) {
  fill();
  auto e = open_engine(file_.path(), &now_);
  ASSERT_TRUE(e);
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file_.path().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE; UPDATE deal SET title = 'other' WHERE id = 'd'", nullptr, nullptr, nullptr), SQLITE_OK);
  expect_storage(e->call(json{{"op", "deal.update"}, {"args", {{"id", "d"}, {"title", "mine"}}}}));
  expect_storage(e->call(json{{"op", "deal.get"}, {"args", {{"id", "d"}}}}));
  expect_storage(e->call(json{{"op", "batch"}, {"args", {{"requests", {{{"op", "deal.win"}, {"args", {{"id", "d"}}}}}}}}}));
  // Opening another engine on the locked file is refused the same way.
  auto second = Engine::open(file_.path());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::storage) << second.status().message();
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  json d = e->call(json{{"op", "deal.get"}, {"args", {{"id", "d"}}}});
  EXPECT_EQ(d["result"]["title"], "T") << d.dump();
  EXPECT_EQ(d["result"]["status"], "open") << d.dump();
}

// A file the process may read but not write: it opens, reads work, writes answer `storage`.
TEST_F(StorageTest, ReadOnlyFileIsStorageOnWrite) {
  fill();
  // chmod does not stop root; the immutable attribute does. Either makes the file read-only.
  bool immutable = std::system(("chattr +i '" + file_.path() + "' 2>/dev/null").c_str()) == 0;
  if (!immutable) std::filesystem::permissions(file_.path(), std::filesystem::perms::owner_read);
  {
    std::ofstream probe(file_.path(), std::ios::app);
    if (probe.is_open()) GTEST_SKIP() << "cannot make a read-only file here";
  }
  auto e = open_engine(file_.path(), &now_);
  if (e) {
    EXPECT_EQ(e->call(json{{"op", "deal.get"}, {"args", {{"id", "d"}}}})["ok"], true);
    expect_storage(e->call(json{{"op", "deal.update"}, {"args", {{"id", "d"}, {"title", "mine"}}}}));
    expect_storage(e->call(json{{"op", "batch"}, {"args", {{"requests", {{{"op", "deal.win"}, {"args", {{"id", "d"}}}}}}}}}));
    EXPECT_EQ(e->call(json{{"op", "deal.get"}, {"args", {{"id", "d"}}}})["result"]["status"], "open");
  }
  if (immutable) (void)std::system(("chattr -i '" + file_.path() + "'").c_str());
  std::filesystem::permissions(file_.path(), std::filesystem::perms::owner_all);
  ASSERT_TRUE(e);
}

}  // namespace
}  // namespace loudou::test
