import SecAggPrimitives

/// The weighted mean decoded from a secure sum.
public struct WeightedMean: Sendable, Equatable {
    /// The mean of each coordinate, `Σ w_i·q_i / (s·Σ w_i)`.
    public let values: [Double]
    /// The total weight `Σ w_i` of the providers in the sum.
    public let totalWeight: UInt64
}

/// Fixed-point encoding of float updates into Z_R with unbiased stochastic rounding, and decoding of a sum into
/// a weighted mean.
///
/// A provider with update x and weight w submits `m + 1` coordinates: `w·q_j mod R` for each `j < m`, where
/// `q_j` is `s·clip(x_j)` rounded stochastically, and `w mod R` last. Signed values are stored as their residue
/// mod R with no offset, so the sum of any number of submissions lifts back to the signed integer sum as long
/// as it stays inside the planned bound.
public enum Quantizer {
    /// The length of a rounding seed in bytes.
    public static let roundingSeedByteCount = 32

    /// Encodes `update` with weight `weight`, drawing a fresh 32-byte rounding seed from `randomness`.
    ///
    /// Pass ``SystemRandom`` in production and ``SeededRandom`` in tests. O(m).
    /// - Returns: a vector of `update.count + 1` residues, the weight last.
    /// - Throws: ``MaskingError/nonFiniteValue(index:)``, ``MaskingError/weightAboveMaximum(weight:maximum:)`` and
    ///   ``MaskingError/invalidLength(length:maximum:)``.
    public static func encode(
        _ update: [Double], weight: UInt64, parameters: QuantizationParameters, randomness: inout some RandomSource
    ) throws -> ModularVector {
        let seed = randomness.secretBytes(count: roundingSeedByteCount)
        return try encode(update, weight: weight, parameters: parameters, roundingSeed: seed)
    }

    /// Encodes a `Float` update; each value is widened to `Double` exactly, then encoded as a `Double` update.
    public static func encode(
        _ update: [Float], weight: UInt64, parameters: QuantizationParameters, randomness: inout some RandomSource
    ) throws -> ModularVector {
        try encode(update.map { Double($0) }, weight: weight, parameters: parameters, randomness: &randomness)
    }

    /// Encodes `update` with the rounding randomness taken from `roundingSeed`, for reproducible encodings and
    /// known-answer vectors.
    ///
    /// The uniform value of coordinate `j` is `u_j = (W_j >> 11) · 2^-53`, where `W_j` is the little-endian
    /// 64-bit word at byte `8·j` of the ChaCha20 stream with the seed as key, an all-zero nonce and block counter
    /// 0. Then `q_j = ⌊v⌋ + (u_j < v − ⌊v⌋ ? 1 : 0)` with `v = s·min(max(x_j, −c), c)`.
    /// - Throws: ``MaskingError/invalidSeedLength(byteCount:expected:)`` for a seed that is not 32 bytes,
    ///   ``MaskingError/nonFiniteValue(index:)``, ``MaskingError/weightAboveMaximum(weight:maximum:)`` and
    ///   ``MaskingError/invalidLength(length:maximum:)``.
    /// - Warning: Clipping and rounding branch on each private update value and on the rounding randomness, so
    ///   the running time depends on the update. No key passes through here.
    public static func encode(
        _ update: [Double], weight: UInt64, parameters: QuantizationParameters, roundingSeed: SecureBytes
    ) throws -> ModularVector {
        guard roundingSeed.count == roundingSeedByteCount else {
            throw MaskingError.invalidSeedLength(byteCount: roundingSeed.count, expected: roundingSeedByteCount)
        }
        guard weight <= parameters.maximumWeight else {
            throw MaskingError.weightAboveMaximum(weight: weight, maximum: parameters.maximumWeight)
        }
        if let index = update.firstIndex(where: { !$0.isFinite }) {
            throw MaskingError.nonFiniteValue(index: index)
        }
        var vector = try ModularVector(zeros: update.count + 1, modulus: parameters.modulus)
        let stream = try ChaCha20Keystream(
            key: SymmetricKey(roundingSeed), nonce: [UInt8](repeating: 0, count: ChaCha20Keystream.nonceByteCount))
        let encoder = CoordinateEncoder(parameters: parameters, weight: Int64(weight), stream: stream)
        vector.storage.withUnsafeMutableBytes { lanes in
            update.withUnsafeBufferPointer { values in
                switch parameters.modulus.laneByteCount {
                case 1: encoder.encode(values, into: lanes, as: UInt8.self)
                case 2: encoder.encode(values, into: lanes, as: UInt16.self)
                case 4: encoder.encode(values, into: lanes, as: UInt32.self)
                default: encoder.encode(values, into: lanes, as: UInt64.self)
                }
            }
        }
        return vector
    }

