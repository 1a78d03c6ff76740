/* The system CSPRNG: getrandom(2) in a loop until the buffer is full. */
#define _GNU_SOURCE
#include "ck_system_random.h"

#include <errno.h>
#include <sys/random.h>

int ck_system_random(uint8_t *out, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t got = getrandom(out + done, len - done, 0);
        if (got < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        done += (size_t)got;
    }
    return 0;
}
