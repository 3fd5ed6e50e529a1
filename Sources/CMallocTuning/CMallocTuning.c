#include "CMallocTuning.h"

#if defined(__linux__)
#include <features.h> /* defines __GLIBC__ when the C library is glibc */
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int assay_use_one_malloc_arena(void) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, 1);
#else
    return 0;
#endif
}

#if defined(__GLIBC__)
/* Applied when the executable is loaded, before Swift's `main` and before the concurrency runtime and Dispatch start
   their threads: glibc fixes a thread's arena at its first allocation, and an async `main` already runs on a pool
   thread, so a limit set from `main` would come after the first threads have arenas of their own. */
__attribute__((constructor)) static void assay_one_malloc_arena_at_load(void) {
    (void)assay_use_one_malloc_arena();
}
#endif
