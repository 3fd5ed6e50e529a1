#include "CMallocTuning.h"

#if defined(__linux__)
#include <features.h> /* defines __GLIBC__ when the C library is glibc */
#endif
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static int applied_at_load = 0;

int assay_one_malloc_arena_applied(void) { return applied_at_load; }

#if defined(__GLIBC__)
/* One malloc arena for the whole process. glibc gives each thread that meets contention an arena of its own (up to 8
   per core); each keeps the memory freed in it, so resident memory grows with the threads of the store, the HTTP
   client and the task pool while the live heap stays flat. The lock is shared instead: no measurable CPU cost at the
   2 to 4 threads that allocate.

   Applied when the executable is loaded, before Swift's `main` and before the concurrency runtime and Dispatch start
   their threads: glibc fixes a thread's arena at its first allocation, and an async `main` already runs on a pool
   thread, so a limit set from `main` would come after the first threads have arenas of their own. */
__attribute__((constructor)) static void assay_one_malloc_arena_at_load(void) {
    applied_at_load = mallopt(M_ARENA_MAX, 1);
}
#endif
