/* A check of heml's MPI shim alone, for scripts/check-mpich.sh: every rank sums pseudo-random residues of 7 limbs
 * (2, 3 or 4 ranks get shares of different sizes) by both exchanges, and rank 0's 5 bytes are broadcast; every result
 * is compared with what this process computes alone. Prints one line on rank 0; exit status 1 on a mismatch. */
#include <stdio.h>
#include <stdlib.h>

#include "heml_mpi.h"

enum { LIMBS = 7, DEGREE = 1024 };

static uint64_t next(uint64_t *state) {
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return *state >> 1;
}

int main(void) {
    int rank = 0, size = 0;
    if (heml_mpi_init(&rank, &size) != HEML_MPI_OK) return 2;
    uint64_t moduli[LIMBS];
    for (size_t l = 0; l < LIMBS; l++) moduli[l] = (1ULL << 62) - 57 - 2 * l;
    uint64_t *expected = calloc(LIMBS * DEGREE, sizeof(uint64_t));
    uint64_t *words[2] = {malloc(LIMBS * DEGREE * sizeof(uint64_t)), malloc(LIMBS * DEGREE * sizeof(uint64_t))};
    if (expected == NULL || words[0] == NULL || words[1] == NULL) return 2;
    for (int r = 0; r < size; r++) {
        uint64_t state = (uint64_t)r + 1;
        for (size_t i = 0; i < LIMBS * DEGREE; i++) {
            const uint64_t q = moduli[i / DEGREE], w = next(&state) % q, sum = expected[i] + w;
            expected[i] = sum >= q ? sum - q : sum;
            if (r == rank) words[0][i] = words[1][i] = w;
        }
    }
    uint64_t wrong = 0;
    const enum heml_mpi_algorithm algorithms[2] = {HEML_MPI_ALLREDUCE, HEML_MPI_REDUCE_SCATTER_ALLGATHER};
    for (int a = 0; a < 2; a++) {
        const int status = heml_mpi_sum_residues(words[a], LIMBS, DEGREE, moduli, algorithms[a]);
        if (status != HEML_MPI_OK) {
            char text[256];
            heml_mpi_error_text(status, text, sizeof text);
            fprintf(stderr, "rank %d: %s\n", rank, text);
            wrong = 1;
        }
        for (size_t i = 0; i < LIMBS * DEGREE; i++) wrong |= words[a][i] != expected[i];
    }
    uint8_t bytes[5] = {0};
    if (rank == 0)
        for (int i = 0; i < 5; i++) bytes[i] = (uint8_t)(i + 1);
    if (heml_mpi_broadcast_bytes(bytes, sizeof bytes) != HEML_MPI_OK || bytes[4] != 5) wrong = 1;
    if (heml_mpi_allreduce_max(&wrong, 1) != HEML_MPI_OK) wrong = 1;
    if (rank == 0) {
        printf("%d rank(s), %d limbs: allreduce, reduce-scatter + allgather and broadcast %s\n", size, LIMBS,
               wrong ? "WRONG" : "exact");
    }
    heml_mpi_finalize();
    free(expected);
    free(words[0]);
    free(words[1]);
    return wrong ? 1 : 0;
}
