// Texts in one block (core/text_column.hpp): what goes in comes out, row by row, through appends,
// permutes and iteration; the block refuses text past what its ends can hold.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/text_column.hpp"
#include "source/attribute_table.hpp"

namespace gs {
namespace {

TEST(TextColumn, RowsComeBackAsTheyWentIn) {
    CompactTextColumn c{"c3:06075020800", "", "网格 0208-c3"};
    c.push_back("last");
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(c[0], "c3:06075020800");
    EXPECT_EQ(c[1], "");
    EXPECT_EQ(c[2], "网格 0208-c3");
    EXPECT_EQ(c.at(3), "last");
    EXPECT_THROW(c.at(4), std::out_of_range);
    // Iterated, and copied out as strings (what a caller keeping them does).
    std::vector<std::string> out(c.begin(), c.end());
    EXPECT_EQ(out, (std::vector<std::string>{"c3:06075020800", "", "网格 0208-c3", "last"}));
    EXPECT_EQ(c.end() - c.begin(), 4);
    EXPECT_EQ(c.bytes(), 14u + 0 + std::string("网格 0208-c3").size() + 4 + 4 * sizeof(uint32_t));
}

TEST(TextColumn, AppendShiftsTheOtherColumnsEnds) {
    CompactTextColumn a{"one", "two"}, b{"three", "", "four"};
    a.reserve(100);  // rows reserved ahead: the block grows once for them
    a.append(b);
    ASSERT_EQ(a.size(), 5u);
    EXPECT_EQ(a[1], "two");
    EXPECT_EQ(a[2], "three");
    EXPECT_EQ(a[3], "");
    EXPECT_EQ(a[4], "four");
    EXPECT_GE(a.bytesHeld(), a.bytes());
    a.clear();
    EXPECT_TRUE(a.empty());
    a.push_back("again");
    EXPECT_EQ(a[0], "again");
}

TEST(TextColumn, PermuteReordersRows) {
    TextColumn c{"a", "bb", "ccc"};
    const std::vector<uint32_t> order{2, 0, 1};
    c.permute(order);
    EXPECT_EQ(c[0], "ccc");
    EXPECT_EQ(c[1], "a");
    EXPECT_EQ(c[2], "bb");
}

TEST(TextColumn, TextPastWhatTheEndsHoldIsRefused) {
    BasicTextColumn<uint8_t> c;  // 255 bytes at most
    c.push_back(std::string(200, 'x'));
    EXPECT_THROW(c.push_back(std::string(56, 'y')), std::length_error);
    EXPECT_EQ(c.size(), 1u) << "nothing half-added";
    c.push_back(std::string(55, 'y'));
    EXPECT_EQ(c[1], std::string(55, 'y'));
    BasicTextColumn<uint8_t> more{"z"};
    EXPECT_THROW(c.append(more), std::length_error);
    EXPECT_EQ(c.size(), 2u);
}

TEST(TextColumn, AttributeTablesAppendAndParseNumbersFromIt) {
    AttributeTable t, part;
    t.addColumn("bld_count", FieldType::String);
    part.addColumn("bld_count", FieldType::String);
    t.column(0).values.push_back("12");
    t.column(0).isNull.push_back(0);
    part.column(0).values.push_back(" 7.5 ");
    part.column(0).isNull.push_back(0);
    part.column(0).values.push_back("");
    part.column(0).isNull.push_back(1);
    t.append(std::move(part));
    ASSERT_EQ(t.rowCount(), 3u);
    const std::vector<double>* n = t.numeric(0);
    ASSERT_NE(n, nullptr);
    EXPECT_EQ((*n)[0], 12.0);
    EXPECT_EQ((*n)[1], 7.5);
    EXPECT_TRUE(std::isnan((*n)[2]));
}

}  // namespace
}  // namespace gs
