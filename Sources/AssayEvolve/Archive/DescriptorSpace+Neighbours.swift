extension DescriptorSpace {
    /// The cells that differ from `descriptor` in exactly one axis, in a fixed order (first axis first, then that
    /// axis's value order). Empty when `descriptor` is not in the space.
    public func neighbours(of descriptor: Descriptor) -> [Descriptor] {
        guard contains(descriptor) else { return [] }
        var result: [Descriptor] = []
        for (index, axis) in axes.enumerated() {
            for value in axis.values where value != descriptor.values[index] {
                var values = descriptor.values
                values[index] = value
                result.append(Descriptor(values: values))
            }
        }
        return result
    }

    /// Whether `a` and `b` are cells of the space that differ in exactly one axis.
    public func areNeighbours(_ a: Descriptor, _ b: Descriptor) -> Bool {
        guard contains(a), contains(b) else { return false }
        return zip(a.values, b.values).filter { $0 != $1 }.count == 1
    }
}
