#include "source/attribute_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace gs {

void AttributeTable::addColumn(std::string name, FieldType type) {
    Column c;
    c.name = std::move(name);
    c.type = type;
    columns_.push_back(std::move(c));
    numeric_.clear();
}

std::optional<size_t> AttributeTable::find(const std::string& name) const {
    for (size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].name == name) return i;
    return std::nullopt;
}

void AttributeTable::append(AttributeTable&& other) {
    if (columns_.empty()) { *this = std::move(other); return; }
    for (size_t i = 0; i < columns_.size() && i < other.columns_.size(); ++i) {
        auto& dst = columns_[i];
        auto& src = other.columns_[i];
        dst.values.append(src.values);
        dst.isNull.insert(dst.isNull.end(), src.isNull.begin(), src.isNull.end());
    }
    numeric_.clear();
}

void AttributeTable::reserveRows(size_t n) {
    for (Column& c : columns_) {
        c.values.reserve(n);
        c.isNull.reserve(n);
    }
}

void AttributeTable::clearRows() {
    for (Column& c : columns_) {
        c.values.clear();
        c.isNull.clear();
    }
    numeric_.clear();
}

namespace {

bool parseNumber(std::string_view s, double& out) {
    const char* b = s.data();
    const char* e = s.data() + s.size();
    while (b < e && *b == ' ') ++b;
    while (e > b && e[-1] == ' ') --e;
    if (b == e) return false;
    if (*b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, out);
    return ec == std::errc() && p == e && std::isfinite(out);
}

}  // namespace

const std::vector<double>* AttributeTable::numeric(size_t column) const {
    if (column >= columns_.size()) return nullptr;
    if (numeric_.size() != columns_.size()) {
        numeric_.clear();
        numeric_.resize(columns_.size());
    }
    auto& slot = numeric_[column];
    if (!slot) {
        slot = std::make_unique<std::optional<std::vector<double>>>();
        const Column& c = columns_[column];
        if (c.type != FieldType::Other) {
            std::vector<double> v(c.values.size(), std::nan(""));
            bool numericColumn = true;
            bool any = false;
            for (size_t i = 0; i < c.values.size(); ++i) {
                if (c.isNull[i] || c.values[i].empty()) continue;
                if (!parseNumber(c.values[i], v[i])) { numericColumn = false; break; }
                any = true;
            }
            if (numericColumn && any) *slot = std::move(v);
        }
    }
    return slot->has_value() ? &**slot : nullptr;
}

std::vector<std::string> AttributeTable::numericColumns() const {
    std::vector<std::string> names;
    for (size_t i = 0; i < columns_.size(); ++i)
        if (numeric(i)) names.push_back(columns_[i].name);
    return names;
}

}  // namespace gs
