import Dispatch
import Foundation
import SecAggPrimitives

/// Expands masks from their keys and adds or subtracts them into a vector in place, on several cores.
///
/// A provider masks its quantized update with one call: its self mask and its pairwise masks applied to the
/// update. The aggregator removes masks from its running sum the same way. Memory is the vector plus a few
/// kilobytes of scratch per thread, whatever the number of masks, and the scratch is wiped before release.
///
/// How each mask element is drawn from the keystream is specified in `Specs/masking.md`: for R = 2^b element
/// `i` is word `i` of one ChaCha20 stream, and for a prime R the vector is cut into segments of
/// ``segmentLength`` coordinates, each sampled by rejection from its own stream. Either way any coordinate range
/// can be recomputed without expanding the rest.
public enum MaskEngine {
    /// The bytes of keystream generated per call to libsodium for a power-of-two modulus. It is also the size of
    /// the tile of the vector that every mask is added into before the engine moves on, and 8 KiB keeps the
    /// keystream and the tile in the L1 cache together.
    public static let chunkByteCount = 8192

    /// The coordinates of one rejection-sampling segment for a prime modulus. Segment `j` covers coordinates
    /// `j·2048 ..< (j+1)·2048` and draws from its own ChaCha20 nonce.
    public static let segmentLength = 2048

    /// Applies every term to `vector`, which contains coordinates `firstCoordinate ..< firstCoordinate + count` of
    /// the masked vectors. O(m · terms) keystream work, split by coordinate range across `threads` threads.
    ///
    /// For each tile of the vector, every mask is expanded into an L1-resident buffer and added into the tile,
    /// so the vector passes through memory once however many masks there are.
    /// - Parameters:
    ///   - terms: the masks and their signs. Each key's context must have the vector's modulus and a length of
    ///     at least `firstCoordinate + vector.count`.
    ///   - vector: the vector to mask or unmask, changed in place.
    ///   - firstCoordinate: the mask coordinate of `vector[0]`; 0 unless the caller works on a slice.
    ///   - threads: worker threads; `nil` uses every active processor.
    /// - Throws: ``MaskingError/modulusMismatch(expected:actual:)``,
    ///   ``MaskingError/rangeOutOfBounds(lowerBound:upperBound:length:)`` and
    ///   ``MaskingError/invalidThreadCount(threads:)``.
    public static func apply(
        _ terms: [MaskTerm], to vector: inout ModularVector, firstCoordinate: Int = 0, threads: Int? = nil
    ) throws {
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw MaskingError.invalidThreadCount(threads: threadCount) }
        let (sum, overflow) = firstCoordinate.addingReportingOverflow(vector.count)
        let upperBound = overflow ? Int.max : sum
        for term in terms {
            guard term.key.context.modulus == vector.modulus else {
                throw MaskingError.modulusMismatch(expected: vector.modulus, actual: term.key.context.modulus)
            }
            guard firstCoordinate >= 0 && !overflow && upperBound <= term.key.context.length else {
                throw MaskingError.rangeOutOfBounds(
                    lowerBound: firstCoordinate, upperBound: upperBound, length: term.key.context.length)
            }
        }
        guard !terms.isEmpty && vector.count > 0 else { return }
        let prepared = terms.map { PreparedTerm(key: $0.key.expansionKey, sign: $0.sign) }
        let modulus = vector.modulus
        let region = CoordinateRegion(first: firstCoordinate, count: vector.count)
        vector.storage.withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            let destination = SendablePointer(base: base)
            switch (modulus.kind, modulus.laneByteCount) {
            case (.powerOfTwo, 1): applyPowerOfTwo(UInt8.self, prepared, destination, region, modulus, threadCount)
            case (.powerOfTwo, 2): applyPowerOfTwo(UInt16.self, prepared, destination, region, modulus, threadCount)
            case (.powerOfTwo, 4): applyPowerOfTwo(UInt32.self, prepared, destination, region, modulus, threadCount)
            case (.powerOfTwo, _): applyPowerOfTwo(UInt64.self, prepared, destination, region, modulus, threadCount)
            case (.prime, 1): applyPrime(UInt8.self, prepared, destination, region, modulus, threadCount)
            case (.prime, 2): applyPrime(UInt16.self, prepared, destination, region, modulus, threadCount)
            case (.prime, 4): applyPrime(UInt32.self, prepared, destination, region, modulus, threadCount)
            case (.prime, _): applyPrime(UInt64.self, prepared, destination, region, modulus, threadCount)
            }
        }
    }

    /// Returns the mask of `key` on `coordinates` alone (all of it when `nil`), as a vector whose element 0 is
    /// coordinate `coordinates.lowerBound`. O(coordinates.count) work.
    ///
    /// - Throws: ``MaskingError/rangeOutOfBounds(lowerBound:upperBound:length:)`` when the range is not inside
    ///   the mask's length, and ``MaskingError/invalidThreadCount(threads:)``.
    public static func expand(_ key: MaskKey, coordinates: Range<Int>? = nil, threads: Int? = nil) throws
        -> ModularVector
    {
        let range = coordinates ?? 0..<key.context.length
        guard range.lowerBound >= 0 && range.upperBound <= key.context.length else {
            throw MaskingError.rangeOutOfBounds(
                lowerBound: range.lowerBound, upperBound: range.upperBound, length: key.context.length)
        }
        var vector = try ModularVector(zeros: range.count, modulus: key.context.modulus)
        try apply(
            [MaskTerm(key: key, sign: .add)], to: &vector, firstCoordinate: range.lowerBound, threads: threads)
        return vector
    }

    /// Returns the 12-byte nonce of the ChaCha20 stream a mask is drawn from. It is all zero for a power-of-two
    /// modulus. For segment `segment` of a prime modulus it is the 4-byte little-endian value 1 followed by the
    /// segment index as 8 bytes little-endian.
    public static func nonce(modulus: Modulus, segment: Int) -> [UInt8] {
        switch modulus.kind {
        case .powerOfTwo:
            return [UInt8](repeating: 0, count: ChaCha20Keystream.nonceByteCount)
        case .prime:
            let index = UInt64(segment)
            return [1, 0, 0, 0] + (0..<8).map { UInt8(truncatingIfNeeded: index >> UInt64(8 * $0)) }
        }
    }
}

