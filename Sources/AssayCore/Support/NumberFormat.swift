import Foundation

/// Number formatting shared by targets, reports and normalizers.
public enum NumberFormat {
    /// `3` for 3.0, `2.5` for 2.5: integers without a decimal point, others in shortest form.
    public static func plain(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Fixed decimals for tables.
    public static func fixed(_ value: Double, _ digits: Int = 3) -> String {
        guard value.isFinite else { return value.isNaN ? "—" : (value > 0 ? "inf" : "-inf") }
        return String(format: "%.\(digits)f", value)
    }
}
