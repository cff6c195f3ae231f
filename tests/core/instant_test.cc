// Instants and dates as the API reads and writes them.
#include <gtest/gtest.h>

#include "instant.h"

namespace loudou {
namespace {

TEST(InstantTest, ParsesUtcOffsetsFractionsAndBareDates) {
  EXPECT_EQ(parse_instant("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_instant("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(parse_instant("1970-01-01T08:00:00+08:00"), 0);
  EXPECT_EQ(parse_instant("1969-12-31T19:00:00-05:00"), 0);
  EXPECT_EQ(parse_instant("1970-01-02"), kMsPerDay);
  EXPECT_EQ(format_instant(1500), "1970-01-01T00:00:01.500Z");
  EXPECT_EQ(format_instant(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(format_instant(-1), "1969-12-31T23:59:59.999Z");
}

TEST(InstantTest, RejectsWhatIsNotAnInstant) {
  for (const char* bad : {"", "2026", "2026-02-30", "2026-13-01", "2026-01-01T24:00:00Z",
                          "2026-01-01T10:00:00", "2026-01-01T10:00Z", "2026-01-01T10:00:00.Z",
                          "2026-01-01T10:00:00+0800", "2026-01-01T10:00:00Zjunk", "yesterday",
                          "２０２６-01-01"})
    EXPECT_FALSE(parse_instant(bad).has_value()) << bad;
  EXPECT_TRUE(is_date("2024-02-29"));
  EXPECT_FALSE(is_date("2025-02-29"));
  EXPECT_FALSE(is_date("2025-02-01T00:00:00Z"));
}

// Bug: "9999-12-31T23:59:60Z" (a leap second) was accepted and stored as year 10000, which
// format_instant wrote as "10000-01-01T00:00:00Z" — text the API itself refuses to read back.
TEST(InstantTest, AcceptedInstantsFormatBackToParseableText) {
  for (const char* s : {"9999-12-31T23:59:60Z", "9999-12-31T23:59:59.999-01:00", "0000-01-01T00:00:00+00:01"})
    EXPECT_FALSE(parse_instant(s).has_value()) << s;
  for (const char* s : {"9999-12-31T23:59:59.999Z", "0000-01-01T00:00:00Z", "2026-06-30T23:59:60Z",
                        "2026-03-01T00:00:00+14:00", "2026-03-01T00:00:00-12:00"}) {
    auto ms = parse_instant(s);
    ASSERT_TRUE(ms.has_value()) << s;
    EXPECT_EQ(parse_instant(format_instant(*ms)), ms) << s << " -> " << format_instant(*ms);
  }
}

// month_of writes its digits itself (it runs once per closed deal in reports): it must agree
// with format_instant's first seven characters at month edges, before 1970 and at year bounds.
TEST(InstantTest, MonthOfIsTheFormattedInstantsMonth) {
  for (const char* s : {"2026-03-01T00:00:00Z", "2026-02-28T23:59:59.999Z", "1969-12-31T23:59:59Z",
                        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00Z",
                        "0987-10-05T00:00:00Z"}) {
    auto ms = parse_instant(s);
    ASSERT_TRUE(ms.has_value()) << s;
    EXPECT_EQ(month_of(*ms), std::string(s).substr(0, 7)) << s;
    EXPECT_EQ(month_of(*ms - 1), format_instant(*ms - 1).substr(0, 7)) << s;
  }
}

}  // namespace
}  // namespace loudou
