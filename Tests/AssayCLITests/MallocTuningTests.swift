import CMallocTuning
import Testing

/// `assay` relies on glibc keeping one malloc arena, set by CMallocTuning's load-time constructor (linked into this
/// test binary as into `assay`). The setting was once compiled out by a preprocessor guard tested before the header
/// that defines it, and the process silently kept an arena per thread.
struct MallocTuningTests {
    @Test func oneArenaIsAppliedWhenLoaded() {
        #if os(Linux) && canImport(Glibc)
        #expect(assay_one_malloc_arena_applied() == 1)
        #endif
    }
}
