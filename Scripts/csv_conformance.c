// Checks CTabregCSV's plain-row reader on the machine it runs on (natively, and for arm64 under
// qemu-user from Scripts/check-kernels-arm64.sh): random decimal numbers of every shape, quoted
// and unquoted, missing tokens and text cells, read in blocks, each number bit for bit against
// the C library's strtod (correctly rounded on glibc), deferred cells listed with their text, and
// the reader stopping before a row that is not plain. The Swift tests (CSVPlainRowsTests) check
// the same reader against the tokenizer; this program is how it runs on a CPU the tests do not.
//
//   clang -O2 -I Sources/CTabregCSV/include Scripts/csv_conformance.c -lm -o csv_conformance
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../Sources/CTabregCSV/PlainRows.c"

enum { ROWS = 5000, COLUMNS = 4, BLOCK = 300 };

static uint64_t state = 2026;
static unsigned next_below(unsigned bound) {
    state += 0x9E3779B97F4A7C15ULL;
    uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (unsigned)((z ^ (z >> 31)) % bound);
}

// A random number text: sign, 0-12 integer digits, 0-13 fraction digits, maybe an exponent.
static void random_number(char *out) {
    int length = 0;
    const char *signs[] = {"", "-", "+"};
    length += sprintf(out, "%s", signs[next_below(3)]);
    int integer_digits = next_below(4) == 0 ? 0 : 1 + (int)next_below(12);
    int fraction_digits = next_below(3) == 0 ? 0 : (int)next_below(14);
    if (integer_digits + fraction_digits == 0) integer_digits = 1;
    for (int i = 0; i < integer_digits; i++) out[length++] = (char)('0' + next_below(10));
    if (fraction_digits > 0 || next_below(5) == 0) {
        out[length++] = '.';
        for (int i = 0; i < fraction_digits; i++) out[length++] = (char)('0' + next_below(10));
    }
    if (next_below(4) == 0) {
        length += sprintf(out + length, "%s%s%u", next_below(2) ? "e" : "E",
                          signs[next_below(3)], next_below(40));
    }
    out[length] = 0;
}

int main(void) {
    static char cells[ROWS][COLUMNS][48];
    static int quoted[ROWS][COLUMNS];
    size_t capacity = (size_t)ROWS * COLUMNS * 64 + 64;
    char *text = malloc(capacity);
    size_t length = 0;
    for (int row = 0; row < ROWS; row++) {
        for (int column = 0; column < COLUMNS; column++) {
            if (column == 3) {
                sprintf(cells[row][column], "label %d, %c", row % 7, 'a' + row % 5);
                quoted[row][column] = 1;  // holds the delimiter, so quoted
            } else if (next_below(20) == 0) {
                const char *missing[] = {"", "NA", "nan", "NULL", "?", "#N/A", "None"};
                strcpy(cells[row][column], missing[next_below(7)]);
                quoted[row][column] = next_below(2);
            } else {
                random_number(cells[row][column]);
                quoted[row][column] = next_below(4) == 0;
            }
            length += sprintf(text + length, "%s%s%s%s", column ? "," : "",
                              quoted[row][column] ? "\"" : "", cells[row][column],
                              quoted[row][column] ? "\"" : "");
        }
        length += sprintf(text + length, row % 2 ? "\r\n" : "\n");
    }
    size_t stop_offset = length;
    length += sprintf(text + length, "1,2,three,x\n");  // text in a number column: not plain

    double *numbers[COLUMNS];
    for (int column = 0; column < COLUMNS; column++) numbers[column] = malloc(sizeof(double) * (ROWS + 1));
    uint8_t kinds[COLUMNS] = {TABREG_CSV_NUMBER_POINT, TABREG_CSV_NUMBER_POINT,
                              TABREG_CSV_NUMBER_POINT, TABREG_CSV_TEXT};
    static long texts[BLOCK * COLUMNS * 2];
    static long deferred[BLOCK * COLUMNS * 5];
    uint8_t seen[COLUMNS] = {0};
    long failures = 0, checked = 0, deferred_total = 0, row = 0;
    tabreg_csv_rows rows = {
        .base = (const uint8_t *)text, .count = (long)length, .delimiter = ',',
        .column_count = COLUMNS, .kinds = kinds, .texts = texts, .deferred = deferred,
        .max_deferred = BLOCK * COLUMNS, .position = 0, .separator_seen = seen,
    };
    for (;;) {
        double *block_numbers[COLUMNS];
        for (int column = 0; column < COLUMNS; column++)
            block_numbers[column] = kinds[column] == TABREG_CSV_TEXT ? NULL : numbers[column] + row;
        rows.numbers = block_numbers;
        long read = tabreg_csv_read_plain_rows(&rows, row + BLOCK <= ROWS ? BLOCK : ROWS - row + 1);
        if (read == 0) break;
        for (long index = 0; index < rows.deferred_count; index++) {
            long *cell = deferred + index * 5;
            const char *expected = cells[row + cell[0]][cell[1]];
            if ((size_t)(cell[3] - cell[2]) != strlen(expected) ||
                memcmp(text + cell[2], expected, strlen(expected)) != 0) {
                printf("row %ld column %ld: deferred cell text differs\n", row + cell[0], cell[1]);
                failures++;
            }
            numbers[cell[1]][row + cell[0]] = strtod(expected, NULL);  // as the caller does
            deferred_total++;
        }
        for (long offset = 0; offset < read; offset++) {
            long *span = texts + (offset * COLUMNS + 3) * 2;
            const char *label = cells[row + offset][3];
            if ((size_t)(span[1] - span[0]) != strlen(label) ||
                memcmp(text + span[0], label, strlen(label)) != 0) {
                printf("row %ld: text cell differs\n", row + offset);
                failures++;
            }
        }
        row += read;
    }
    if (row != ROWS || (size_t)rows.position != stop_offset) {
        printf("read %ld rows up to %ld; expected %d rows up to %zu\n", row, rows.position, ROWS,
               stop_offset);
        failures++;
    }
    for (int r = 0; r < ROWS && r < row; r++) {
        for (int column = 0; column < 3; column++) {
            const char *cell = cells[r][column];
            int missing = strpbrk(cell, "0123456789") == NULL;
            double expected = missing ? NAN : strtod(cell, NULL);
            double actual = numbers[column][r];
            uint64_t expected_bits, actual_bits;
            memcpy(&expected_bits, &expected, 8);
            memcpy(&actual_bits, &actual, 8);
            int same = missing ? isnan(actual) : expected_bits == actual_bits;
            if (!same) {
                if (failures < 20)
                    printf("row %d column %d: \"%s\" read as %.17g, strtod gives %.17g\n", r, column,
                           cell, actual, expected);
                failures++;
            }
            checked++;
        }
    }
    printf("csv conformance: %ld numbers (%ld deferred to the full parser), %ld failed\n", checked,
           deferred_total, failures);
    return failures != 0;
}
