import CSodium

/// The libsodium runtime that every primitive in this module calls into.
///
/// `sodium_init` selects the fastest implementation of each primitive for the running CPU and seeds the
/// random number generator, so every entry point of this module calls ``ensureInitialized()`` first.
public enum Sodium {
    private static let initialized: Bool = sodium_init() >= 0

    /// Initializes libsodium once per process; later calls cost one check.
    ///
    /// A failure here means the process cannot obtain entropy or libsodium is unusable, which no caller can
    /// recover from, so it stops the process.
    @inline(__always)
    public static func ensureInitialized() {
        precondition(initialized, "sodium_init failed: libsodium cannot run in this process")
    }

    /// The version string of the libsodium library loaded at run time, for example `1.0.18`.
    public static var version: String {
        ensureInitialized()
        return String(cString: sodium_version_string())
    }
}
