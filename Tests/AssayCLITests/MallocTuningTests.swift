import CMallocTuning
import Testing

/// `assay` relies on glibc keeping one malloc arena; the setting was once compiled out by a preprocessor guard tested
/// before the header that defines it, and the process silently kept an arena per thread.
struct MallocTuningTests {
    @Test func oneArenaIsAppliedOnGlibc() {
        #if os(Linux) && canImport(Glibc)
        #expect(assay_use_one_malloc_arena() == 1)
        #endif
    }
}
