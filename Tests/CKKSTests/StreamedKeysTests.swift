import Foundation
import HERing
import Testing

@testable import CKKS

/// A source that is not an array, so readers fetch it piece by piece (as from a file) and count the fetches.
private final class Pieces: SerializedSource, @unchecked Sendable {
    let data: [UInt8]
    private(set) var largestFetch = 0
    init(_ data: [UInt8]) { self.data = data }
    var count: Int { data.count }
    func bytes(in range: Range<Int>) throws(CKKSError) -> [UInt8] {
        largestFetch = max(largestFetch, range.count)
        return Array(data[range])
    }
}

@Suite struct StreamedKeysTests {
    @Test func xxHash64OfPiecesIsTheHashOfTheWhole() throws {
        var random = SeededRandomSource(testSeed: 50)
        let data = try random.bytes(1000)
        let whole = XXHash64.hash(data, seed: 7)
        for cuts in [
            [0, 1000], [0, 31, 32, 33, 1000], [0, 5, 6, 70, 71, 999, 1000],
            Array(stride(from: 0, to: 1001, by: 13)) + [1000],
        ] {
            var stream = XXHash64.Stream(seed: 7)
            for (start, end) in zip(cuts, cuts.dropFirst()) where start <= end {
                stream.update(Array(data[start..<end]))
            }
            #expect(stream.finish() == whole, "cuts \(cuts)")
        }
    }

    /// The evaluation keys written one key at a time are the bytes ``EvaluationKeys/serialized()`` gives for them
    /// (reading and writing again changes nothing), of the announced size, and they relinearize and rotate.
    @Test func keysWrittenAsGeneratedReadBackByteForByteAndWork() throws {
        let f = try Fixture.small.get()
        let generator = KeyGenerator(context: f.context)
        let request = EvaluationKeyRequest(rotations: [3, -1, 5], conjugation: true)
        var file: [UInt8] = []
        let header = try generator.writeEvaluationKeys(for: f.secretKey, request: request, batch: 2) { file += $0 }
        file.replaceSubrange(0..<32, with: header)
        #expect(file.count == (try generator.evaluationKeysFileSize(request: request)))
        let keys = try EvaluationKeys(deserializing: file, context: f.context)
        #expect(keys.galois.count == 4 && keys.hasRelinearizationKey)
        #expect(keys.serialized() == file)
        for key in [keys.relinearization!] + keys.galois.values {
            for a in key.a {
                let seed = try #require(a.seed, "keys read from a seeded file hold their a_j as seeds")
                #expect(try uniformPolynomial(ring: f.context.keyRing, seed: seed) == a.polynomial)
            }
        }
        let evaluator = try Evaluator(context: f.context, evaluationKeys: keys)
        let a = f.values(seed: 51), b = f.values(seed: 52), n = f.context.slotCount
        let x = try f.encrypt(a), y = try f.encrypt(b)
        #expect(precisionBits(try f.decrypt(evaluator.rotate(x, by: 3)), (0..<n).map { a[($0 + 3) % n] }) > 26.5)
        #expect(precisionBits(try f.decrypt(evaluator.rotate(x, by: -1)), (0..<n).map { a[($0 + n - 1) % n] }) > 26.5)
        #expect(precisionBits(try f.decrypt(evaluator.multiplyRelinearizeRescale(x, y)), zip(a, b).map(*)) > 26)

        var empty: [UInt8] = []
        let none = EvaluationKeyRequest(relinearization: false)
        let emptyHeader = try generator.writeEvaluationKeys(for: f.secretKey, request: none) { empty += $0 }
        empty.replaceSubrange(0..<32, with: emptyHeader)
        #expect(
            empty
                == EvaluationKeys(relinearization: nil, galois: [:], parametersFingerprint: keys.parametersFingerprint)
                .serialized())
    }

    /// With the encapsulation keys of bootstrapping requested, the streamed file ends with them (to the dense
    /// secret over the key ring, to the sparse one over q_0 and p'), of the announced size, and reads back to the
    /// bytes ``EvaluationKeys/serialized()`` gives, from an array and in pieces.
    @Test func encapsulationKeysStreamLastAndReadBack() throws {
        let f = try Fixture.small.get()
        let generator = KeyGenerator(context: f.context)
        let request = EvaluationKeyRequest(rotations: [2], ephemeralSecretWeight: 32)
        var file: [UInt8] = []
        let header = try generator.writeEvaluationKeys(for: f.secretKey, request: request) { file += $0 }
        file.replaceSubrange(0..<32, with: header)
        #expect(file.count == (try generator.evaluationKeysFileSize(request: request)))
        #expect(file[SerializationFormat.headerSize + 1] == 7)
        let keys = try EvaluationKeys(deserializing: file, context: f.context)
        let encapsulation = try #require(keys.encapsulation)
        #expect(keys.galois.count == 1 && keys.hasRelinearizationKey)
        #expect(encapsulation.toDense.b.count == f.context.keySwitching.digitCount)
        let small = f.context.encapsulationSwitching.ringQP(level: 0).moduli.map(\.value)
        #expect(encapsulation.toSparse.b.map { $0.context.moduli.map(\.value) } == [small])
        #expect(keys.serialized() == file)
        #expect(try EvaluationKeys(reading: Pieces(file), context: f.context) == keys)
    }

    /// Read from a source in pieces, the keys are those read from the array, no fetch is larger than one
    /// polynomial, and corruption and truncation are still caught.
    @Test func keysReadInPiecesAreTheSameAndCheckedTheSame() throws {
        let f = try Fixture.small.get()
        let logN = f.context.parameters.logDegree
        let exponent = try GaloisElement.rotation(by: 3, logDegree: logN).exponent
        let bytes = EvaluationKeys(
            relinearization: f.keys.relinearization, galois: f.keys.galois.filter { $0.key == exponent },
            parametersFingerprint: f.keys.parametersFingerprint
        ).serialized()
        let pieces = Pieces(bytes)
        #expect(
            try EvaluationKeys(reading: pieces, context: f.context)
                == EvaluationKeys(deserializing: bytes, context: f.context))
        #expect(
            pieces.largestFetch
                <= max(SerializationFormat.readAhead, SerializationFormat.packedSize(of: f.context.keyRing)))
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x10
        #expect(throws: CKKSError.malformedData("checksum mismatch: the data is corrupted or tampered with")) {
            try EvaluationKeys(reading: Pieces(flipped), context: f.context)
        }
        #expect(throws: CKKSError.self) {
            try EvaluationKeys(reading: Pieces(Array(bytes.dropLast())), context: f.context)
        }
    }
}
