// Reading spreadsheet values: amounts, dates, outcome words (core/src/import_values.h).
#include <gtest/gtest.h>

#include "import_values.h"
#include "instant.h"

namespace loudou::import {
namespace {

int64_t fen(const std::string& s) {
  auto p = parse_amount(s);
  EXPECT_TRUE(p.ok()) << s << ": " << p.error;
  return p.value.value_or(-1);
}

std::string date(const std::string& s) {
  auto p = parse_time(s);
  EXPECT_TRUE(p.ok() && p.value) << s << ": " << p.error;
  return p.value ? format_instant(*p.value) : "";
}

TEST(ImportValuesTest, AmountsInTheFormsPeopleType) {
  EXPECT_EQ(fen("1,234.5"), 123450);
  EXPECT_EQ(fen("1234.50元"), 123450);
  EXPECT_EQ(fen("¥1,234"), 123400);
  EXPECT_EQ(fen("￥ 1,234.56"), 123456);
  EXPECT_EQ(fen("12.3万"), 12300000);
  EXPECT_EQ(fen("1.2亿"), 12000000000);
  EXPECT_EQ(fen("8w"), 8000000);
  EXPECT_EQ(fen("5k"), 500000);
  EXPECT_EQ(fen("RMB 300"), 30000);
  EXPECT_EQ(fen("0"), 0);
  EXPECT_EQ(fen(".5"), 50);
  EXPECT_EQ(fen("1，000"), 100000);  // full-width comma
  EXPECT_EQ(fen("12.345"), 1235);    // rounded to the nearest 分
  EXPECT_EQ(fen("1.234567万"), 1234567);
  EXPECT_FALSE(parse_amount("").value);
  EXPECT_TRUE(parse_amount("").ok());
}

TEST(ImportValuesTest, AmountsThatAreNot) {
  for (const char* bad : {"abc", "1,23", "12,34.5", "1.2.3", "-5", "－5", "12万元万", "1e5", "¥", "1,,000",
                          "99999999999999999999"})
    EXPECT_FALSE(parse_amount(bad).ok()) << bad;
}

TEST(ImportValuesTest, DatesInTheFormsPeopleType) {
  EXPECT_EQ(date("2026-03-01"), "2026-03-01T00:00:00Z");
  EXPECT_EQ(date("2026/3/1"), "2026-03-01T00:00:00Z");
  EXPECT_EQ(date("2026.03.01"), "2026-03-01T00:00:00Z");
  EXPECT_EQ(date("2026年3月1日"), "2026-03-01T00:00:00Z");
  EXPECT_EQ(date("2026年03月01日"), "2026-03-01T00:00:00Z");
  EXPECT_EQ(date("20260301"), "2026-03-01T00:00:00Z");
  EXPECT_EQ(date("45352"), "2024-03-01T00:00:00Z");  // an Excel serial number
  EXPECT_EQ(date("45352.5"), "2024-03-01T12:00:00Z");
  EXPECT_EQ(date("2026-03-01 09:30"), "2026-03-01T09:30:00Z");
  EXPECT_EQ(date("2026/3/1 9:30:15"), "2026-03-01T09:30:15Z");
  EXPECT_EQ(date("2026-03-01T09:30:00+08:00"), "2026-03-01T01:30:00Z");
}

TEST(ImportValuesTest, DatesThatAreNot) {
  for (const char* bad : {"2026-02-30", "2026/13/1", "tomorrow", "3/1/2026", "2026-03-01 25:00", "2026年3月", "abc"})
    EXPECT_FALSE(parse_time(bad).ok()) << bad;
  EXPECT_TRUE(parse_time("  ").ok());
  EXPECT_FALSE(parse_time("  ").value);
}

TEST(ImportValuesTest, OutcomeWords) {
  EXPECT_EQ(parse_outcome("赢单"), "won");
  EXPECT_EQ(parse_outcome("已成交"), "won");
  EXPECT_EQ(parse_outcome("Won"), "won");
  EXPECT_EQ(parse_outcome("丢单"), "lost");
  EXPECT_EQ(parse_outcome("Closed Lost"), "lost");
  EXPECT_EQ(parse_outcome("进行中"), "open");
  EXPECT_FALSE(parse_outcome("maybe"));
}

TEST(ImportValuesTest, CleaningUndoesTheFormulaGuard) {
  EXPECT_EQ(clean_cell("  '=SUM(A1) "), "=SUM(A1)");
  EXPECT_EQ(clean_cell("'hello"), "'hello");
  EXPECT_EQ(clean_cell("\u3000全角空格\u3000"), "全角空格");
}

TEST(ImportValuesTest, ExportFormatsReadBack) {
  EXPECT_EQ(format_amount(123450), "1234.50");
  EXPECT_EQ(fen(format_amount(7)), 7);
  EXPECT_EQ(format_time(*parse_instant("2026-03-01T00:00:00Z")), "2026-03-01");
  EXPECT_EQ(format_time(*parse_instant("2026-03-01T09:30:05Z")), "2026-03-01 09:30:05");
  EXPECT_EQ(date(format_time(*parse_instant("2026-03-01T09:30:05Z"))), "2026-03-01T09:30:05Z");
  // The hand-written digits: zeros, a large amount, milliseconds dropped, before 1970, year 9999.
  EXPECT_EQ(format_amount(0), "0.00");
  EXPECT_EQ(format_amount(5), "0.05");
  EXPECT_EQ(format_amount(1000000000050), "10000000000.50");
  EXPECT_EQ(format_time(*parse_instant("2026-03-01T09:30:05.999Z")), "2026-03-01 09:30:05");
  EXPECT_EQ(format_time(*parse_instant("1969-12-31T23:59:59Z")), "1969-12-31 23:59:59");
  EXPECT_EQ(format_time(*parse_instant("0001-02-03T00:00:00Z")), "0001-02-03");
  EXPECT_EQ(format_time(*parse_instant("9999-12-31T23:59:59Z")), "9999-12-31 23:59:59");
}

}  // namespace
}  // namespace loudou::import
