/* heml's MPI shim: the few collectives distributed training needs, behind plain C functions with no MPI type in
 * them (MPI's handles are macros Swift cannot import, and they differ between implementations).
 * Every function returns HEML_MPI_OK or an MPI error code (see heml_mpi_error_text); errors return instead of
 * aborting (MPI_ERRORS_RETURN on the world communicator). */
#ifndef HEML_MPI_H
#define HEML_MPI_H

#include <stddef.h>
#include <stdint.h>

#define HEML_MPI_OK 0

/* How heml_mpi_sum_residues exchanges the limbs. */
enum heml_mpi_algorithm {
    /* One MPI_Allreduce of every limb: for few limbs (the message is latency-bound). */
    HEML_MPI_ALLREDUCE = 0,
    /* MPI_Reduce_scatter (each rank sums its share of the limbs, shares differing by at most one limb, rank order)
     * then MPI_Allgatherv of the sums: each rank sends and receives about 2·(size−1)/size of the gradient, for
     * large gradients. */
    HEML_MPI_REDUCE_SCATTER_ALLGATHER = 1,
};

/* Initialises MPI (funnelled threads: only the calling thread makes MPI calls) and gives this process's rank and
 * the world's size. Call once per process. */
int heml_mpi_init(int *rank, int *size);

/* Finalises MPI; after it no other function may be called. */
int heml_mpi_finalize(void);

/* In place, on every rank: words[l·degree + j] becomes the sum over all ranks of that word mod moduli[l], for
 * `limbs` limbs of `degree` residues each, every residue below its modulus and every modulus below 2^63, exchanged
 * by `algorithm` (every rank must pass the same). Exact in any reduction order, so both algorithms give the same
 * words. Returns HEML_MPI_OK, an MPI error code, or -1 when the working buffers cannot be allocated. */
int heml_mpi_sum_residues(
    uint64_t *words, size_t limbs, size_t degree, const uint64_t *moduli, enum heml_mpi_algorithm algorithm);

/* Seconds this process has spent inside the MPI collectives of heml_mpi_sum_residues since heml_mpi_init
 * (MPI_Wtime), the packing of the limbs excluded. */
double heml_mpi_seconds_in_sums(void);

/* In place, on every rank: words[i] becomes the wrapping sum over all ranks (MPI_SUM on MPI_UINT64_T, one
 * MPI_Allreduce): the raw collective with no packing, the benchmark's reference. count ≤ INT_MAX. */
int heml_mpi_allreduce_words(uint64_t *words, size_t count);

/* In place, on every rank: values[i] becomes the maximum over all ranks. */
int heml_mpi_allreduce_max(uint64_t *values, int count);

/* Rank 0's `count` bytes into `bytes` on every other rank (MPI_Bcast, in pieces of at most INT_MAX bytes). */
int heml_mpi_broadcast_bytes(uint8_t *bytes, size_t count);

/* Rank 0 receives every rank's `count` doubles in rank order into `received` (size · count doubles; ignored on
 * other ranks). */
int heml_mpi_gather_doubles(const double *values, int count, double *received);

/* Waits for every rank. */
int heml_mpi_barrier(void);

/* Ends every rank of the job with `code` (MPI_Abort); does not return. */
void heml_mpi_abort(int code);

/* The text of an MPI error code, NUL-terminated, at most `capacity` bytes. */
void heml_mpi_error_text(int code, char *text, size_t capacity);

#endif
