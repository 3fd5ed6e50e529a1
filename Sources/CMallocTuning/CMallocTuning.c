#include "CMallocTuning.h"

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
