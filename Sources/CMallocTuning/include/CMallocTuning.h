#ifndef ASSAY_CMALLOCTUNING_H
#define ASSAY_CMALLOCTUNING_H

/// Limits glibc's malloc to one arena for the whole process (see Sources/assay/Assay.swift for why). Linking this target
/// applies it when the executable is loaded; calling it again is harmless.
/// Returns 1 when the setting was applied, 0 where it does not apply (not glibc) or failed.
int assay_use_one_malloc_arena(void);

#endif
