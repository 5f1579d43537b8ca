/// An unsigned integer type that stores one element of a ``ModularVector``.
protocol MaskLane: FixedWidthInteger, UnsignedInteger, Sendable {}

extension UInt8: MaskLane {}
extension UInt16: MaskLane {}
extension UInt32: MaskLane {}
extension UInt64: MaskLane {}

/// The element loops of the engine. Each is a plain loop over unsafe pointers with wrapping arithmetic and no
/// calls, so that release builds vectorize it.
enum LaneKernels {
    /// Adds or subtracts `count` lanes of `source` into `destination`, mod the modulus. Both are host-order lanes
    /// of the modulus's lane width, and `source` contains residues (a prime modulus needs them below p).
    static func combine(
        destination: UnsafeMutableRawPointer, source: UnsafeMutableRawPointer, count: Int, modulus: Modulus,
        sign: MaskSign
    ) {
        switch modulus.laneByteCount {
        case 1: combine(UInt8.self, destination, source, count, modulus, sign)
        case 2: combine(UInt16.self, destination, source, count, modulus, sign)
        case 4: combine(UInt32.self, destination, source, count, modulus, sign)
        default: combine(UInt64.self, destination, source, count, modulus, sign)
        }
    }

    @inline(__always)
    static func combine<Lane: MaskLane>(
        _: Lane.Type, _ destination: UnsafeMutableRawPointer, _ source: UnsafeMutableRawPointer, _ count: Int,
        _ modulus: Modulus, _ sign: MaskSign
    ) {
        let to = destination.assumingMemoryBound(to: Lane.self)
        let from = UnsafePointer(source.assumingMemoryBound(to: Lane.self))
        switch (modulus.kind, sign) {
        case (.powerOfTwo, .add):
            addWrapping(to, from, count, mask: Lane(truncatingIfNeeded: modulus.maximumResidue))
        case (.powerOfTwo, .subtract):
            subtractWrapping(to, from, count, mask: Lane(truncatingIfNeeded: modulus.maximumResidue))
        case (.prime(let prime), .add):
            addModPrime(to, from, count, prime: Lane(truncatingIfNeeded: prime))
        case (.prime(let prime), .subtract):
            subtractModPrime(to, from, count, prime: Lane(truncatingIfNeeded: prime))
        }
    }

    /// Computes `to[i] = (to[i] + from[i]) mod 2^b`, where `mask` is 2^b − 1 and 2^b divides 2^lane-bits.
    @inline(__always)
    static func addWrapping<Lane: MaskLane>(
        _ to: UnsafeMutablePointer<Lane>, _ from: UnsafePointer<Lane>, _ count: Int, mask: Lane
    ) {
        if mask == Lane.max {
            // b is the lane width, so the wrapping sum is already reduced; the loop without the mask is shorter.
            for index in 0..<count {
                to[index] = to[index] &+ from[index]
            }
            return
        }
        for index in 0..<count {
            to[index] = (to[index] &+ from[index]) & mask
        }
    }

    /// Computes `to[i] = (to[i] − from[i]) mod 2^b`, where `mask` is 2^b − 1.
    @inline(__always)
    static func subtractWrapping<Lane: MaskLane>(
        _ to: UnsafeMutablePointer<Lane>, _ from: UnsafePointer<Lane>, _ count: Int, mask: Lane
    ) {
        if mask == Lane.max {
            for index in 0..<count {
                to[index] = to[index] &- from[index]
            }
            return
        }
        for index in 0..<count {
            to[index] = (to[index] &- from[index]) & mask
        }
    }

    /// Computes `to[i] = (to[i] + from[i]) mod p` for residues below p. A sum that wraps the lane, or reaches p, is
    /// reduced by one subtraction of p, which the wrapping arithmetic makes exact.
    /// - Warning: The reduction is a select on secret lanes. Compilers usually emit a conditional move or a vector
    ///   blend for it, but Swift does not promise branch-free code, here or in ``subtractModPrime(_:_:_:prime:)``.
    @inline(__always)
    static func addModPrime<Lane: MaskLane>(
        _ to: UnsafeMutablePointer<Lane>, _ from: UnsafePointer<Lane>, _ count: Int, prime: Lane
    ) {
        for index in 0..<count {
            let a = to[index]
            let sum = a &+ from[index]
            to[index] = (sum < a || sum >= prime) ? sum &- prime : sum
        }
    }

    /// Computes `to[i] = (to[i] − from[i]) mod p` for residues below p.
    @inline(__always)
    static func subtractModPrime<Lane: MaskLane>(
        _ to: UnsafeMutablePointer<Lane>, _ from: UnsafePointer<Lane>, _ count: Int, prime: Lane
    ) {
        for index in 0..<count {
            let a = to[index]
            let b = from[index]
            let difference = a &- b
            to[index] = a < b ? difference &+ prime : difference
        }
    }
}
