// Feature attributes, column by column, as the source gave them. Numeric views are parsed on
// first use: a string column counts as numeric when every non-empty value parses as a number
// (the SF tracts carry their areas as strings).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_column.hpp"

#include "source/vector_source.hpp"  // FieldType

namespace gs {

class AttributeTable {
public:
    struct Column {
        std::string name;
        FieldType type = FieldType::String;
        CompactTextColumn values;  // one per feature; empty for null
        std::vector<uint8_t> isNull;
    };

    void addColumn(std::string name, FieldType type);
    size_t columnCount() const { return columns_.size(); }
    size_t rowCount() const { return columns_.empty() ? 0 : columns_[0].values.size(); }
    const Column& column(size_t i) const { return columns_[i]; }
    Column& column(size_t i) { numeric_.clear(); return columns_[i]; }
    std::optional<size_t> find(const std::string& name) const;

    // Appends all rows of `other` (same columns, in the same order).
    void append(AttributeTable&& other);
    // Removes every row, keeping the columns (and the memory of their arrays).
    void clearRows();
    // Room for n rows in every column, so that a large layer's appends do not regrow them.
    void reserveRows(size_t n);

    // The column as numbers (NaN for null), or nullopt when it is not numeric.
    const std::vector<double>* numeric(size_t column) const;
    // Names of the columns usable for colour-by.
    std::vector<std::string> numericColumns() const;

private:
    std::vector<Column> columns_;
    mutable std::vector<std::unique_ptr<std::optional<std::vector<double>>>> numeric_;
};

}  // namespace gs
