#ifndef CK_STATUS_H
#define CK_STATUS_H

/* Result of a fallible kernel call. Swift maps each value to a thrown error in one place. */
typedef enum {
    CK_OK = 0,
    CK_INVALID_ARGUMENT = 1,  /* a size, modulus or exponent outside its documented range */
    CK_OUT_OF_MEMORY = 2,     /* a table allocation failed */
    CK_NOT_FOUND = 3,         /* e.g. fewer primes of the requested form exist than asked */
    CK_UNSUPPORTED = 4        /* the requested path is not available on this CPU */
} ck_status;

#endif
