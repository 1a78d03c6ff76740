/* MPI's own header, found through pkg-config (ompi-c); only CMPIShim's C source includes it. */
#include <mpi.h>
