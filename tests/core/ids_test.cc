// Record ids are ULIDs: 26 Crockford base32 characters, the first 10 the creation millisecond,
// so they sort by creation time, also within one millisecond and when the clock steps back.
#include <set>

#include "engine_fixture.h"
#include "ids.h"

namespace loudou::test {
namespace {

const std::string kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int64_t time_of(const std::string& ulid) {
  int64_t t = 0;
  for (int i = 0; i < 10; ++i) t = t * 32 + int64_t(kCrockford.find(ulid[size_t(i)]));
  return t;
}

TEST(IdsTest, UlidsAreSortableAndCarryTheirTime) {
  IdMaker ids;
  std::vector<std::string> made;
  const int64_t t0 = kNow;
  for (int64_t t : {t0, t0, t0, t0 + 1, t0 + 1000, t0 + 1000, t0 + 86'400'000})
    made.push_back(ids.next(t));
  for (size_t i = 0; i < made.size(); ++i) {
    ASSERT_EQ(made[i].size(), 26u) << made[i];
    EXPECT_EQ(made[i].find_first_not_of(kCrockford), std::string::npos) << made[i];
    if (i > 0) EXPECT_LT(made[i - 1], made[i]) << "ids must increase";
    EXPECT_TRUE(is_valid_id(made[i]));
  }
  EXPECT_EQ(time_of(made[0]), t0);
  EXPECT_EQ(time_of(made.back()), t0 + 86'400'000);
  // A clock that steps back keeps counting up from the last id.
  std::string after = ids.next(t0 - 5000);
  EXPECT_LT(made.back(), after);
}

TEST(IdsTest, ManyIdsInOneMillisecondAreUniqueAndOrdered) {
  IdMaker ids;
  std::string prev;
  std::set<std::string> seen;
  for (int i = 0; i < 100'000; ++i) {
    std::string id = ids.next(kNow);
    ASSERT_LT(prev, id);
    prev = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100'000u);
}

TEST(IdsTest, TwoMakersDoNotCollide) {
  IdMaker a, b;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    seen.insert(a.next(kNow + i));
    seen.insert(b.next(kNow + i));
  }
  EXPECT_EQ(seen.size(), 2000u);
}

TEST(IdsTest, CallerIdsAreCheckedForTheirAlphabet) {
  EXPECT_TRUE(is_valid_id("deal-42_a.b:c"));
  EXPECT_FALSE(is_valid_id(""));
  EXPECT_FALSE(is_valid_id("has space"));
  EXPECT_FALSE(is_valid_id("引号"));
  EXPECT_FALSE(is_valid_id(std::string(65, 'a')));
  EXPECT_TRUE(is_valid_id(std::string(64, 'a')));
}

class IdsEngineTest : public EngineTest {};

TEST_F(IdsEngineTest, EngineIdsSortByCreation) {
  json p = pipeline(3);
  std::vector<std::string> made = {p["id"], stage(p, 1), stage(p, 2), stage(p, 3)};
  for (int i = 0; i < 5; ++i) {
    now_ += 1;
    made.push_back(deal(p)["id"]);
  }
  for (size_t i = 1; i < made.size(); ++i) EXPECT_LT(made[i - 1], made[i]);
  EXPECT_EQ(time_of(made.back()), now_);
}

}  // namespace
}  // namespace loudou::test