/// A mask key and sign, without the context the engine has already checked.
struct PreparedTerm: Sendable {
    let key: SymmetricKey
    let sign: MaskSign
}

/// The mask coordinates a destination buffer holds: `first ..< first + count`.
struct CoordinateRegion: Sendable {
    let first: Int
    let count: Int

    var end: Int { first + count }
}

/// A raw pointer handed to worker threads that write disjoint parts of the buffer it points to.
struct SendablePointer: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
}

extension MaskEngine {
    /// Runs `body(worker)` for `workers` workers, on the calling thread when there is only one.
    static func runWorkers(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        if workers <= 1 {
            body(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        }
    }

    /// Returns the units `worker` owns when `unitCount` units are split into `workers` contiguous shares.
    static func share(of unitCount: Int, workers: Int, worker: Int) -> Range<Int> {
        (unitCount * worker / workers)..<(unitCount * (worker + 1) / workers)
    }

    /// Makes the ChaCha20 stream for `key` and a 12-byte nonce.
    static func stream(key: SymmetricKey, nonce: [UInt8]) -> ChaCha20Keystream {
        guard let stream = try? ChaCha20Keystream(key: key, nonce: nonce) else {
            preconditionFailure("a ChaCha20 nonce built by MaskEngine.nonce is always 12 bytes")
        }
        return stream
    }

    /// Power-of-two modulus: element `i` is the little-endian lane-width word at byte `i · laneByteCount` of the
    /// stream, reduced mod 2^b. The vector is processed in 8 KiB chunks aligned to the stream, and each worker
    /// owns a contiguous run of chunks.
    static func applyPowerOfTwo<Lane: MaskLane>(
        _: Lane.Type, _ terms: [PreparedTerm], _ destination: SendablePointer, _ region: CoordinateRegion,
        _ modulus: Modulus, _ threads: Int
    ) {
        let laneByteCount = MemoryLayout<Lane>.size
        let lanesPerChunk = chunkByteCount / laneByteCount
        let firstChunk = region.first / lanesPerChunk
        let chunkCount = (region.end + lanesPerChunk - 1) / lanesPerChunk - firstChunk
        let mask = Lane(truncatingIfNeeded: modulus.maximumResidue)
        let zeroNonce = nonce(modulus: modulus, segment: 0)
        let streams = terms.map { stream(key: $0.key, nonce: zeroNonce) }
        let workers = min(threads, chunkCount)
        runWorkers(workers) { worker in
            var scratch = SecureBytes(zeroedCount: chunkByteCount)
            scratch.withUnsafeMutableBytes { scratchBytes in
                let keystream = scratchBytes.mutableBytePointer
                for chunk in share(of: chunkCount, workers: workers, worker: worker) {
                    let chunkStart = (firstChunk + chunk) * lanesPerChunk
                    let start = max(region.first, chunkStart)
                    let end = min(region.end, chunkStart + lanesPerChunk)
                    let firstBlock = start * laneByteCount / ChaCha20Keystream.blockByteCount
                    let skippedBytes = start * laneByteCount - firstBlock * ChaCha20Keystream.blockByteCount
                    let byteCount = end * laneByteCount - firstBlock * ChaCha20Keystream.blockByteCount
                    let target = (destination.base + (start - region.first) * laneByteCount)
                        .assumingMemoryBound(to: Lane.self)
                    let source = UnsafeMutableRawPointer(keystream + skippedBytes).assumingMemoryBound(to: Lane.self)
                    for (term, stream) in zip(terms, streams) {
                        keystream.initialize(repeating: 0, count: byteCount)
                        stream.xorUnchecked(keystream, byteCount: byteCount, firstBlock: UInt32(firstBlock))
                        convertFromLittleEndian(source, count: end - start)
                        switch term.sign {
                        case .add: LaneKernels.addWrapping(target, source, end - start, mask: mask)
                        case .subtract: LaneKernels.subtractWrapping(target, source, end - start, mask: mask)
                        }
                    }
                }
            }
        }
    }

    /// Prime modulus: segment `j` draws words from its own stream (``nonce(modulus:segment:)``) from block 0,
    /// masks each to the bit length of p and keeps it when it is below p, until the segment has its elements.
    /// Each worker owns a contiguous run of segments.
    static func applyPrime<Lane: MaskLane>(
        _: Lane.Type, _ terms: [PreparedTerm], _ destination: SendablePointer, _ region: CoordinateRegion,
        _ modulus: Modulus, _ threads: Int
    ) {
        guard case .prime(let primeValue) = modulus.kind else { return }
        let laneByteCount = MemoryLayout<Lane>.size
        let prime = Lane(truncatingIfNeeded: primeValue)
        let bitMask: Lane = modulus.bitWidth == Lane.bitWidth ? Lane.max : (Lane(1) << Lane(modulus.bitWidth)) - 1
        let firstSegment = region.first / segmentLength
        let segmentCount = (region.end + segmentLength - 1) / segmentLength - firstSegment
        let workers = min(threads, segmentCount)
        let keystreamByteCount = segmentLength * laneByteCount
        runWorkers(workers) { worker in
            var keystreamScratch = SecureBytes(zeroedCount: keystreamByteCount)
            var elementScratch = SecureBytes(
                zeroedCount: (segmentLength + RejectionSampler<Lane>.elementSlack) * laneByteCount)
            keystreamScratch.withUnsafeMutableBytes { keystreamBytes in
                elementScratch.withUnsafeMutableBytes { elementBytes in
                    let sampler = RejectionSampler<Lane>(
                        keystream: keystreamBytes.mutableBytePointer, keystreamByteCount: keystreamByteCount,
                        elements: UnsafeMutableRawPointer(elementBytes.mutableBytePointer).assumingMemoryBound(
                            to: Lane.self),
                        bitMask: bitMask, prime: prime)
                    for segment in share(of: segmentCount, workers: workers, worker: worker) {
                        let segmentIndex = firstSegment + segment
                        let segmentStart = segmentIndex * segmentLength
                        let start = max(region.first, segmentStart)
                        let end = min(region.end, segmentStart + segmentLength)
                        let segmentNonce = nonce(modulus: modulus, segment: segmentIndex)
                        let target = (destination.base + (start - region.first) * laneByteCount)
                            .assumingMemoryBound(to: Lane.self)
                        for term in terms {
                            let elements = sampler.sample(
                                count: end - segmentStart, from: stream(key: term.key, nonce: segmentNonce))
                            let source = elements + (start - segmentStart)
                            switch term.sign {
                            case .add: LaneKernels.addModPrime(target, source, end - start, prime: prime)
                            case .subtract: LaneKernels.subtractModPrime(target, source, end - start, prime: prime)
                            }
                        }
                    }
                }
            }
        }
    }

    /// Converts keystream words to host order; nothing to do on little-endian hosts.
    @inline(__always)
    static func convertFromLittleEndian<Lane: MaskLane>(_ words: UnsafeMutablePointer<Lane>, count: Int) {
        #if _endian(big)
            for index in 0..<count { words[index] = Lane(littleEndian: words[index]) }
        #endif
    }
}

/// Draws uniform residues mod p from a keystream by rejection, into caller-owned scratch buffers.
///
/// - Warning: The number of keystream words drawn depends on how many were rejected, so the time reveals that
///   count for a secret mask, never the values kept. Moduli `2^b` draw a fixed number of words.
struct RejectionSampler<Lane: MaskLane> {
    /// The extra element slots past a segment: a batch is rounded up to whole blocks, so it may hold up to
    /// 64 more words than are missing, and the compaction loop stores every word before deciding to keep it.
    static var elementSlack: Int { ChaCha20Keystream.blockByteCount }

