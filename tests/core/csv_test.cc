// The CSV reader and writer (core/src/csv.h): every RFC 4180 corner, Excel's habits, and input
// that is not CSV at all, which must come back as a coded error naming the line, never a crash.
#include <gtest/gtest.h>

#include <random>

#include "csv.h"

namespace loudou {
namespace {

using Rows = std::vector<csv::Row>;

Rows parse_ok(std::string_view text) {
  auto t = csv::parse(text);
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? t->rows : Rows{};
}

std::string parse_error(std::string_view text) {
  auto t = csv::parse(text);
  EXPECT_FALSE(t.ok()) << "should fail: " << text;
  if (t.ok()) return "";
  EXPECT_EQ(t.status().code(), ErrorCode::validation_failed);
  EXPECT_EQ(t.status().field(), "text");
  return t.status().message();
}

TEST(CsvTest, PlainCellsAndLineEnds) {
  Rows want = {{"a", "b", "c"}, {"1", "2", "3"}};
  EXPECT_EQ(parse_ok("a,b,c\r\n1,2,3\r\n"), want);  // CRLF
  EXPECT_EQ(parse_ok("a,b,c\n1,2,3\n"), want);      // LF
  EXPECT_EQ(parse_ok("a,b,c\r1,2,3\r"), want);      // old Mac CR
  EXPECT_EQ(parse_ok("a,b,c\n1,2,3"), want);        // no line end at the end
  EXPECT_EQ(parse_ok("a,b,c\r\n1,2,3\n"), want);    // mixed
}

TEST(CsvTest, QuotedCellsHoldCommasQuotesAndLineBreaks) {
  Rows rows = parse_ok("\"a,b\",\"say \"\"hi\"\"\",\"line1\r\nline2\",\"x\ny\"\r\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], (csv::Row{"a,b", "say \"hi\"", "line1\r\nline2", "x\ny"}));
}

TEST(CsvTest, EmptyCellsAndEmptyQuotedCells) {
  EXPECT_EQ(parse_ok("a,,c\n,,x\n\"\",b,\"\"\n"), (Rows{{"a", "", "c"}, {"", "", "x"}, {"", "b", ""}}));
  EXPECT_EQ(parse_ok("a,b,\n"), (Rows{{"a", "b", ""}}));  // a trailing comma is an empty last cell
}

