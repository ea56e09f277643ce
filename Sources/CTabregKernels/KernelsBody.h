// The kernels' bodies, included once per instruction set by Kernels.c with these macros set:
//   SUFFIX(name)  appends the variant's suffix to a function name
//   TARGET        the function attribute that selects the instruction set (may be empty)
//   VW            lanes per native vector (4 for SSE/NEON, 8 for AVX2, 16 for AVX-512)
//   MR, NB        register tile: MR rows by NB vectors of VW columns
// and #undefs all five at its end, so the next variant defines them afresh.
// Only the tile shape and vector width differ between variants; each output element's chain of
// fused multiply-adds is the same, so every variant gives the same bits.
//
// The product (gemm): C is cut into column blocks of NR = NB * VW columns; B's block is read in
// place when its rows are contiguous and the block is whole, otherwise packed into a zero-padded
// 16 KiB panel (a transposed B with 8 x 8 in-register transposes on AVX2). Each block is covered
// by register tiles of MR rows x NB vectors (a block of at most VW columns, such as the last 4 of
// 100, by MR1 rows x 1 vector). The inner loop runs 4 reduction steps at a time and reads A with
// one pointer per row when A's rows are contiguous (X * W, dY * W^T) or with one pointer for all
// rows when its columns are (X^T * dY: A read in place as if it were an interleaved packed A);
// any other A is copied into that form first. A short last row tile is merged with the one
// before it and the two split evenly. Measured with Benchmarks/kernels/shapes.c (timings per
// product of the tutorial job, and --check-variants, which runs the AVX-512 and NEON tile shapes
// on any x86-64 machine) and Benchmarks/kernels/callgrind.sh (instructions per useful FMA).

typedef float SUFFIX(vec) __attribute__((ext_vector_type(VW)));
typedef SUFFIX(vec) SUFFIX(uvec) __attribute__((aligned(4)));

#define NR (NB * VW)
// Columns of B packed per panel row; floats in a panel (16 KiB, stays in L1).
#define PANEL_FLOATS 4096
#define KC (PANEL_FLOATS / NR)
// Rows of A per outer block (keeps an A block of MC x KC in L2).
#define MC 96
// Rows of the one-vector tile used for column blocks of at most VW columns (the ragged last
// block of n = 100 or 200, narrow outputs): twice MR when the variant has registers to spare.
#define MR1 (NB >= 2 ? 2 * MR : MR)
// How a tile reads A(r, q): rows contiguous (A(r, q) = a[r * ars + q]) or columns contiguous
// (A(r, q) = a[r + q * acs], which is also the layout of an interleaved packed A).
#define A_ROWS 1
#define A_COLUMNS 2

#define LOADV(p) (*(const SUFFIX(uvec) *)(p))
#define STOREV(p, x) (*(SUFFIX(uvec) *)(p) = (x))

// Copies count <= NR floats (plain loops here became calls to memcpy and memset for a few floats
// per row).
static inline __attribute__((always_inline)) TARGET void SUFFIX(copy)(float *dst,
                                                                      const float *src,
                                                                      long count) {
    // count < 8 * VW: one piece per bit, each of constant size (a loop of vector copies became
    // a memcpy call as well).
    if (count & (4 * VW)) __builtin_memcpy_inline(dst, src, 16 * VW), dst += 4 * VW, src += 4 * VW;
    if (count & (2 * VW)) __builtin_memcpy_inline(dst, src, 8 * VW), dst += 2 * VW, src += 2 * VW;
    if (count & VW) __builtin_memcpy_inline(dst, src, 4 * VW), dst += VW, src += VW;
#if VW > 8
    if (count & 8) __builtin_memcpy_inline(dst, src, 32), dst += 8, src += 8;
#endif
#if VW > 4
    if (count & 4) __builtin_memcpy_inline(dst, src, 16), dst += 4, src += 4;
#endif
    if (count & 2) __builtin_memcpy_inline(dst, src, 8), dst += 2, src += 2;
    if (count & 1) __builtin_memcpy_inline(dst, src, 4);
}