    let keystream: UnsafeMutablePointer<UInt8>
    let keystreamByteCount: Int
    let elements: UnsafeMutablePointer<Lane>
    let bitMask: Lane
    let prime: Lane

    /// Returns a pointer to the first `count` accepted words of `stream`, read in order from block 0, each
    /// masked to the bit length of p. The pointer is into one of the scratch buffers and valid until the next
    /// call.
    ///
    /// Each batch generates just enough blocks for the elements still missing, so the keystream generated is the
    /// keystream consumed plus less than one block per batch. When no word of the first batch is rejected, which
    /// is almost always the case for a prime just below 2^L, the batch itself is returned without compaction.
    func sample(count: Int, from stream: ChaCha20Keystream) -> UnsafePointer<Lane> {
        let laneByteCount = MemoryLayout<Lane>.size
        let blockByteCount = ChaCha20Keystream.blockByteCount
        let words = UnsafeMutableRawPointer(keystream).assumingMemoryBound(to: Lane.self)
        var produced = 0
        var nextBlock: UInt64 = 0
        while produced < count {
            let missingBytes = (count - produced) * laneByteCount
            let batchByteCount = min(
                (missingBytes + blockByteCount - 1) / blockByteCount * blockByteCount, keystreamByteCount)
            let batchBlocks = UInt64(batchByteCount / blockByteCount)
            // A stream has at least 2^35 words and each is rejected with probability below 1/2, so running out
            // before 2048 are accepted has probability far below 2^-(2^30): it signals a broken ChaCha20.
            precondition(nextBlock + batchBlocks <= ChaCha20Keystream.blockCount, "keystream of one segment exhausted")
            keystream.initialize(repeating: 0, count: batchByteCount)
            stream.xorUnchecked(keystream, byteCount: batchByteCount, firstBlock: UInt32(nextBlock))
            nextBlock += batchBlocks
            let wordCount = batchByteCount / laneByteCount
            // A maximum is a reduction the compiler vectorizes, unlike a flag set by a comparison.
            var largest: Lane = 0
            for index in 0..<wordCount {
                let candidate = Lane(littleEndian: words[index]) & bitMask
                words[index] = candidate
                largest = candidate > largest ? candidate : largest
            }
            if produced == 0 && largest < prime { return UnsafePointer(words) }
            for index in 0..<wordCount {
                let candidate = words[index]
                elements[produced] = candidate
                produced += candidate < prime ? 1 : 0
            }
        }
        return UnsafePointer(elements)
    }
}
