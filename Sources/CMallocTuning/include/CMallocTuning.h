#ifndef ASSAY_CMALLOCTUNING_H
#define ASSAY_CMALLOCTUNING_H

/// Linking this target limits glibc's malloc to one arena for the whole process, from a constructor that runs when
/// the executable is loaded (see CMallocTuning.c for why). Returns 1 when that constructor applied the limit, 0 where
/// it does not apply (not glibc) or failed.
int assay_one_malloc_arena_applied(void);

#endif
