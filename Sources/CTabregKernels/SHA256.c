// SHA-256 block compression with the x86 SHA extensions, and the round constants that the Swift
// rounds (TabregModel's SHA256, for machines without the extensions) read too. See
// CTabregKernels.h.
#include "CTabregKernels.h"

// FIPS 180-4 section 4.2.2: the first 32 bits of the fractional parts of the cube roots of the
// first 64 primes.
static const uint32_t round_constants[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
};

const uint32_t *tabreg_sha256_round_constants(void) { return round_constants; }

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>

// The SHA extensions (CPUID leaf 7, EBX bit 29) and SSSE3/SSE4.1 (leaf 1, ECX bits 9, 19).
static int has_sha_extensions(void) {
    unsigned eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    if (!(ecx & (1u << 9)) || !(ecx & (1u << 19))) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    return (ebx >> 29) & 1;
}

// Four rounds per message vector; the schedule W[t..t+3] from the previous four vectors
// (sha256msg1 adds sigma0, the alignr adds W[t-7], sha256msg2 adds sigma1), as in Intel's
// "Intel SHA Extensions" paper (2013).
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_sha_extensions(uint32_t state[8], const uint8_t *data, long blocks) {
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i cdab = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[0]), 0xB1);
    __m128i state1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&state[4]), 0x1B);
    __m128i state0 = _mm_alignr_epi8(cdab, state1, 8);  // ABEF
    state1 = _mm_blend_epi16(state1, cdab, 0xF0);       // CDGH
    for (long block = 0; block < blocks; block++, data += 64) {
        const __m128i abef = state0, cdgh = state1;
        __m128i w[4];
        for (int group = 0; group < 16; group++) {
            __m128i words;
            if (group < 4) {
                words = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16 * group)),
                                         byte_swap);
            } else {
                words = _mm_sha256msg1_epu32(w[group & 3], w[(group + 1) & 3]);
                words = _mm_add_epi32(words, _mm_alignr_epi8(w[(group + 3) & 3],
                                                             w[(group + 2) & 3], 4));
                words = _mm_sha256msg2_epu32(words, w[(group + 3) & 3]);
            }
            w[group & 3] = words;
            __m128i message = _mm_add_epi32(
                words, _mm_loadu_si128((const __m128i *)&round_constants[4 * group]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, message);
            state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(message, 0x0E));
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }
    const __m128i feba = _mm_shuffle_epi32(state0, 0x1B);
    state1 = _mm_shuffle_epi32(state1, 0xB1);                                      // DCHG
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, state1, 0xF0));  // DCBA
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(state1, feba, 8));     // HGFE
}

int tabreg_sha256_compress(uint32_t state[8], const uint8_t *data, long blocks) {
    static int available = -1;  // unknown yet; every thread computes the same answer
    int known = __atomic_load_n(&available, __ATOMIC_RELAXED);
    if (known < 0) {
        known = has_sha_extensions();
        __atomic_store_n(&available, known, __ATOMIC_RELAXED);
    }
    if (!known) return 0;
    compress_sha_extensions(state, data, blocks);
    return 1;
}

#else

int tabreg_sha256_compress(uint32_t state[8], const uint8_t *data, long blocks) {
    (void)state;
    (void)data;
    (void)blocks;
    return 0;
}

#endif
