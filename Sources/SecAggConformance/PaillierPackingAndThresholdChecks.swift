import Foundation
import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

extension PaillierToolkitChecks {
    func layout() throws -> PaillierPackingLayout {
        try PaillierPackingLayout(
            valueBitWidth: field("value_bits", vector.valueBits),
            maximumSummands: field("maximum_summands", vector.maximumSummands), publicKey: publicKey)
    }

    static func slotText(_ slot: PaillierSlotSum) -> String {
        switch slot {
        case .sum(let value): return value.description
        case .overflow: return "overflow"
        }
    }

    func packedSum(_ recorder: inout ConformanceRecorder, decrypts: Bool = true) {
        recorder.check("\(vector.name)/pack") {
            let layout = try layout()
            let providers = try field("values", vector.values)
            let expected = try field("plaintexts", vector.plaintexts)
            var packed = [String]()
            for values in providers {
                for start in stride(from: 0, to: values.count, by: layout.slotsPerCiphertext) {
                    let slice = values[start..<min(start + layout.slotsPerCiphertext, values.count)]
                    packed.append(try layout.pack(slice).hexString)
                }
            }
            return packed == expected
        }
        recorder.check("\(vector.name)/encrypt") {
            let layout = try layout()
            let encryptor = try PaillierVectorEncryptor(publicKey: publicKey, layout: layout)
            let providers = try field("values", vector.values)
            let randomness = try field("randomness", vector.randomness)
            let wires = try field("vector_wires", vector.vectorWires)
            guard providers.count == randomness.count, providers.count == wires.count else { return false }
            for (index, values) in providers.enumerated() {
                let randomizers = try randomness[index].map { try publicKey.randomizer(r: BigInt(hex: $0)) }
                let encrypted = try encryptor.encrypt(values, randomizers: randomizers)
                guard Hex.encode(encrypted.wireEncoding(publicKey: publicKey)) == wires[index] else { return false }
            }
            return true
        }
        guard decrypts else {
            recorder.check("\(vector.name)/aggregate") {
                let wires = try field("vector_wires", vector.vectorWires)
                let vectors = try wires.map { try publicKey.encryptedVector(wireEncoding: Hex.decode($0)) }
                let sumWire = try bytes("sum_wire", vector.sumWire)
                return try publicKey.sum(vectors).wireEncoding(publicKey: publicKey) == sumWire
            }
            return
        }
        recorder.check("\(vector.name)/aggregate-and-decrypt") {
            let wires = try field("vector_wires", vector.vectorWires)
            let vectors = try wires.map { try publicKey.encryptedVector(wireEncoding: Hex.decode($0)) }
            let sum = try publicKey.sum(vectors)
            let sumWire = try bytes("sum_wire", vector.sumWire)
            let decoded = try publicKey.encryptedVector(wireEncoding: sumWire)
            let slots = try key.decryptSlots(decoded, minimumSummands: vectors.count)
            return try sum.wireEncoding(publicKey: publicKey) == sumWire
                && decoded.summandCount == (try field("summand_count", vector.summandCount))
                && slots.map(Self.slotText) == (try field("sums", vector.sums))
        }
    }

    func packedUnpack(_ recorder: inout ConformanceRecorder) {
        recorder.check("\(vector.name)/unpack") {
            let expected = try field("sums", vector.sums)
            let slots = try layout().unpack(
                integer("plaintext", vector.plaintext), summandCount: field("summand_count", vector.summandCount),
                slotCount: expected.count)
            return slots.map(Self.slotText) == expected
        }
    }
}

/// The checks of a threshold vector: the parameters, every key share, every decryption share and proof, the
/// combination of every `t`-subset, and the rejection of a tampered share.
struct PaillierThresholdChecks {
    let checks: PaillierToolkitChecks

    func run(into recorder: inout ConformanceRecorder) {
        let vector = checks.vector
        let name = vector.name
        let parts = Result { () throws -> (PaillierThresholdParameters, PaillierCiphertext) in
            let parameters = try PaillierThresholdParameters(
                publicKey: checks.publicKey, threshold: checks.field("threshold", vector.threshold),
                holderCount: checks.field("holder_count", vector.holderCount),
                verificationBase: checks.integer("verification_base", vector.verificationBase),
                verificationKeys: checks.field("verification_keys", vector.verificationKeys).map { try BigInt(hex: $0) }
            )
            return (parameters, try checks.ciphertext("ciphertext", vector.ciphertext))
        }
        guard case .success(let (parameters, ciphertext)) = parts else {
            if case .failure(let error) = parts { recorder.fail(name, error) }
            return
        }
        recorder.check("\(name)/parameters-wire") {
            let wire = try checks.bytes("parameters_wire", vector.parametersWire)
            return try parameters.wireEncoding == wire
                && (PaillierThresholdParameters(wireEncoding: wire)) == parameters
        }
        recorder.check("\(name)/plaintext") {
            try checks.key.decrypt(ciphertext) == checks.integer("plaintext", vector.plaintext)
        }
        let shareRecords = (try? checks.field("decryption_shares", vector.decryptionShares)) ?? []
        var decryptionShares = [PaillierDecryptionShare]()
        for (index, record) in shareRecords.enumerated() {
            let holderName = "\(name)/holder-\(record.holder)"
            recorder.check("\(holderName)/key-share") {
                let share = try PaillierKeyShare(
                    holder: record.holder, share: BigInt(hex: checks.field("key_shares", vector.keyShares)[index]),
                    parameters: parameters)
                let wire = try Hex.decode(checks.field("key_share_wires", vector.keyShareWires)[index])
                let decoded = try parameters.keyShare(wireEncoding: wire)
                return share.wireEncoding.unprotectedCopy() == wire && decoded.holder == record.holder
            }
            recorder.check("\(holderName)/decryption-share") {
                let share = try PaillierKeyShare(
                    holder: record.holder, share: BigInt(hex: checks.field("key_shares", vector.keyShares)[index]),
                    parameters: parameters)
                let computed = try share.decryptionShare(
                    for: ciphertext, parameters: parameters, nonce: BigInt(hex: record.nonce))
                let wire = try Hex.decode(record.wire)
                let decoded = try parameters.decryptionShare(wireEncoding: wire)
                decryptionShares.append(decoded)
                return try computed == decoded && computed.wireEncoding(publicKey: checks.publicKey) == wire
                    && computed.value == (try BigInt(hex: record.value))
                    && computed.challenge == (try BigInt(hex: record.challenge))
                    && computed.response == (try BigInt(hex: record.response))
                    && parameters.verify(decoded, for: ciphertext)
            }
        }
        for subset in Self.subsets(of: decryptionShares, size: parameters.threshold) {
            let holders = subset.map { String($0.holder) }.joined(separator: "+")
            recorder.check("\(name)/combine-\(holders)") {
                try parameters.combine(subset, for: ciphertext) == checks.integer("plaintext", vector.plaintext)
            }
        }
        recorder.check("\(name)/cheating-holder-named") {
            guard let honest = decryptionShares.first, let cheater = decryptionShares.last,
                honest.holder != cheater.holder
            else { return false }
            // The cheater multiplies its share by v, so the share no longer matches its proof.
            let forged = try PaillierDecryptionShare(
                holder: cheater.holder,
                value: try cheater.value.multiplied(
                    by: parameters.verificationBase, modulo: checks.publicKey.modulusSquared),
                challenge: cheater.challenge, response: cheater.response, parameters: parameters)
            do {
                _ = try parameters.combine([honest, forged], for: ciphertext)
                return false
            } catch PaillierError.invalidDecryptionShares(let holders) {
                return holders == [cheater.holder]
            }
        }
    }

