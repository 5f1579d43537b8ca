import Foundation
import SecAggBigInt
import SecAggPaillier
import SecAggPrimitives

/// The checks of one vector of `paillier/toolkit.json`, by vector type.
struct PaillierToolkitChecks {
    let vector: PaillierToolkitVector
    let key: PaillierPrivateKey
    let file: String

    var publicKey: PaillierPublicKey { key.publicKey }

    func field<T>(_ name: String, _ value: T?) throws -> T {
        guard let value else {
            throw ConformanceError.malformedVector(file: file, vector: vector.name, field: name, reason: "missing")
        }
        return value
    }

    func integer(_ name: String, _ value: String?) throws -> BigInt {
        do {
            return try BigInt(hex: try field(name, value))
        } catch let error as BigIntError {
            throw ConformanceError.malformedVector(file: file, vector: vector.name, field: name, reason: "\(error)")
        }
    }

    func decimal(_ name: String, _ value: String?) throws -> BigInt {
        do {
            return try BigInt(decimal: try field(name, value))
        } catch let error as BigIntError {
            throw ConformanceError.malformedVector(file: file, vector: vector.name, field: name, reason: "\(error)")
        }
    }

    func bytes(_ name: String, _ value: String?) throws -> [UInt8] {
        try hexField(try field(name, value), file: file, vector: vector.name, field: name)
    }

    func ciphertext(_ name: String, _ value: String?) throws -> PaillierCiphertext {
        try publicKey.ciphertext(try integer(name, value))
    }

    func run(into recorder: inout ConformanceRecorder) {
        let name = vector.name
        switch vector.type {
        case "encrypt": encrypt(&recorder)
        case "encrypt-fast": encryptFast(&recorder)
        case "rerandomize":
            recorder.check("\(name)/rerandomize") {
                let input = try ciphertext("input", vector.input)
                let output = try publicKey.rerandomize(
                    input, randomizer: publicKey.randomizer(r: integer("r", vector.r)))
                return try output.value == integer("ciphertext", vector.ciphertext)
                    && key.decrypt(output) == integer("plaintext", vector.plaintext)
            }
        case "signed": signed(&recorder)
        case "signed-decode": signedDecode(&recorder)
        case "fixed-point": fixedPoint(&recorder)
        case "add", "add-plaintext", "multiply", "negate": homomorphic(&recorder)
        case "packed-sum": packedSum(&recorder)
        case "packed-unpack": packedUnpack(&recorder)
        case "threshold": PaillierThresholdChecks(checks: self).run(into: &recorder)
        case "threshold-batch": PaillierThresholdChecks(checks: self).runBatch(into: &recorder)
        case "ciphertext-check":
            if vector.expected == "accept" {
                recorder.check("\(name)/accepted") { try ciphertext("input", vector.input).value == 1 }
            } else {
                recorder.expectFailure("\(name)/rejected") { _ = try ciphertext("input", vector.input) }
            }
        default:
            recorder.check("\(name)/type", { false }, detail: "unknown vector type \(vector.type)")
        }
    }

    private func encrypt(_ recorder: inout ConformanceRecorder) {
        recorder.check("\(vector.name)/encrypt") {
            let result = try publicKey.encrypt(integer("plaintext", vector.plaintext), r: integer("r", vector.r))
            return try result.value == integer("ciphertext", vector.ciphertext)
        }
        recorder.check("\(vector.name)/decrypt") {
            try key.decrypt(ciphertext("ciphertext", vector.ciphertext)) == integer("plaintext", vector.plaintext)
        }
        recorder.check("\(vector.name)/wire") {
            let wire = try bytes("ciphertext_wire", vector.ciphertextWire)
            let decoded = try publicKey.ciphertext(wireEncoding: wire)
            return try decoded.value == integer("ciphertext", vector.ciphertext)
                && decoded.wireEncoding(publicKey: publicKey) == wire
        }
    }

    private func encryptFast(_ recorder: inout ConformanceRecorder) {
        recorder.check("\(vector.name)/encrypt") {
            let encryptor = try PaillierFastEncryptor(
                publicKey: publicKey, x: integer("x", vector.x),
                exponentBitWidth: field("exponent_bits", vector.exponentBits))
            guard try encryptor.base == integer("base", vector.base) else { return false }
            let randomizer = try encryptor.randomizer(exponent: integer("a", vector.a))
            let result = try publicKey.encrypt(integer("plaintext", vector.plaintext), randomizer: randomizer)
            return try result.value == integer("ciphertext", vector.ciphertext)
        }
        recorder.check("\(vector.name)/decrypt") {
            try key.decrypt(ciphertext("ciphertext", vector.ciphertext)) == integer("plaintext", vector.plaintext)
        }
    }

