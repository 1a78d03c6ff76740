#ifndef CK_EMBEDDING_H
#define CK_EMBEDDING_H

#include <stdint.h>
#include "ck_status.h"

/* The CKKS canonical embedding for ring degree N = 2^log_n (1 <= log_n <= 17), through FFTW.
 *
 * Slot j (0 <= j < N/2) of a real polynomial m holds m(zeta^(5^j mod 2N)), zeta = exp(i*pi/N); the other
 * N/2 evaluations are the complex conjugates. Rotating slots left by r is X -> X^(5^r), conjugation is
 * X -> X^(2N-1). Complex numbers are interleaved doubles (re, im).
 *
 * Plans are created and destroyed under a global lock (FFTW's planner is not thread-safe); the transforms
 * themselves may run concurrently on one handle, each call with its own scratch. */
typedef struct ck_embedding ck_embedding;

ck_status ck_embedding_create(uint32_t log_n, ck_embedding **out);
void ck_embedding_destroy(ck_embedding *embedding);

/* Decoding direction: N real coefficients -> N/2 complex slots (N doubles).
 * scratch: 2N doubles owned by the caller. */
void ck_embedding_slots_from_coefficients(const ck_embedding *embedding, const double *coefficients,
                                          double *slots, double *scratch);

/* Encoding direction: N/2 complex slots -> N real coefficients (the real polynomial whose slots they are).
 * scratch: 2N doubles owned by the caller. */
void ck_embedding_coefficients_from_slots(const ck_embedding *embedding, const double *slots,
                                          double *coefficients, double *scratch);

#endif