// Sets width floats (a multiple of VW) to zero.
static inline __attribute__((always_inline)) TARGET void SUFFIX(zero)(float *dst, long width) {
    for (long c = 0; c < width; c += VW) STOREV(dst + c, (SUFFIX(vec))0);
}

// Packs B(p0 + q, j0 + c) for q < kc, c < width (zero beyond nc columns) into panel[q * NR + c],
// where B(p, j) = b[p * brs + j * bcs].
static TARGET void SUFFIX(pack)(const float *b, long brs, long bcs, long p0, long kc, long j0,
                                long nc, long width, float *restrict panel) {
    if (bcs == 1) {
        for (long q = 0; q < kc; q++) {
            const float *row = b + (p0 + q) * brs + j0;
            float *out = panel + q * NR;
            if (nc < width) SUFFIX(zero)(out + nc / VW * VW, VW);
            SUFFIX(copy)(out, row, nc);
        }
        return;
    }
    long c0 = 0;
#if VW == 8
    if (brs == 1) {
        // B is a transposed view: 8 x 8 blocks, each read as 8 contiguous source rows and
        // transposed in registers (the values are only moved, never rounded).
        for (; c0 + 8 <= nc; c0 += 8) {
            const float *src = b + (j0 + c0) * bcs + p0;
            long q0 = 0;
            for (; q0 + 8 <= kc; q0 += 8) {
                SUFFIX(vec) r0 = LOADV(src + 0 * bcs + q0), r1 = LOADV(src + 1 * bcs + q0);
                SUFFIX(vec) r2 = LOADV(src + 2 * bcs + q0), r3 = LOADV(src + 3 * bcs + q0);
                SUFFIX(vec) r4 = LOADV(src + 4 * bcs + q0), r5 = LOADV(src + 5 * bcs + q0);
                SUFFIX(vec) r6 = LOADV(src + 6 * bcs + q0), r7 = LOADV(src + 7 * bcs + q0);
                SUFFIX(vec) t0 = __builtin_shufflevector(r0, r1, 0, 8, 1, 9, 4, 12, 5, 13);
                SUFFIX(vec) t1 = __builtin_shufflevector(r0, r1, 2, 10, 3, 11, 6, 14, 7, 15);
                SUFFIX(vec) t2 = __builtin_shufflevector(r2, r3, 0, 8, 1, 9, 4, 12, 5, 13);
                SUFFIX(vec) t3 = __builtin_shufflevector(r2, r3, 2, 10, 3, 11, 6, 14, 7, 15);
                SUFFIX(vec) t4 = __builtin_shufflevector(r4, r5, 0, 8, 1, 9, 4, 12, 5, 13);
                SUFFIX(vec) t5 = __builtin_shufflevector(r4, r5, 2, 10, 3, 11, 6, 14, 7, 15);
                SUFFIX(vec) t6 = __builtin_shufflevector(r6, r7, 0, 8, 1, 9, 4, 12, 5, 13);
                SUFFIX(vec) t7 = __builtin_shufflevector(r6, r7, 2, 10, 3, 11, 6, 14, 7, 15);
                SUFFIX(vec) s0 = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
                SUFFIX(vec) s1 = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
                SUFFIX(vec) s2 = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
                SUFFIX(vec) s3 = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
                SUFFIX(vec) s4 = __builtin_shufflevector(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
                SUFFIX(vec) s5 = __builtin_shufflevector(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
                SUFFIX(vec) s6 = __builtin_shufflevector(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
                SUFFIX(vec) s7 = __builtin_shufflevector(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
                float *out = panel + q0 * NR + c0;
                STOREV(out + 0 * NR, __builtin_shufflevector(s0, s4, 0, 1, 2, 3, 8, 9, 10, 11));
                STOREV(out + 1 * NR, __builtin_shufflevector(s1, s5, 0, 1, 2, 3, 8, 9, 10, 11));
                STOREV(out + 2 * NR, __builtin_shufflevector(s2, s6, 0, 1, 2, 3, 8, 9, 10, 11));
                STOREV(out + 3 * NR, __builtin_shufflevector(s3, s7, 0, 1, 2, 3, 8, 9, 10, 11));
                STOREV(out + 4 * NR, __builtin_shufflevector(s0, s4, 4, 5, 6, 7, 12, 13, 14, 15));
                STOREV(out + 5 * NR, __builtin_shufflevector(s1, s5, 4, 5, 6, 7, 12, 13, 14, 15));
                STOREV(out + 6 * NR, __builtin_shufflevector(s2, s6, 4, 5, 6, 7, 12, 13, 14, 15));
                STOREV(out + 7 * NR, __builtin_shufflevector(s3, s7, 4, 5, 6, 7, 12, 13, 14, 15));
            }
            for (long c = c0; c < c0 + 8; c++)
                for (long q = q0; q < kc; q++) panel[q * NR + c] = src[(c - c0) * bcs + q];
        }
    }
#endif
    // Any other layout: read each source column (a row of the transposed view) in turn.
    for (long c = c0; c < width; c++) {
        if (c < nc) {
            const float *column = b + (j0 + c) * bcs + p0 * brs;
            for (long q = 0; q < kc; q++) panel[q * NR + c] = column[q * brs];
        } else {
            for (long q = 0; q < kc; q++) panel[q * NR + c] = 0;
        }
    }
}

// The register tile: mr rows by nb vectors. Starts from zeros (cmode 0), from rows
// cin + r * cins (cmode 1: C itself, or a bias row with cins = 0), or from the value cin[0]
// (cmode 2); adds the fma chain over q < kc of A(r, q) * bp[q * ldp + column] and stores the
// rows to c + r * ldc. amode says how A is laid out (A_ROWS: stride along r is ars, along q 1;
// A_COLUMNS: along r 1, along q acs).
static inline __attribute__((always_inline)) TARGET void SUFFIX(kernel)(
    const int mr, const int nb, const int amode, const float *a, long ars, long acs, long kc,
    const float *bp, long ldp, const int cmode, const float *cin, long cins, float *c,
    long ldc) {
    SUFFIX(vec) acc[MR1][NB];
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nb; v++) {
            if (cmode == 1) acc[r][v] = LOADV(cin + r * cins + v * VW);
            else if (cmode == 2) acc[r][v] = (SUFFIX(vec))cin[0];
            else acc[r][v] = (SUFFIX(vec))0;
        }
#define TABREG_STEP(u)                                                                         \
    do {                                                                                       \
        SUFFIX(vec) bv[NB];                                                                    \
        for (int v = 0; v < nb; v++) bv[v] = LOADV(bp + (u) * ldp + v * VW);                   \
        for (int r = 0; r < mr; r++) {                                                         \
            SUFFIX(vec) av = amode == A_ROWS ? a[r * ars + (u)] : a[r + (u) * acs];            \
            for (int v = 0; v < nb; v++)                                                       \
                acc[r][v] = __builtin_elementwise_fma(av, bv[v], acc[r][v]);                   \
        }                                                                                      \
    } while (0)
    const long astep = amode == A_ROWS ? 1 : acs;
    long q = 0;
    for (; q + 4 <= kc; q += 4) {
        TABREG_STEP(0);
        TABREG_STEP(1);
        TABREG_STEP(2);
        TABREG_STEP(3);
        a += 4 * astep;
        bp += 4 * ldp;
    }
    for (; q < kc; q++) {
        TABREG_STEP(0);
        a += astep;
        bp += ldp;
    }
#undef TABREG_STEP
    for (int r = 0; r < mr; r++)
        for (int v = 0; v < nb; v++) STOREV(c + r * ldc + v * VW, acc[r][v]);
}

// Runs the kernel for mr (a variable below `limit`) rows: one instantiation per row count.
#define TABREG_ROWS_SWITCH(limit, rows, call)                                                  \
    switch (rows) {                                                                            \
    case 1: { const int mr_ = 1; call; } break;                                                \
    case 2: { const int mr_ = 2; if (mr_ < limit) call; } break;                               \
    case 3: { const int mr_ = 3; if (mr_ < limit) call; } break;                               \
    case 4: { const int mr_ = 4; if (mr_ < limit) call; } break;                               \
    case 5: { const int mr_ = 5; if (mr_ < limit) call; } break;                               \
    case 6: { const int mr_ = 6; if (mr_ < limit) call; } break;                               \
    case 7: { const int mr_ = 7; if (mr_ < limit) call; } break;                               \
    case 8: { const int mr_ = 8; if (mr_ < limit) call; } break;                               \
    case 9: { const int mr_ = 9; if (mr_ < limit) call; } break;                               \
    case 10: { const int mr_ = 10; if (mr_ < limit) call; } break;                             \
    case 11: { const int mr_ = 11; if (mr_ < limit) call; } break;                             \
    default: break;                                                                            \
    }

// Rows of the next tile when `left` rows remain and full tiles have `tile` rows: a short last
// tile (at most half a tile) is merged with the full one before it and the two are split evenly
// (8 rows as 4 + 4 rather than 6 + 2), so that no tile has too few independent accumulators to
// hide the fma latency.
static inline long SUFFIX(tile_rows)(long left, int tile) {
    if (left > tile && left - tile <= tile / 2) return (left + 1) / 2;
    return left < tile ? left : tile;
}

// Rows i0 <= i < i1 of one column block of C (columns j0..j0+nc, nc <= nb * VW) over the
// reduction p0..p0+kc, B read from bp with row stride ldp (nb * VW columns readable).
// first: start from init (bias row, broadcast value, or zeros) instead of C's current values.
static inline __attribute__((always_inline)) TARGET void SUFFIX(rows)(
    const int nb, const int amode, const float *a, long ars, long acs, long i0, long i1,
    long p0, long kc, const float *bp, long ldp, const float *init, long ins, int first,
    float *c, long ldc, long j0, long nc) {
    // Twelve rows of A at a stride need twelve pointers and spill; with contiguous columns of
    // A one pointer serves every row.
    const int tile = nb == 1 && amode == A_COLUMNS ? MR1 : MR;
    const float *abase = a + p0 * (amode == A_ROWS ? 1 : acs);
    if (nc == nb * VW) {
        const int cmode = !first ? 1 : !init ? 0 : ins ? 1 : 2;
        const float *cin = !first ? c + i0 * ldc + j0 : init ? init + j0 * ins : NULL;
        const long cins = !first ? ldc : 0;
        for (long i = i0; i < i1;) {
            const long h = SUFFIX(tile_rows)(i1 - i, tile);
            const float *ai = abase + i * (amode == A_ROWS ? ars : 1);
            float *ci = c + i * ldc + j0;
            const float *cini = cmode == 1 ? cin + (i - i0) * cins : cin;
            if (h == tile) {
                if (cmode == 1) SUFFIX(kernel)(tile, nb, amode, ai, ars, acs, kc, bp, ldp, 1, cini, cins, ci, ldc);
                else if (cmode == 2) SUFFIX(kernel)(tile, nb, amode, ai, ars, acs, kc, bp, ldp, 2, cini, 0, ci, ldc);
                else SUFFIX(kernel)(tile, nb, amode, ai, ars, acs, kc, bp, ldp, 0, cini, 0, ci, ldc);
            } else if (cmode == 1) {
                TABREG_ROWS_SWITCH(tile, h, SUFFIX(kernel)(mr_, nb, amode, ai, ars, acs, kc, bp, ldp, 1, cini, cins, ci, ldc))
            } else if (cmode == 2) {
                TABREG_ROWS_SWITCH(tile, h, SUFFIX(kernel)(mr_, nb, amode, ai, ars, acs, kc, bp, ldp, 2, cini, 0, ci, ldc))
            } else {
                TABREG_ROWS_SWITCH(tile, h, SUFFIX(kernel)(mr_, nb, amode, ai, ars, acs, kc, bp, ldp, 0, cini, 0, ci, ldc))
            }
            i += h;
        }
        return;
    }
    // A ragged block: each tile starts from a zero-padded copy of its C rows (or init) in a
    // buffer, runs there, and copies nc columns back.
    float buffer[MR1 * NR] __attribute__((aligned(64)));
    const long width = nb * VW;
    for (long i = i0; i < i1;) {
        const int mr = (int)SUFFIX(tile_rows)(i1 - i, tile);
        // No conditional loads here: clang if-converts them to masked loads, which are slow on
        // AMD processors.
        for (int r = 0; r < mr; r++) {
            float *row = buffer + r * width;
            SUFFIX(zero)(row, width);
            if (!first) {
                SUFFIX(copy)(row, c + (i + r) * ldc + j0, nc);
            } else if (init && ins) {
                SUFFIX(copy)(row, init + j0, nc);
            } else if (init) {
                for (long col = 0; col < nc; col++) row[col] = init[0];
            }
        }
        const float *ai = abase + i * (amode == A_ROWS ? ars : 1);
        if (mr == tile) {
            SUFFIX(kernel)(tile, nb, amode, ai, ars, acs, kc, bp, ldp, 1, buffer, width, buffer, width);
        } else {
            TABREG_ROWS_SWITCH(tile, mr, SUFFIX(kernel)(mr_, nb, amode, ai, ars, acs, kc, bp, ldp, 1, buffer, width, buffer, width))
        }
        for (int r = 0; r < mr; r++) SUFFIX(copy)(c + (i + r) * ldc + j0, buffer + r * width, nc);
        i += mr;
    }
}

// One column block for every A layout and tile width (nb vectors).
static TARGET void SUFFIX(block)(int nb, int amode, const float *a, long ars, long acs, long i0,
                                 long i1, long p0, long kc, const float *bp, long ldp,
                                 const float *init, long ins, int first, float *c, long ldc,
                                 long j0, long nc) {
#define TABREG_BLOCK(nbv)                                                                       \
    if (amode == A_ROWS)                                                                        \
        SUFFIX(rows)(nbv, A_ROWS, a, ars, acs, i0, i1, p0, kc, bp, ldp, init, ins, first, c,    \
                     ldc, j0, nc);                                                              \
    else                                                                                        \
        SUFFIX(rows)(nbv, A_COLUMNS, a, ars, acs, i0, i1, p0, kc, bp, ldp, init, ins, first, c, \
                     ldc, j0, nc);
    if (nb == 1) {
        TABREG_BLOCK(1)
    }
#if NB >= 2
    else if (nb == 2) {
        TABREG_BLOCK(2)
    }
#endif
#if NB >= 3
    else if (nb == 3) {
        TABREG_BLOCK(3)
    }
#endif
#if NB >= 4
    else if (nb == 4) {
        TABREG_BLOCK(4)
    }
#endif
#if NB > 4
#error "NB up to 4 supported"
#endif
#undef TABREG_BLOCK
}

// C(i, j) = init[j * ins] (or 0 when init is NULL) + fma chain over p in increasing order of
// A(i, p) * B(p, j), with A(i, p) = a[i * ars + p * acs], B(p, j) = b[p * brs + j * bcs], C
// row-major with row stride ldc. ins is 1 for a bias row, 0 for one value broadcast.
// No heap allocation and no shared state: safe to call concurrently on disjoint parts of C.
static TARGET void SUFFIX(gemm)(long m, long n, long kdim, const float *a, long ars, long acs,
                                const float *b, long brs, long bcs, const float *init, long ins,
                                float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (kdim <= 0) {
        for (long i = 0; i < m; i++) {
            if (init) {
                for (long j = 0; j < n; j++) c[i * ldc + j] = init[j * ins];
            } else {
                for (long j = 0; j < n; j++) c[i * ldc + j] = 0;
            }
        }
        return;
    }
    float panel[PANEL_FLOATS] __attribute__((aligned(64)));
    if (acs != 1 && ars != 1) {
        // Neither rows nor columns of A are contiguous: copy A in blocks of at most MR1 * KC
        // into columns-contiguous form (the copy only moves values).
        float apack[MR1 * KC] __attribute__((aligned(64)));
        for (long ib = 0; ib < m; ib += MR1) {
            long mb = m - ib < MR1 ? m - ib : MR1;
            for (long p0 = 0; p0 < kdim; p0 += KC) {
                long kc = kdim - p0 < KC ? kdim - p0 : KC;
                for (long q = 0; q < kc; q++)
                    for (long r = 0; r < mb; r++)
                        apack[q * mb + r] = a[(ib + r) * ars + (p0 + q) * acs];
                // One product per block: rows of this block, columns all of C, reduction p0..
                // continued from C when p0 > 0 (init NULL there means C holds the partial sums).
                for (long j0 = 0; j0 < n; j0 += NR) {
                    long nc = n - j0 < NR ? n - j0 : NR;
                    int nb = (int)((nc + VW - 1) / VW);
                    const float *block = panel;
                    long ldp = NR;
                    if (bcs == 1 && nc == NR) {
                        block = b + p0 * brs + j0;
                        ldp = brs;
                    } else {
                        SUFFIX(pack)(b, brs, bcs, p0, kc, j0, nc, nb * VW, panel);
                    }
                    SUFFIX(block)(nb, A_COLUMNS, apack, 1, mb, 0, mb, 0, kc, block, ldp, init, ins,
                                  p0 == 0, c + ib * ldc, ldc, j0, nc);
                }
            }
        }
        return;
    }
    const int amode = acs == 1 ? A_ROWS : A_COLUMNS;
    for (long ib = 0; ib < m; ib += MC) {
        long mc = m - ib < MC ? m - ib : MC;
        for (long j0 = 0; j0 < n; j0 += NR) {
            long nc = n - j0 < NR ? n - j0 : NR;
            int nb = (int)((nc + VW - 1) / VW);
            for (long p0 = 0; p0 < kdim; p0 += KC) {
                long kc = kdim - p0 < KC ? kdim - p0 : KC;
                // A full-width block of a B with unit column stride is read in place; anything
                // else (a transposed B, the ragged last block) is packed, zero-padded to whole
                // vectors.
                const float *block = panel;
                long ldp = NR;
                if (bcs == 1 && nc == NR) {
                    block = b + p0 * brs + j0;
                    ldp = brs;
                } else {
                    SUFFIX(pack)(b, brs, bcs, p0, kc, j0, nc, nb * VW, panel);
                }
                SUFFIX(block)(nb, amode, a, ars, acs, ib, ib + mc, p0, kc, block, ldp, init, ins,
                              p0 == 0, c, ldc, j0, nc);
            }
        }
    }
}

static TARGET void SUFFIX(adam_update)(float *value, const float *grad, float *m, float *v,
                                       long count, float beta2, float oneMinusBeta1,
                                       float oneMinusBeta2, float stepSize, float correction2Root,
                                       float epsilon, float weightDecay) {
    long i = 0;
    for (; i + VW <= count; i += VW) {
        SUFFIX(vec) g = *(const SUFFIX(uvec) *)(grad + i);
        SUFFIX(vec) x = *(const SUFFIX(uvec) *)(value + i);
        if (weightDecay != 0) g = g + weightDecay * x;
        SUFFIX(vec) mi = *(const SUFFIX(uvec) *)(m + i);
        mi = mi + oneMinusBeta1 * (g - mi);
        SUFFIX(vec) vi = beta2 * *(const SUFFIX(uvec) *)(v + i) + oneMinusBeta2 * g * g;
        SUFFIX(vec) denom = __builtin_elementwise_sqrt(vi) / correction2Root + epsilon;
        *(SUFFIX(uvec) *)(m + i) = mi;
        *(SUFFIX(uvec) *)(v + i) = vi;
        *(SUFFIX(uvec) *)(value + i) = x - stepSize * mi / denom;
    }
    for (; i < count; i++) {
        float g = grad[i];
        float x = value[i];
        if (weightDecay != 0) g = g + weightDecay * x;
        float mi = m[i];
        mi = mi + oneMinusBeta1 * (g - mi);
        float vi = beta2 * v[i] + oneMinusBeta2 * g * g;
        float denom = __builtin_elementwise_sqrt(vi) / correction2Root + epsilon;
        m[i] = mi;
        v[i] = vi;
        value[i] = x - stepSize * mi / denom;
    }
}

#undef NR
#undef MR1
#undef A_ROWS
#undef A_COLUMNS
#undef LOADV
#undef STOREV
#undef TABREG_ROWS_SWITCH
#undef KC
#undef MC
#undef PANEL_FLOATS
#undef SUFFIX
#undef TARGET
#undef VW
#undef MR
#undef NB
