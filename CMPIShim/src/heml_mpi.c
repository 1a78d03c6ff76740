#include "heml_mpi.h"

/* Without MPI installed (a build without the MPI trait still compiles every target) the shim is empty. */
#if __has_include(<mpi.h>)
#include <mpi.h>
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

int heml_mpi_allreduce_residues(uint64_t *words, size_t limbs, size_t degree, const uint64_t *moduli) {
    if (limbs == 0) return HEML_MPI_OK;
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
            status = MPI_Allreduce(MPI_IN_PLACE, packed, (int)limbs, limb, op, MPI_COMM_WORLD);
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
        strncpy(text, "out of memory for the reduction buffer", capacity - 1);
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