    func parameters() throws -> PaillierThresholdParameters {
        let vector = checks.vector
        return try PaillierThresholdParameters(
            publicKey: checks.publicKey, threshold: checks.field("threshold", vector.threshold),
            holderCount: checks.field("holder_count", vector.holderCount),
            verificationBase: checks.integer("verification_base", vector.verificationBase),
            verificationKeys: checks.field("verification_keys", vector.verificationKeys).map { try BigInt(hex: $0) })
    }

    /// Checks a batch vector: the provider vectors, the aggregate, every batch share and proof, the
    /// combination of every `t`-subset, and the rejection of a share changed for one ciphertext.
    func runBatch(into recorder: inout ConformanceRecorder) {
        let vector = checks.vector
        let name = vector.name
        let parts = Result { () throws -> (PaillierThresholdParameters, PaillierEncryptedVector) in
            let parameters = try parameters()
            let aggregate = try checks.publicKey.encryptedVector(wireEncoding: checks.bytes("sum_wire", vector.sumWire))
            return (parameters, aggregate)
        }
        guard case .success(let (parameters, aggregate)) = parts else {
            if case .failure(let error) = parts { recorder.fail(name, error) }
            return
        }
        checks.packedSum(&recorder, decrypts: false)
        let records = (try? checks.field("batch_shares", vector.batchShares)) ?? []
        var batches = [PaillierBatchDecryptionShare]()
        for (index, record) in records.enumerated() {
            recorder.check("\(name)/holder-\(record.holder)/batch-share") {
                let share = try PaillierKeyShare(
                    holder: record.holder, share: BigInt(hex: checks.field("key_shares", vector.keyShares)[index]),
                    parameters: parameters)
                let computed = try share.batchDecryptionShare(
                    for: aggregate, parameters: parameters, minimumSummands: aggregate.summandCount,
                    nonce: BigInt(hex: record.nonce))
                let wire = try Hex.decode(record.wire)
                let decoded = try parameters.batchDecryptionShare(wireEncoding: wire)
                batches.append(decoded)
                return try computed == decoded && computed.wireEncoding(publicKey: checks.publicKey) == wire
                    && computed.values.map(\.hexString) == record.values
                    && computed.challenge == BigInt(hex: record.challenge)
                    && computed.response == BigInt(hex: record.response)
                    && parameters.verify(decoded, for: aggregate)
            }
        }
        for subset in Self.subsets(of: batches, size: parameters.threshold) {
            let holders = subset.map { String($0.holder) }.joined(separator: "+")
            recorder.check("\(name)/combine-\(holders)") {
                try parameters.combineSlots(subset, for: aggregate).map(PaillierToolkitChecks.slotText)
                    == checks.field("sums", vector.sums)
            }
        }
        recorder.check("\(name)/cheating-holder-named") {
            guard let cheater = batches.last, batches.count >= 2 else { return false }
            var values = cheater.values
            values[values.count - 1] = try values[values.count - 1].multiplied(
                by: parameters.verificationBase, modulo: checks.publicKey.modulusSquared)
            let forged = try PaillierBatchDecryptionShare(
                holder: cheater.holder, values: values, challenge: cheater.challenge, response: cheater.response,
                parameters: parameters)
            do {
                _ = try parameters.combineSlots(Array(batches.dropLast()) + [forged], for: aggregate)
                return false
            } catch PaillierError.invalidDecryptionShares(let holders) {
                return holders == [cheater.holder]
            }
        }
    }

    static func subsets<T>(of items: [T], size: Int) -> [[T]] {
        guard size > 0 else { return [[]] }
        guard items.count >= size else { return [] }
        var result = [[T]]()
        for (index, item) in items.enumerated() {
            for rest in subsets(of: Array(items[(index + 1)...]), size: size - 1) {
                result.append([item] + rest)
            }
        }
        return result
    }
}