    private func signed(_ recorder: inout ConformanceRecorder) {
        let encoding = PaillierSignedEncoding(publicKey: publicKey)
        recorder.check("\(vector.name)/encode") {
            try encoding.encode(decimal("value", vector.value)) == integer("plaintext", vector.plaintext)
        }
        recorder.check("\(vector.name)/encrypt") {
            try publicKey.encrypt(integer("plaintext", vector.plaintext), r: integer("r", vector.r)).value
                == integer("ciphertext", vector.ciphertext)
        }
        recorder.check("\(vector.name)/decrypt") {
            try encoding.decrypt(ciphertext("ciphertext", vector.ciphertext), with: key)
                == decimal("value", vector.value)
        }
    }

    private func signedDecode(_ recorder: inout ConformanceRecorder) {
        let encoding = PaillierSignedEncoding(publicKey: publicKey)
        if vector.expected == "overflow" {
            recorder.check("\(vector.name)/overflow") {
                do {
                    _ = try encoding.decode(integer("plaintext", vector.plaintext))
                    return false
                } catch PaillierError.overflow {
                    return true
                }
            }
        } else {
            recorder.check("\(vector.name)/decode") {
                try encoding.decode(integer("plaintext", vector.plaintext)) == decimal("expected", vector.expected)
            }
        }
    }

    private func fixedPoint(_ recorder: inout ConformanceRecorder) {
        recorder.check("\(vector.name)/encode") {
            let context = try PaillierFixedPointContext(
                encoding: PaillierSignedEncoding(publicKey: publicKey), exponent: field("exponent", vector.exponent))
            let real = try field("real", Double(vector.real ?? ""))
            return try context.mantissa(of: real) == decimal("mantissa", vector.mantissa)
                && context.encode(real) == integer("plaintext", vector.plaintext)
        }
        recorder.check("\(vector.name)/encrypt") {
            try publicKey.encrypt(integer("plaintext", vector.plaintext), r: integer("r", vector.r)).value
                == integer("ciphertext", vector.ciphertext)
        }
        recorder.check("\(vector.name)/json-and-wire") {
            let context = try PaillierFixedPointContext(
                encoding: PaillierSignedEncoding(publicKey: publicKey), exponent: field("exponent", vector.exponent))
            let fromJSON = try PythonPaillierJSON.encryptedNumber(
                json: field("number_json", vector.numberJSON), publicKey: publicKey)
            let wire = try bytes("number_wire", vector.numberWire)
            let fromWire = try publicKey.encryptedNumber(wireEncoding: wire)
            let expectedValue = try PaillierFixedPointContext.value(
                mantissa: decimal("mantissa", vector.mantissa), exponent: context.exponent)
            return try fromJSON == fromWire && fromWire.wireEncoding(publicKey: publicKey) == wire
                && PythonPaillierJSON.encryptedNumberJSON(fromJSON) == vector.numberJSON
                && (try context.decrypt(fromJSON, with: key)) == expectedValue
        }
    }

    private func homomorphic(_ recorder: inout ConformanceRecorder) {
        recorder.check("\(vector.name)/\(vector.type)") {
            let input = try ciphertext("input", vector.input)
            let result: PaillierCiphertext
            switch vector.type {
            case "add": result = try publicKey.add(input, try ciphertext("input_b", vector.inputB))
            case "add-plaintext":
                result = try publicKey.add(input, plaintext: try integer("plaintext", vector.plaintext))
            case "multiply": result = try publicKey.multiply(input, by: try decimal("scalar", vector.scalar))
            default: result = try publicKey.negate(input)
            }
            return try result.value == integer("ciphertext", vector.ciphertext)
        }
        recorder.check("\(vector.name)/decrypt") {
            try PaillierSignedEncoding(publicKey: publicKey).decrypt(
                ciphertext("ciphertext", vector.ciphertext), with: key)
                == decimal("value", vector.value)
        }
    }
}
