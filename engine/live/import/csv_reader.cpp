#include "live/import/csv_reader.hpp"

namespace gs {

namespace {
constexpr int kEnd = std::char_traits<char>::eof();
}

CsvReader::CsvReader(std::istream& in, char delimiter) : in_(in), delimiter_(delimiter) {}

int CsvReader::get() { return in_.rdbuf() ? in_.rdbuf()->sbumpc() : kEnd; }
int CsvReader::peek() { return in_.rdbuf() ? in_.rdbuf()->sgetc() : kEnd; }

Result<bool> CsvReader::next(CsvRecord& record) {
    if (!started_) {
        started_ = true;
        // A UTF-8 byte order mark, as spreadsheet exports write it.
        if (peek() == 0xEF) {
            get();
            if (peek() == 0xBB) get();
            if (peek() == 0xBF) get();
        }
    }
    for (;;) {
        record.fields.clear();
        record.error.clear();
        record.line = line_;
        int c = peek();
        if (c == kEnd) return false;

        std::string field;
        bool endOfRecord = false;
        bool anyQuote = false;
        while (!endOfRecord) {
            c = get();
            if (c == '"' && field.empty()) {
                // A quoted field: read to the closing quote, keeping line breaks and "" as ".
                anyQuote = true;
                const size_t openedOn = line_;
                for (;;) {
                    c = get();
                    if (c == kEnd)
                        return Error{"line " + std::to_string(openedOn) +
                                     ": a quoted field opened here is never closed"};
                    if (c == '"') {
                        if (peek() == '"') {
                            get();
                            field += '"';
                            continue;
                        }
                        break;
                    }
                    if (c == '\n' || (c == '\r' && peek() != '\n')) ++line_;
                    field += char(c);
                }
                // After the closing quote only a delimiter or the end of the record may follow.
                int after = peek();
                if (after != delimiter_ && after != '\n' && after != '\r' && after != kEnd && record.error.empty())
                    record.error = "text after the closing quote of field " + std::to_string(record.fields.size() + 1);
                continue;
            }
            if (c == delimiter_) {
                record.fields.push_back(std::move(field));
                field.clear();
            } else if (c == '\n' || c == '\r' || c == kEnd) {
                if (c == '\r' && peek() == '\n') get();
                if (c != kEnd) ++line_;
                record.fields.push_back(std::move(field));
                endOfRecord = true;
            } else {
                field += char(c);
            }
        }
        // A blank line is no record.
        if (record.fields.size() == 1 && record.fields[0].empty() && !anyQuote) continue;
        return true;
    }
}

}  // namespace gs
