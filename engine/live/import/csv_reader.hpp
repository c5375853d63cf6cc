// A small RFC 4180 CSV reader: one record at a time, from any std::istream.
//
// What it accepts: fields separated by a delimiter (',' by default); a field in double quotes may
// hold delimiters, line breaks and doubled quotes (""); records end at CRLF, LF or a lone CR; a
// UTF-8 byte order mark at the start is dropped. Blank lines (outside quotes) are not records.
// It is lenient where the common readers are: a quote inside an unquoted field is kept as a
// character. A record with text after a closing quote ("ab"c) comes back with `error` set, so the
// caller can count and report that row; a quoted field that never closes swallows the rest of the
// input, so it fails the whole read (next() returns an Error naming the line it opened on).
#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace gs {

struct CsvRecord {
    std::vector<std::string> fields;
    size_t line = 0;    // the physical line (1-based) the record starts on
    std::string error;  // non-empty when the record is malformed; fields are then a best effort
};

class CsvReader {
public:
    explicit CsvReader(std::istream& in, char delimiter = ',');

    // Reads the next record into `record`: true if one was read, false at the end of the input,
    // an Error (without a file name; the caller adds it) for an unterminated quoted field.
    Result<bool> next(CsvRecord& record);

    // Physical lines consumed so far.
    size_t line() const { return line_; }

private:
    int get();
    int peek();

    std::istream& in_;
    char delimiter_;
    size_t line_ = 1;
    bool started_ = false;
};

}  // namespace gs