    /// Returns `value` rounded down or up to an integer: up when `uniform < value − ⌊value⌋`, so the expected
    /// result is `value` for `uniform` uniform in `[0, 1)`.
    public static func stochasticallyRounded(_ value: Double, uniform: Double) -> Double {
        let floor = value.rounded(.down)
        return uniform < value - floor ? floor + 1 : floor
    }

    /// Decodes the sum of any number of encoded updates (with their masks removed) into the weighted mean of
    /// the clipped updates. O(m).
    ///
    /// Each coordinate is lifted to the symmetric range (``Modulus/signedValue(of:)``), checked against the
    /// planned bound, and divided by `s·Σw`. The exact quotient is within ``QuantizationParameters/maximumError``
    /// (1/s) of the weighted mean of the clipped updates. The returned `Double` is that quotient correctly
    /// rounded when the lifted sum and the total weight are below 2^53; otherwise it can differ by a relative
    /// 2^-52 more.
    /// - Throws: ``MaskingError/modulusMismatch(expected:actual:)``, ``MaskingError/missingWeightCoordinate``,
    ///   ``MaskingError/totalWeightOutOfRange(totalWeight:maximum:)`` and
    ///   ``MaskingError/sumOutOfRange(coordinate:value:bound:)``, the last two for sums that honest submissions
    ///   within the plan cannot produce.
    public static func decodeWeightedMean(_ sum: ModularVector, parameters: QuantizationParameters) throws
        -> WeightedMean
    {
        guard sum.modulus == parameters.modulus else {
            throw MaskingError.modulusMismatch(expected: parameters.modulus, actual: sum.modulus)
        }
        guard sum.count >= 1 else { throw MaskingError.missingWeightCoordinate }
        let dimension = sum.count - 1
        let modulus = parameters.modulus
        let laneByteCount = modulus.laneByteCount
        return try sum.withUnsafeLaneBytes { lanes in
            let totalWeight = ModularVector.load(at: dimension, laneByteCount: laneByteCount, from: lanes)
            guard totalWeight >= 1 && totalWeight <= parameters.maximumTotalWeight else {
                throw MaskingError.totalWeightOutOfRange(
                    totalWeight: totalWeight, maximum: parameters.maximumTotalWeight)
            }
            let denominator = parameters.scale * Double(totalWeight)
            var values = [Double](repeating: 0, count: dimension)
            for coordinate in 0..<dimension {
                let residue = ModularVector.load(at: coordinate, laneByteCount: laneByteCount, from: lanes)
                let value = modulus.signedValue(of: residue)
                guard value.magnitude <= parameters.sumBound else {
                    throw MaskingError.sumOutOfRange(coordinate: coordinate, value: value, bound: parameters.sumBound)
                }
                values[coordinate] = Double(value) / denominator
            }
            return WeightedMean(values: values, totalWeight: totalWeight)
        }
    }
}

/// The per-coordinate encoding loop, generic over the lane type so each width gets its own specialized loop.
struct CoordinateEncoder {
    let parameters: QuantizationParameters
    let weight: Int64
    let stream: ChaCha20Keystream

    /// 8 KiB of rounding keystream: 1024 uniform values per libsodium call.
    static let batchByteCount = 8192

    func encode<Lane: MaskLane>(
        _ values: UnsafeBufferPointer<Double>, into lanes: UnsafeMutableRawBufferPointer, as _: Lane.Type
    ) {
        let target = UnsafeMutableRawPointer(lanes.mutableBytePointer).assumingMemoryBound(to: Lane.self)
        let modulus = parameters.modulus
        let clipBound = parameters.clipBound
        let scale = parameters.scale
        var scratch = SecureBytes(zeroedCount: Self.batchByteCount)
        scratch.withUnsafeMutableBytes { scratchBytes in
            let keystream = scratchBytes.mutableBytePointer
            let wordsPerBatch = Self.batchByteCount / 8
            var batchStart = 0
            while batchStart < values.count {
                let batchCount = min(wordsPerBatch, values.count - batchStart)
                let byteCount = batchCount * 8
                keystream.initialize(repeating: 0, count: byteCount)
                let firstBlock = UInt32(batchStart * 8 / ChaCha20Keystream.blockByteCount)
                stream.xorUnchecked(keystream, byteCount: byteCount, firstBlock: firstBlock)
                let words = UnsafeRawPointer(keystream)
                for offset in 0..<batchCount {
                    let word = UInt64(littleEndian: words.loadUnaligned(fromByteOffset: offset * 8, as: UInt64.self))
                    let uniform = Double(word >> 11) * 0x1p-53
                    let clipped = min(max(values[batchStart + offset], -clipBound), clipBound)
                    let rounded = Quantizer.stochasticallyRounded(clipped * scale, uniform: uniform)
                    let residue = modulus.residue(of: weight * Int64(rounded))
                    target[batchStart + offset] = Lane(truncatingIfNeeded: residue)
                }
                batchStart += batchCount
            }
        }
        target[values.count] = Lane(truncatingIfNeeded: modulus.residue(of: weight))
    }
}
