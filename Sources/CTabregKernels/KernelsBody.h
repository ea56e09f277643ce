// The kernels' bodies, included once per instruction set by Kernels.c with these macros set:
//   SUFFIX(name)  appends the variant's suffix to a function name
//   TARGET        the function attribute that selects the instruction set (may be empty)
//   VW            lanes per native vector (4 for SSE/NEON, 8 for AVX2, 16 for AVX-512)
//   MR, NB        register tile: MR rows by NB vectors of VW columns
// Only the tile shape and vector width differ between variants; each output element's chain of
// fused multiply-adds is the same, so every variant gives the same bits.

typedef float SUFFIX(vec) __attribute__((ext_vector_type(VW)));
typedef SUFFIX(vec) SUFFIX(uvec) __attribute__((aligned(4)));

#define NR (NB * VW)
// Columns of B packed per panel row; floats in a panel (16 KiB, stays in L1).
#define PANEL_FLOATS 4096
#define KC (PANEL_FLOATS / NR)
// Rows of A per outer block (keeps an A block of MC x KC in L2).
#define MC 96

// Packs B(p0 + q, j0 + c) for q < kc, c < NR (zero beyond nc columns) into panel[q * NR + c],
// where B(p, j) = b[p * brs + j * bcs].
static TARGET void SUFFIX(pack)(const float *b, long brs, long bcs, long p0, long kc, long j0,
                                long nc, float *restrict panel) {
    if (bcs == 1) {
        for (long q = 0; q < kc; q++) {
            const float *row = b + (p0 + q) * brs + j0;
            float *out = panel + q * NR;
            long c = 0;
            for (; c < nc; c++) out[c] = row[c];
            for (; c < NR; c++) out[c] = 0;
        }
    } else {
        // B is a transposed view (brs == 1): read each source row contiguously.
        for (long c = 0; c < NR; c++) {
            if (c < nc) {
                const float *column = b + (j0 + c) * bcs + p0 * brs;
                for (long q = 0; q < kc; q++) panel[q * NR + c] = column[q * brs];
            } else {
                for (long q = 0; q < kc; q++) panel[q * NR + c] = 0;
            }
        }
    }
}

// The register tile: rows i0..i0+mr of C, columns j0..j0+nc (nc <= NR), reduction p0..p0+kc.
// first: start from init (bias row, or zeros when init is NULL) instead of C's current values.
static inline __attribute__((always_inline)) TARGET void SUFFIX(tile)(
    const int mr, const float *a, long ars, long acs, long i0, long p0, long kc,
    const float *panel, long ldp, const float *init, long ins, int first, float *c, long ldc,
    long j0, long nc) {
    SUFFIX(vec) acc[MR][NB];
    const int full = (nc == NR);
    for (int r = 0; r < mr; r++) {
        for (int v = 0; v < NB; v++) {
            if (full) {
                if (!first) acc[r][v] = *(const SUFFIX(uvec) *)(c + (i0 + r) * ldc + j0 + v * VW);
                else if (init && ins) acc[r][v] = *(const SUFFIX(uvec) *)(init + j0 + v * VW);
                else if (init) acc[r][v] = (SUFFIX(vec))init[0];
                else acc[r][v] = (SUFFIX(vec))0;
            } else {
                float lanes[VW];
                for (int l = 0; l < VW; l++) {
                    long col = v * VW + l;
                    float value = 0;
                    if (col < nc) {
                        if (!first) value = c[(i0 + r) * ldc + j0 + col];
                        else if (init) value = init[(j0 + col) * ins];
                    }
                    lanes[l] = value;
                }
                __builtin_memcpy(&acc[r][v], lanes, sizeof(lanes));
            }
        }
    }
    const float *arow[MR];
    for (int r = 0; r < mr; r++) arow[r] = a + (i0 + r) * ars + p0 * acs;
    for (long q = 0; q < kc; q++) {
        SUFFIX(vec) bv[NB];
        for (int v = 0; v < NB; v++) bv[v] = *(const SUFFIX(uvec) *)(panel + q * ldp + v * VW);
        for (int r = 0; r < mr; r++) {
            SUFFIX(vec) av = arow[r][q * acs];
            for (int v = 0; v < NB; v++) acc[r][v] = __builtin_elementwise_fma(av, bv[v], acc[r][v]);
        }
    }
    for (int r = 0; r < mr; r++) {
        float *out = c + (i0 + r) * ldc + j0;
        if (full) {
            for (int v = 0; v < NB; v++) *(SUFFIX(uvec) *)(out + v * VW) = acc[r][v];
        } else {
            float lanes[NR];
            __builtin_memcpy(lanes, acc[r], sizeof(lanes));
            for (long col = 0; col < nc; col++) out[col] = lanes[col];
        }
    }
}

// C(i, j) = init[j * ins] (or 0 when init is NULL) + fma chain over p in increasing order of
// A(i, p) * B(p, j), with A(i, p) = a[i * ars + p * acs], B(p, j) = b[p * brs + j * bcs], C
// row-major with row stride ldc. ins is 1 for a bias row, 0 for one value broadcast.
static TARGET void SUFFIX(gemm)(long m, long n, long kdim, const float *a, long ars, long acs,
                                const float *b, long brs, long bcs, const float *init, long ins,
                                float *c, long ldc) {
    if (m <= 0 || n <= 0) return;
    if (kdim <= 0) {
        for (long i = 0; i < m; i++)
            for (long j = 0; j < n; j++) c[i * ldc + j] = init ? init[j * ins] : 0;
        return;
    }
    float panel[PANEL_FLOATS] __attribute__((aligned(64)));
    for (long ib = 0; ib < m; ib += MC) {
        long mc = m - ib < MC ? m - ib : MC;
        for (long j0 = 0; j0 < n; j0 += NR) {
            long nc = n - j0 < NR ? n - j0 : NR;
            for (long p0 = 0; p0 < kdim; p0 += KC) {
                long kc = kdim - p0 < KC ? kdim - p0 : KC;
                // A full-width block of a B with unit column stride is read in place; anything
                // else (a transposed B, the ragged last block) is packed, zero-padded.
                const float *block = panel;
                long ldp = NR;
                if (bcs == 1 && nc == NR) {
                    block = b + p0 * brs + j0;
                    ldp = brs;
                } else {
                    SUFFIX(pack)(b, brs, bcs, p0, kc, j0, nc, panel);
                }
                int first = (p0 == 0);
                long i0 = ib;
                for (; i0 + MR <= ib + mc; i0 += MR)
                    SUFFIX(tile)(MR, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc);
                switch (ib + mc - i0) {
#if MR > 7
#error "MR up to 7 supported"
#endif
#if MR > 6
                case 6: SUFFIX(tile)(6, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc); break;
#endif
#if MR > 5
                case 5: SUFFIX(tile)(5, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc); break;
#endif
#if MR > 4
                case 4: SUFFIX(tile)(4, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc); break;
#endif
                case 3: SUFFIX(tile)(3, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc); break;
                case 2: SUFFIX(tile)(2, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc); break;
                case 1: SUFFIX(tile)(1, a, ars, acs, i0, p0, kc, block, ldp, init, ins, first, c, ldc, j0, nc); break;
                default: break;
                }
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
#undef KC
#undef MC
#undef PANEL_FLOATS