TEST(CsvTest, BomIsDroppedAndBlankRecordsAreSkippedButCounted) {
  auto t = csv::parse("\xEF\xBB\xBFname,amount\n\nA,1\n,\nB,2\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->rows, (Rows{{"name", "amount"}, {"A", "1"}, {"B", "2"}}));
  EXPECT_EQ(t->row_number, (std::vector<int>{1, 3, 5}));  // the row numbers Excel shows
}

TEST(CsvTest, RowNumbersIgnoreLineBreaksInsideCells) {
  auto t = csv::parse("h1,h2\n\"multi\nline\",x\nlast,y\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->row_number, (std::vector<int>{1, 2, 3}));
}

TEST(CsvTest, SpacesArePartOfCells) {
  EXPECT_EQ(parse_ok(" a , b \n"), (Rows{{" a ", " b "}}));
}

TEST(CsvTest, RaggedRowsAreKeptAsTheyAre) {
  // The parser keeps each record's own width; importers report rows that differ from the header.
  EXPECT_EQ(parse_ok("a,b,c\n1,2\n1,2,3,4\n"), (Rows{{"a", "b", "c"}, {"1", "2"}, {"1", "2", "3", "4"}}));
}

TEST(CsvTest, UnicodeTextSurvives) {
  EXPECT_EQ(parse_ok("商机名称,金额\n华东制造 · 二期,¥1,234\n"), (Rows{{"商机名称", "金额"}, {"华东制造 · 二期", "¥1", "234"}}));
  EXPECT_EQ(parse_ok("\"😀,emoji\"\n"), (Rows{{"😀,emoji"}}));
}

TEST(CsvTest, UnterminatedQuoteNamesItsLine) {
  EXPECT_NE(parse_error("a,b\n1,\"open\n2,3\n").find("line 2"), std::string::npos);
}

TEST(CsvTest, QuoteInsideUnquotedCellIsRefused) {
  EXPECT_NE(parse_error("a,b\n5\" screen,2\n").find("line 2"), std::string::npos);
}

TEST(CsvTest, TextAfterClosingQuoteIsRefused) {
  EXPECT_NE(parse_error("\"a\"b,c\n").find("closing quote"), std::string::npos);
}

TEST(CsvTest, InvalidUtf8AndGbkBytesAreRefusedWithAHint) {
  // "商机" in GBK: the page must decode it before the core sees it.
  std::string msg = parse_error("name\n\xC9\xCC\xBB\xFA\n");
  EXPECT_NE(msg.find("line 2"), std::string::npos);
  EXPECT_NE(msg.find("UTF-8"), std::string::npos);
  parse_error("\xED\xA0\x80");      // a UTF-16 surrogate
  parse_error("\xC0\xAF");          // overlong
  parse_error("\xF4\x90\x80\x80");  // past U+10FFFF
}

TEST(CsvTest, BinaryFilesAreRefused) {
  EXPECT_NE(parse_error(std::string("PK\x03\x04\x14\x00", 6)).find("xlsx"), std::string::npos);
  EXPECT_NE(parse_error(std::string("a,b\n\0\x01\x02", 7)).find("NUL"), std::string::npos);
}

TEST(CsvTest, OneMegabyteCellParses) {
  std::string big(1 << 20, 'x');
  big[1000] = ',';
  big[2000] = '\n';
  big[3000] = '"';
  std::string quoted = "\"";
  for (char c : big) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  quoted += "\"";
  Rows rows = parse_ok("h,big\nfirst," + quoted + "\r\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1][1], big);
}

TEST(CsvTest, CellsPastTheLimitAreRefused) {
  csv::Limits small;
  small.max_cell_bytes = 100;
  EXPECT_FALSE(csv::parse("a," + std::string(101, 'x'), small).ok());
  EXPECT_FALSE(csv::parse("a,\"" + std::string(101, 'x') + "\"", small).ok());
  EXPECT_TRUE(csv::parse("a," + std::string(100, 'x'), small).ok());
}

TEST(CsvTest, WriterQuotesOnlyWhatNeedsIt) {
  std::string out;
  csv::write_row(out, {"plain", "a,b", "say \"hi\"", "two\nlines", " pad", ""});
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" pad\",\r\n");
}

TEST(CsvTest, WriterDefusesSpreadsheetFormulas) {
  std::string out;
  csv::write_row(out, {"=SUM(A1)", "+1+1", "@cmd", "-12.5", "-x", "5"});
  EXPECT_EQ(out, "'=SUM(A1),'+1+1,'@cmd,-12.5,'-x,5\r\n");
}

TEST(CsvTest, WriteThenParseIsIdentity) {
  std::mt19937 rng(7);
  const std::string alphabet = "ab,\"\r\n 中文";
  for (int round = 0; round < 300; ++round) {
    Rows rows;
    std::string text;
    int width = 1 + int(rng() % 5);
    for (int r = 0; r < 1 + int(rng() % 6); ++r) {
      csv::Row row;
      for (int c = 0; c < width; ++c) {
        std::string cell;
        int len = int(rng() % 8);
        for (int k = 0; k < len; ++k) cell += alphabet[rng() % 7];  // the ASCII part only
        if (rng() % 4 == 0) cell += "中文";
        row.push_back(cell);
      }
      row[0] = "r" + row[0];  // never a blank record (those are skipped)
      csv::write_row(text, row, /*guard_formulas=*/false);
      rows.push_back(row);
    }
    auto back = csv::parse(text);
    ASSERT_TRUE(back.ok()) << back.status().message() << "\n" << text;
    EXPECT_EQ(back->rows, rows) << text;
  }
}

// Seeded fuzz: random bytes, and valid CSV with random bytes flipped. The parser must answer
// every input with rows or a validation_failed error — never crash, hang or throw.
TEST(CsvTest, FuzzNeverCrashes) {
  std::mt19937 rng(20260301);
  const std::string seed = "商机名称,金额,阶段\r\n\"A, Inc.\",\"1,234.5\",需求确认\r\nB,12.3万,\"x\"\"y\"\n";
  int ok = 0, failed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string input;
    if (round % 2) {
      input.resize(rng() % 64);
      for (auto& c : input) c = char(rng() % 256);
    } else {
      input = seed;
      for (int k = 0; k < 1 + int(rng() % 4); ++k) input[rng() % input.size()] = char(rng() % 256);
    }
    auto t = csv::parse(input);
    if (t.ok()) {
      ++ok;
      EXPECT_EQ(t->rows.size(), t->row_number.size());
    } else {
      ++failed;
      EXPECT_EQ(t.status().code(), ErrorCode::validation_failed);
      EXPECT_FALSE(t.status().message().empty());
    }
  }
  EXPECT_GT(ok, 0);
  EXPECT_GT(failed, 0);
}

TEST(CsvTest, Utf8Validator) {
  EXPECT_EQ(csv::invalid_utf8_at("abc 中文 😀"), std::string_view::npos);
  EXPECT_EQ(csv::invalid_utf8_at("ab\xFF"), 2u);
  EXPECT_EQ(csv::invalid_utf8_at("\xE4\xB8"), 0u);  // truncated
}

}  // namespace
}  // namespace loudou
