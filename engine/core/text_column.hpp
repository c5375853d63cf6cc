// Texts by row in one block of characters, with where each ends: a few bytes a row beside its
// characters, not a std::string's 32 and its own allocation. A city's million buildings' three
// fields take 35 MB so, 101 MB as strings; an event history's titles and addresses likewise.
// Rows are read as string views into the block, valid until the column changes.
#pragma once

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gs {

// `End` holds a row's end in the block: uint32_t (4 GiB of text at most; more throws
// std::length_error) or uint64_t.
template <class End>
class BasicTextColumn {
public:
    class const_iterator {
    public:
        using iterator_category = std::random_access_iterator_tag;
        using value_type = std::string_view;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = std::string_view;
        const_iterator() = default;
        const_iterator(const BasicTextColumn* c, size_t i) : c_(c), i_(i) {}
        std::string_view operator*() const { return (*c_)[i_]; }
        std::string_view operator[](difference_type n) const { return (*c_)[size_t(difference_type(i_) + n)]; }
        const_iterator& operator++() { ++i_; return *this; }
        const_iterator operator++(int) { auto t = *this; ++i_; return t; }
        const_iterator& operator--() { --i_; return *this; }
        const_iterator operator--(int) { auto t = *this; --i_; return t; }
        const_iterator& operator+=(difference_type n) { i_ = size_t(difference_type(i_) + n); return *this; }
        const_iterator& operator-=(difference_type n) { i_ = size_t(difference_type(i_) - n); return *this; }
        friend const_iterator operator+(const_iterator a, difference_type n) { return a += n; }
        friend const_iterator operator+(difference_type n, const_iterator a) { return a += n; }
        friend const_iterator operator-(const_iterator a, difference_type n) { return a -= n; }
        friend difference_type operator-(const_iterator a, const_iterator b) {
            return difference_type(a.i_) - difference_type(b.i_);
        }
        friend bool operator==(const_iterator a, const_iterator b) { return a.i_ == b.i_; }
        friend auto operator<=>(const_iterator a, const_iterator b) { return a.i_ <=> b.i_; }

    private:
        const BasicTextColumn* c_ = nullptr;
        size_t i_ = 0;
    };

    BasicTextColumn() = default;
    BasicTextColumn(std::initializer_list<std::string_view> rows) {
        for (std::string_view v : rows) push_back(v);
    }

    size_t size() const { return ends_.size(); }
    bool empty() const { return ends_.empty(); }
    size_t capacity() const { return ends_.capacity(); }
    std::string_view operator[](size_t row) const {
        const size_t begin = row == 0 ? 0 : size_t(ends_[row - 1]);
        return {chars_.data() + begin, size_t(ends_[row]) - begin};
    }
    std::string_view at(size_t row) const {
        if (row >= size()) throw std::out_of_range("text column: row " + std::to_string(row) + " of " + std::to_string(size()));
        return (*this)[row];
    }
    const_iterator begin() const { return {this, 0}; }
    const_iterator end() const { return {this, size()}; }

    void push_back(std::string_view text) {
        fits(chars_.size() + text.size());
        chars_.append(text);
        ends_.push_back(End(chars_.size()));
    }
    void emplace_back(std::string_view text) { push_back(text); }
    // Appends every row of `other`. Where rows were reserved ahead (reserve), the block is grown
    // once for all of them, at the mean length so far, not doubled again and again.
    void append(const BasicTextColumn& other) {
        const size_t need = chars_.size() + other.chars_.size(), rows = size() + other.size();
        fits(need);
        if (need > chars_.capacity() && ends_.capacity() > rows && rows > 0)
            chars_.reserve(std::max(need, size_t(double(need) / double(rows) * double(ends_.capacity()) * 1.05)));
        const End base = End(chars_.size());
        chars_.append(other.chars_);
        ends_.reserve(rows);
        for (End e : other.ends_) ends_.push_back(base + e);
    }
    void reserve(size_t rows, size_t characters = 0) {
        ends_.reserve(rows);
        if (characters) chars_.reserve(characters);
    }
    void clear() {
        chars_.clear();
        ends_.clear();
    }
    // Row i becomes the old row order[i].
    void permute(std::span<const uint32_t> order) {
        std::string chars;
        std::vector<End> ends;
        chars.reserve(chars_.size());
        ends.reserve(order.size());
        for (uint32_t row : order) {
            chars.append((*this)[row]);
            ends.push_back(End(chars.size()));
        }
        chars_ = std::move(chars);
        ends_ = std::move(ends);
    }
    // Bytes the rows take (characters and ends), and what is held for them (capacities).
    size_t bytes() const { return chars_.size() + ends_.size() * sizeof(End); }
    size_t bytesHeld() const { return chars_.capacity() + ends_.capacity() * sizeof(End); }

private:
    static void fits(size_t characters) {
        if (characters > size_t(std::numeric_limits<End>::max()))
            throw std::length_error("text column: more than " + std::to_string(std::numeric_limits<End>::max()) +
                                    " bytes of text");
    }

    std::string chars_;
    std::vector<End> ends_;
};

using TextColumn = BasicTextColumn<uint64_t>;
using CompactTextColumn = BasicTextColumn<uint32_t>;

}  // namespace gs
