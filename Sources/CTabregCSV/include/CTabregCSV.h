// CTabregCSV: the one-pass reader of plain CSV rows behind TabregData's CSVParser.
//
// Why C: the loop over a cell's bytes runs about 20 million times for a 1,000,000-row,
// 20-column file. The same fused loop written in Swift read that file in 0.72-0.75 s against
// 0.60 s here (interleaved runs, best of 3 each), at a similar instruction count (about 200
// per cell): the Swift loop reloaded its state from the stack inside the digit loops and
// committed each record in a second pass.
// It does only what the Swift fast path did: it never decides a type or reports an error; it
// stops at the first row that is not plain and lets the Swift tokenizer and type inference
// read that row, so the document (values, types, counts, errors) is the same either way.
#ifndef CTABREG_CSV_H
#define CTABREG_CSV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// How a column's cells are read.
typedef enum {
    TABREG_CSV_NUMBER_POINT = 0,  ///< A number with `.` as its decimal separator.
    TABREG_CSV_NUMBER_COMMA = 1,  ///< A number with `,` as its decimal separator.
    TABREG_CSV_TEXT = 2,          ///< Printable ASCII text without `"`, kept as a byte range.
} tabreg_csv_kind;

/// A block of plain rows to read, and what was read.
///
/// A row is plain when it has exactly `column_count` fields separated by `delimiter` and ends
/// at LF, CRLF, a lone CR or the end of the buffer, and every cell is plain: its bytes are
/// 0x20-0x7F, either with no `"` at all or all inside one pair of quotes around the whole cell
/// (a quoted cell holds no `"`, line end, tab or UTF-8); a number column's cell (inside its
/// quotes) is `[+|-] (digits [separator digits] | separator digits) [(e|E) [+|-] digits]` or a
/// missing-value token (empty, NA, N/A, #N/A, #NA, <NA>, NaN, -NaN, NULL, None, ?, any case)
/// with nothing around it; and a row of one unquoted column is not blank (a blank line is
/// skipped).
typedef struct {
    // In.
    const uint8_t *base;            ///< The buffer; bytes `[position, count)` are read.
    long count;
    uint8_t delimiter;              ///< Not a byte that can occur in a number.
    long column_count;
    const uint8_t *kinds;           ///< [column_count] of tabreg_csv_kind.
    double *const *numbers;         ///< [column_count]: where row 0 of the block goes (number columns).
    long *texts;                    ///< [max_rows * column_count * 2]: text cells' (start, end).
    long *deferred;                 ///< [max_deferred * 5]: (row, column, start, end, has separator).
    long max_deferred;
    // In and out.
    long position;                  ///< Where the block starts; after the call, where it ended.
    uint8_t *separator_seen;        ///< [column_count]: set to 1 where a number had a separator
                                    ///< (deferred cells say it themselves).
    // Out.
    long deferred_count;            ///< Cells whose value the caller computes (see below).
    int last_ends_line;             ///< The last row read ended at a line end (not the buffer's end).
} tabreg_csv_rows;

/// Reads up to `max_rows` plain rows from `rows->position`, stopping before the first row that
/// is not plain (or when fewer than `column_count` deferred slots are left), and returns how
/// many it read. Row `r`'s number in column `c` goes to `rows->numbers[c][r]`: the correctly
/// rounded double of the cell when Clinger's exact case applies (at most 19 digits, a
/// significand up to 2^53, a decimal exponent in -22...22: one exact multiplication or division);
/// else NaN with the cell (its content, inside any quotes) listed in `deferred` for the caller's
/// full parser; NaN for a missing value (so the NaNs that are not deferred cells are the missing
/// ones). Text cells' byte ranges (inside any quotes) go to `texts[(r * column_count + c) * 2 ...]`.
/// Writes at row index `max_rows - 1` at most.
long tabreg_csv_read_plain_rows(tabreg_csv_rows *rows, long max_rows);

/// Whether `start[0..<length]` is a missing-value token as the reader accepts one (untrimmed,
/// any case): the same list as TabregData's `MissingValues`, which a test compares with it.
int tabreg_csv_is_missing_token(const uint8_t *start, long length);

#ifdef __cplusplus
}
#endif

#endif
