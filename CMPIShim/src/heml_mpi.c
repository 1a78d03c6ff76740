#include "heml_mpi.h"

/* Without MPI installed (a build without the MPI trait still compiles every target) the shim is empty. */
#if __has_include(<mpi.h>)
#include <mpi.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Addition mod q of limbs laid out as [q, r_0 … r_(N−1)]: an MPI_Op gets a count and a datatype but no offset, so
 * each limb carries its modulus in its first word. Residues are below q < 2^63, so the sum does not overflow. */
static void add_limbs(void *in, void *inout, int *len, MPI_Datatype *type) {
    int bytes = 0;
    MPI_Type_size(*type, &bytes);
    const size_t width = (size_t)bytes / sizeof(uint64_t);
    const uint64_t *a = in;
    uint64_t *b = inout;
    for (size_t e = 0; e < (size_t)*len; e++, a += width, b += width) {
        const uint64_t q = a[0];
        for (size_t j = 1; j < width; j++) {
            const uint64_t s = a[j] + b[j];
            b[j] = s >= q ? s - q : s;
        }
    }
}

int heml_mpi_init(int *rank, int *size) {
    int provided = 0;
    int status = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    if (status != MPI_SUCCESS) return status;
    status = MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    if (status != MPI_SUCCESS) return status;
    status = MPI_Comm_rank(MPI_COMM_WORLD, rank);
    if (status != MPI_SUCCESS) return status;
    return MPI_Comm_size(MPI_COMM_WORLD, size);
}

int heml_mpi_finalize(void) { return MPI_Finalize(); }

/* Seconds spent in the collectives of heml_mpi_sum_residues (only the funnelled thread calls them). */
static double seconds_in_sums = 0;

/* The limbs of rank r among `size`: [first[r], first[r + 1]), contiguous, in rank order, sizes differing by at
 * most one. Returns the limb counts and their offsets (in limbs), or -1 when they cannot be allocated. */
static int shares(size_t limbs, int size, int **counts, int **offsets) {
    *counts = malloc((size_t)size * sizeof(int));
    *offsets = malloc((size_t)size * sizeof(int));
    if (*counts == NULL || *offsets == NULL) return -1;
    for (int r = 0; r < size; r++) {
        const size_t first = limbs * (size_t)r / (size_t)size, next = limbs * (size_t)(r + 1) / (size_t)size;
        (*offsets)[r] = (int)first;
        (*counts)[r] = (int)(next - first);
    }
    return HEML_MPI_OK;
}

/* MPI_Reduce_scatter of the packed limbs into this rank's share, then MPI_Allgatherv of every share. */
static int reduce_scatter_allgather(uint64_t *packed, size_t limbs, size_t width, MPI_Datatype limb, MPI_Op op) {
    int rank = 0, size = 0;
    int status = MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (status == MPI_SUCCESS) status = MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (status != MPI_SUCCESS) return status;
    int *counts = NULL, *offsets = NULL;
    status = shares(limbs, size, &counts, &offsets);
    uint64_t *share = NULL;
    if (status == HEML_MPI_OK) {
        share = malloc(((size_t)counts[rank] > 0 ? (size_t)counts[rank] : 1) * width * sizeof(uint64_t));
        if (share == NULL) status = -1;
    }
    if (status == HEML_MPI_OK) status = MPI_Reduce_scatter(packed, share, counts, limb, op, MPI_COMM_WORLD);
    if (status == MPI_SUCCESS) {
        status = MPI_Allgatherv(share, counts[rank], limb, packed, counts, offsets, limb, MPI_COMM_WORLD);
    }
    free(share);
    free(counts);
    free(offsets);
    return status;
}

int heml_mpi_sum_residues(
    uint64_t *words, size_t limbs, size_t degree, const uint64_t *moduli, enum heml_mpi_algorithm algorithm) {
    if (limbs == 0) return HEML_MPI_OK;
    if (limbs > INT_MAX || degree + 1 > INT_MAX) return MPI_ERR_COUNT;
    const size_t width = degree + 1;
    uint64_t *packed = malloc(limbs * width * sizeof(uint64_t));
    if (packed == NULL) return -1;
    for (size_t l = 0; l < limbs; l++) {
        packed[l * width] = moduli[l];
        memcpy(packed + l * width + 1, words + l * degree, degree * sizeof(uint64_t));
    }
    MPI_Datatype limb;
    MPI_Op op;
    int status = MPI_Type_contiguous((int)width, MPI_UINT64_T, &limb);
    if (status == MPI_SUCCESS) status = MPI_Type_commit(&limb);
    if (status == MPI_SUCCESS) {
        status = MPI_Op_create(add_limbs, 1, &op);
        if (status == MPI_SUCCESS) {
            const double begun = MPI_Wtime();
            status = algorithm == HEML_MPI_REDUCE_SCATTER_ALLGATHER
                         ? reduce_scatter_allgather(packed, limbs, width, limb, op)
                         : MPI_Allreduce(MPI_IN_PLACE, packed, (int)limbs, limb, op, MPI_COMM_WORLD);
            seconds_in_sums += MPI_Wtime() - begun;
            MPI_Op_free(&op);
        }
        MPI_Type_free(&limb);
    }
    if (status == MPI_SUCCESS) {
        for (size_t l = 0; l < limbs; l++) {
            memcpy(words + l * degree, packed + l * width + 1, degree * sizeof(uint64_t));
        }
    }
    free(packed);
    return status;
}

double heml_mpi_seconds_in_sums(void) { return seconds_in_sums; }

int heml_mpi_allreduce_words(uint64_t *words, size_t count) {
    if (count > INT_MAX) return MPI_ERR_COUNT;
    return MPI_Allreduce(MPI_IN_PLACE, words, (int)count, MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
}

int heml_mpi_broadcast_bytes(uint8_t *bytes, size_t count) {
    for (size_t done = 0; done < count;) {
        const size_t piece = count - done < INT_MAX ? count - done : INT_MAX;
        const int status = MPI_Bcast(bytes + done, (int)piece, MPI_BYTE, 0, MPI_COMM_WORLD);
        if (status != MPI_SUCCESS) return status;
        done += piece;
    }
    return HEML_MPI_OK;
}

int heml_mpi_allreduce_max(uint64_t *values, int count) {
    return MPI_Allreduce(MPI_IN_PLACE, values, count, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
}

int heml_mpi_gather_doubles(const double *values, int count, double *received) {
    return MPI_Gather(values, count, MPI_DOUBLE, received, count, MPI_DOUBLE, 0, MPI_COMM_WORLD);
}

int heml_mpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

void heml_mpi_abort(int code) {
    MPI_Abort(MPI_COMM_WORLD, code);
    abort();
}

void heml_mpi_error_text(int code, char *text, size_t capacity) {
    if (capacity == 0) return;
    if (code == -1) {
        strncpy(text, "out of memory for the reduction buffers", capacity - 1);
        text[capacity - 1] = 0;
        return;
    }
    char message[MPI_MAX_ERROR_STRING];
    int length = 0;
    if (MPI_Error_string(code, message, &length) != MPI_SUCCESS) length = 0;
    message[length] = 0;
    strncpy(text, length > 0 ? message : "unknown MPI error", capacity - 1);
    text[capacity - 1] = 0;
}

#endif
