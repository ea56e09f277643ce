// The one-pass reader of plain CSV rows (see CTabregCSV.h).
#include "CTabregCSV.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

// 10^0 ... 10^22, every one an exact double.
static const double powers_of_ten[23] = {
    1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

// 10^0 ... 10^8 as integers.
static const uint64_t small_powers_of_ten[9] = {
    1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "read_digits assumes a little-endian machine (x86-64, arm64)"
#endif

// Reads the digits at `p` into `significand` (`significand * 10 + digit` per digit, wrapping
// past 19 digits; such cells are deferred) and returns the first byte after them. Eight bytes
// at a time while eight can be read: a SWAR test counts the leading digits and three
// multiplications combine them (Lemire's method), about 25 instructions for up to 8 digits
// where a byte loop takes about 8 per digit; one byte at a time near the end of the buffer.
static inline const uint8_t *read_digits(const uint8_t *p, const uint8_t *end,
                                         uint64_t *significand) {
    uint64_t value = *significand;
    while (end - p >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        const uint64_t offsets = word ^ UINT64_C(0x3030303030303030);
        // A byte is a digit when its high nibble (after the xor) is 0 and its low nibble is at
        // most 9 (adding 6 carries into the high nibble, never into the next byte).
        const uint64_t non_digits =
            (offsets | ((offsets & UINT64_C(0x0F0F0F0F0F0F0F0F)) + UINT64_C(0x0606060606060606))) &
            UINT64_C(0xF0F0F0F0F0F0F0F0);
        const unsigned run = non_digits ? (unsigned)__builtin_ctzll(non_digits) >> 3 : 8;
        if (run == 0) break;
        // The run's digits moved to the top bytes (the first digit lowest), zeros below; then
        // their value, first digit most significant.
        uint64_t digits = offsets << (64 - 8 * run);
        digits = digits * 10 + (digits >> 8);
        digits = ((digits & UINT64_C(0x000000FF000000FF)) * UINT64_C(0x000F424000000064) +
                  ((digits >> 16) & UINT64_C(0x000000FF000000FF)) * UINT64_C(0x0000271000000001)) >>
                 32;
        value = value * small_powers_of_ten[run] + digits;
        p += run;
        if (run < 8) break;
    }
    if (end - p < 8) {
        while (p < end) {
            const unsigned digit = (unsigned)*p - '0';
            if (digit >= 10) break;
            value = value * 10 + digit;
            p++;
        }
    }
    *significand = value;
    return p;
}

// Reads `[+|-] (digits [separator digits] | separator digits) [(e|E) [+|-] digits]` from `q`
// (reading no further than `limit`) and returns the byte after it, or NULL when there is no
// such number there. Sets `*value` to the correctly rounded double when Clinger's exact case
// applies and `*exact` to 1; else `*value` is NaN and `*exact` 0 (the caller defers the cell).
static inline const uint8_t *read_number(const uint8_t *q, const uint8_t *limit,
                                         uint8_t separator, double *value, int *separated,
                                         int *exact) {
    int negative = 0;
    if (q < limit && (*q == '-' || *q == '+')) {
        negative = *q == '-';
        q++;
    }
    uint64_t significand = 0;
    const uint8_t *integer_start = q;
    q = read_digits(q, limit, &significand);
    long digit_count = q - integer_start;
    long fraction_digits = 0;
    *separated = q < limit && *q == separator;
    if (*separated) {
        const uint8_t *fraction_start = ++q;
        q = read_digits(q, limit, &significand);
        fraction_digits = q - fraction_start;
        digit_count += fraction_digits;
    }
    if (digit_count == 0) return NULL;
    long exponent = 0;
    if (q < limit && (*q | 0x20) == 'e') {
        q++;
        int exponent_negative = 0;
        if (q < limit && (*q == '-' || *q == '+')) {
            exponent_negative = *q == '-';
            q++;
        }
        const uint8_t *exponent_start = q;
        while (q < limit) {
            unsigned digit = (unsigned)*q - '0';
            if (digit >= 10) break;
            // Clamped: anything this large overflows or underflows either way.
            if (exponent < 100000000) exponent = exponent * 10 + digit;
            q++;
        }
        if (q == exponent_start) return NULL;
        if (exponent_negative) exponent = -exponent;
    }
    const long scale = exponent - fraction_digits;
    if (digit_count <= 19 && significand <= (UINT64_C(1) << 53) && scale >= -22 && scale <= 22) {
        // Clinger's fast path: both operands exact, so one operation rounds correctly.
        double result = (double)significand;
        result = scale >= 0 ? result * powers_of_ten[scale] : result / powers_of_ten[-scale];
        *value = negative ? -result : result;
        *exact = 1;
    } else {
        *value = NAN;
        *exact = 0;
    }
    return q;
}

// Whether `[start, stop)` is one of TabregData's MissingValues tokens (untrimmed: a cell with
// spaces goes the slow way): empty, NA, N/A, #N/A, #NA, <NA>, NaN, -NaN, NULL, None, ?, in any
// case.
static int is_missing_token(const uint8_t *start, const uint8_t *stop) {
    static const char *const tokens[] = {"na", "n/a", "#n/a", "#na", "<na>", "nan",
                                         "-nan", "null", "none", "?"};
    const long length = stop - start;
    if (length == 0) return 1;
    if (length > 5) return 0;
    char lowered[6];
    for (long i = 0; i < length; i++) {
        const uint8_t byte = start[i];
        lowered[i] = (char)(byte >= 'A' && byte <= 'Z' ? byte | 0x20 : byte);
    }
    lowered[length] = 0;
    for (unsigned i = 0; i < sizeof tokens / sizeof tokens[0]; i++) {
        if (strcmp(lowered, tokens[i]) == 0) return 1;
    }
    return 0;
}

int tabreg_csv_is_missing_token(const uint8_t *start, long length) {
    return is_missing_token(start, start + length);
}

// The end of a quoted cell whose opening quote is at `q`: its closing quote, or NULL when the
// cell holds anything but bytes 0x20-0x7F (a line end, a tab, UTF-8) before it.
static inline const uint8_t *closing_quote(const uint8_t *q, const uint8_t *end) {
    const uint8_t *close = q + 1;
    while (close < end && *close != '"' && *close >= 0x20 && *close < 0x80) close++;
    return close < end && *close == '"' ? close : NULL;
}

long tabreg_csv_read_plain_rows(tabreg_csv_rows *rows, long max_rows) {
    const uint8_t *const base = rows->base;
    const uint8_t *const end = base + rows->count;
    const uint8_t delimiter = rows->delimiter;
    const long column_count = rows->column_count;
    const long last = column_count - 1;
    const uint8_t *const kinds = rows->kinds;
    double *const *const numbers = rows->numbers;
    long *const texts = rows->texts;
    long *const deferred = rows->deferred;
    uint8_t *const separator_seen = rows->separator_seen;

    const uint8_t *p = base + rows->position;
    long deferred_count = 0;
    long row = 0;
    int last_ends_line = rows->last_ends_line;
    while (row < max_rows && p < end && rows->max_deferred - deferred_count >= column_count) {
        const uint8_t *q = p;
        const long deferred_before = deferred_count;
        for (long column = 0; column < column_count; column++) {
            const uint8_t kind = kinds[column];
            if (kind == TABREG_CSV_TEXT) {
                const uint8_t *start = q;
                const uint8_t *stop;
                if (q < end && *q == '"') {
                    const uint8_t *close = closing_quote(q, end);
                    if (close == NULL) goto not_plain;
                    start = q + 1;
                    stop = close;
                    q = close + 1;
                } else {
                    while (q < end && *q >= 0x20 && *q < 0x80 && *q != delimiter && *q != '"') q++;
                    stop = q;
                    if (column_count == 1) {
                        // A blank line is skipped, not read as a row with one empty cell.
                        const uint8_t *r = start;
                        while (r < q && *r == ' ') r++;
                        if (r == q) goto not_plain;
                    }
                }
                long *span = texts + (row * column_count + column) * 2;
                span[0] = start - base;
                span[1] = stop - base;
            } else {
                const uint8_t separator = kind == TABREG_CSV_NUMBER_COMMA ? ',' : '.';
                // The cell's content: inside the quotes of a quoted cell.
                const uint8_t *cell = q;
                const uint8_t *limit = end;
                const int quoted = q < end && *q == '"';
                if (quoted) {
                    limit = closing_quote(q, end);
                    if (limit == NULL) goto not_plain;
                    cell = q + 1;
                }
                double value;
                int separated, exact;
                const uint8_t *after =
                    read_number(cell, limit, separator, &value, &separated, &exact);
                if (after != NULL && (!quoted || after == limit)) {
                    if (exact) {
                        // Left set if the row turns out not plain: the caller then reads this
                        // same cell as a number with a separator, or the column becomes text.
                        if (separated) separator_seen[column] = 1;
                    } else {
                        long *deferred_cell = deferred + deferred_count * 5;
                        deferred_cell[0] = row;
                        deferred_cell[1] = column;
                        deferred_cell[2] = cell - base;
                        deferred_cell[3] = after - base;
                        deferred_cell[4] = separated;
                        deferred_count++;
                    }
                    q = after;
                } else {
                    // Not a number: plain only if it is a missing-value token (NaN here; the
                    // caller counts the NaNs that are not deferred cells as missing).
                    const uint8_t *stop = limit;
                    if (!quoted) {
                        stop = cell;
                        while (stop < end && *stop >= 0x20 && *stop < 0x80 && *stop != delimiter &&
                               *stop != '"')
                            stop++;
                        // An empty line is a blank line when it is the only column.
                        if (stop == cell && column_count == 1) goto not_plain;
                    }
                    if (!is_missing_token(cell, stop)) goto not_plain;
                    value = NAN;
                    q = stop;
                }
                if (quoted) q = limit + 1;
                numbers[column][row] = value;
            }
            if (column < last) {
                if (q >= end || *q != delimiter) goto not_plain;
                q++;
            }
        }
        if (q < end) {
            if (*q == '\n') {
                q++;
            } else if (*q == '\r') {
                q++;
                if (q < end && *q == '\n') q++;
            } else {
                goto not_plain;
            }
            last_ends_line = 1;
        } else {
            last_ends_line = 0;
        }
        p = q;
        row++;
        continue;
    not_plain:
        deferred_count = deferred_before;
        break;
    }
    rows->position = p - base;
    rows->deferred_count = deferred_count;
    rows->last_ends_line = last_ends_line;
    return row;
}
