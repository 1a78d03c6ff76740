/* heml's MPI shim: the few collectives distributed training needs, behind plain C functions with no MPI type in
 * them (MPI's handles are macros Swift cannot import, and they differ between implementations).
 * Every function returns HEML_MPI_OK or an MPI error code (see heml_mpi_error_text); errors return instead of
 * aborting (MPI_ERRORS_RETURN on the world communicator). */
#ifndef HEML_MPI_H
#define HEML_MPI_H

#include <stddef.h>
#include <stdint.h>

#define HEML_MPI_OK 0

/* Initialises MPI (funnelled threads: only the calling thread makes MPI calls) and gives this process's rank and
 * the world's size. Call once per process. */
int heml_mpi_init(int *rank, int *size);

/* Finalises MPI; after it no other function may be called. */
int heml_mpi_finalize(void);

/* In place, on every rank: words[l·degree + j] becomes the sum over all ranks of that word mod moduli[l], for
 * `limbs` limbs of `degree` residues each, every residue below its modulus and every modulus below 2^63. Exact in
 * any reduction order. Returns HEML_MPI_OK, an MPI error code, or -1 when the working buffer cannot be allocated. */
int heml_mpi_allreduce_residues(uint64_t *words, size_t limbs, size_t degree, const uint64_t *moduli);

/* In place, on every rank: values[i] becomes the maximum over all ranks. */
int heml_mpi_allreduce_max(uint64_t *values, int count);

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
