import CKKS
import Foundation
import HEML
import Testing

@testable import HEMLWorkflow

/// Files an attacker writes: valid checksums around lying counts and metadata. Each must be refused with a
/// ``WorkflowError`` before anything large is allocated — no trap, no hang.
@Suite struct HostileContainerTests {
    /// The bundle's bytes with header bytes edited by `edit` and the checksum recomputed over what a reader would
    /// check (when the edited lengths still fit the file).
    static func forged(_ data: Data, _ edit: (inout [UInt8]) -> Void) -> Data {
        var bytes = [UInt8](data)
        edit(&bytes)
        let metadataLength = Int(truncatingIfNeeded: ByteCodec.read(UInt64.self, from: bytes, at: 40))
        let sections = Int(ByteCodec.read(UInt32.self, from: bytes, at: 12))
        if metadataLength >= 0, metadataLength <= bytes.count, sections <= bytes.count,
            64 + metadataLength + 8 * sections <= bytes.count
        {
            let checksum = ByteCodec.checksum(
                Array(bytes[0..<56]), Array(bytes[64..<(64 + metadataLength)]),
                Array(bytes[(64 + metadataLength)..<(64 + metadataLength + 8 * sections)]))
            bytes.replaceSubrange(56..<64, with: withUnsafeBytes(of: checksum.littleEndian, Array.init))
        }
        return Data(bytes)
    }

    static func put<T: FixedWidthInteger>(_ value: T, at offset: Int, in bytes: inout [UInt8]) {
        bytes.replaceSubrange(
            offset..<(offset + T.bitWidth / 8), with: withUnsafeBytes(of: value.littleEndian, Array.init))
    }

    @Test func lyingHeaderCountsAreRefused() throws {
        let bundle = try roleFiles.bytes("server.hemlpub")
        let metadataLength = Int(ByteCodec.read(UInt64.self, from: [UInt8](bundle), at: 40))
        let table = 64 + metadataLength
        let cases: [(String, (inout [UInt8]) -> Void, String)] = [
            ("section count 2^32 − 1", { Self.put(UInt32.max, at: 12, in: &$0) }, "corrupted header"),
            ("section count 3", { Self.put(UInt32(3), at: 12, in: &$0) }, "corrupted section table"),
            ("metadata length 2^63", { Self.put(UInt64(1) << 63, at: 40, in: &$0) }, "corrupted header"),
            (
                "metadata length + 8", { Self.put(UInt64(metadataLength + 8), at: 40, in: &$0) },
                "corrupted section table"
            ),
            ("section length 2^64 − 1", { Self.put(UInt64.max, at: table, in: &$0) }, "corrupted section table"),
            (
                "section lengths that overflow",
                {
                    Self.put(UInt64(1) << 63, at: table, in: &$0)
                    Self.put(UInt64(1) << 63, at: table + 8, in: &$0)
                }, "corrupted section table"
            ),
            ("total length + 1", { Self.put(UInt64(bundle.count + 1), at: 48, in: &$0) }, "truncated"),
            ("total length − 1", { Self.put(UInt64(bundle.count - 1), at: 48, in: &$0) }, "trailing data"),
            ("kind 11", { $0[10] = 11 }, "unknown file kind 11"),
            ("reserved byte", { $0[11] = 1 }, "reserved header byte"),
            ("version 1", { Self.put(UInt16(1), at: 8, in: &$0) }, "unsupported version 1"),
        ]
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        for (name, edit, message) in cases {
            let data = Self.forged(bundle, edit)
            #expect(throws: WorkflowError.self, "\(name)") {
                try PublicBundle(decoding: data, name: "forged.hemlpub", allowInsecure: true)
            }
            do { _ = try PublicBundle(decoding: data, name: "forged.hemlpub", allowInsecure: true) } catch {
                #expect(error.description.contains(message), "\(name): \(error.description)")
            }
            // Read in place from the file (header, metadata and table only, then the keys piece by piece): the
            // same checks in the same order.
            try data.write(to: scratch["forged.hemlpub"])
            #expect(throws: WorkflowError.self, "\(name), from the file") {
                try PublicBundle(reading: scratch["forged.hemlpub"], allowInsecure: true)
            }
            do { _ = try PublicBundle(reading: scratch["forged.hemlpub"], allowInsecure: true) } catch {
                #expect("\(error)".contains(message), "\(name), from the file: \(error)")
            }
        }
    }

    /// The bundle with its plan metadata replaced, re-encoded with a valid checksum.
    static func bundle(withPlan edit: (inout [String: Any]) -> Void) throws -> Data {
        let container = try Container.decode(roleFiles.bytes("server.hemlpub"), name: "b", expecting: .publicBundle)
        var metadata = try #require(try JSONSerialization.jsonObject(with: container.metadata) as? [String: Any])
        var plan = try #require(metadata["plan"] as? [String: Any])
        edit(&plan)
        metadata["plan"] = plan
        var forged = container
        forged.metadata = try JSONSerialization.data(withJSONObject: metadata)
        return try forged.encoded()
    }

    /// A bundle of another key layout (none: from before key layouts) is refused with its keys (the server's read)
    /// with a hint to make new keys, not with a missing rotation key once training starts; the owner's commands,
    /// which read it without keys, still accept it.
    @Test(arguments: [nil, 2, 4] as [Int?])
    func bundlesOfAnotherKeyLayoutAreRefused(layout: Int?) throws {
        let container = try Container.decode(roleFiles.bytes("server.hemlpub"), name: "b", expecting: .publicBundle)
        var metadata = try #require(try JSONSerialization.jsonObject(with: container.metadata) as? [String: Any])
        #expect(metadata["key_layout"] as? Int == 3)
        metadata["key_layout"] = layout
        var forged = container
        forged.metadata = try JSONSerialization.data(withJSONObject: metadata)
        #expect {
            try PublicBundle(decoding: forged.encoded(), name: "old.hemlpub", allowInsecure: true)
        } throws: { error in
            "\(error)".contains("key layout \(layout ?? 1)") && "\(error)".contains("heml keygen")
        }
        let withoutKeys = try PublicBundle(
            decoding: forged.encoded(), name: "old.hemlpub", evaluationKeys: false, allowInsecure: true)
        #expect(withoutKeys.plan.iterations > 0)
    }

    @Test(
        arguments: [
            ("rows", 1 << 62), ("rows", 0), ("rows", -5), ("features", 1 << 40), ("iterations", 1_000_000_000),
            ("iterations", 0), ("log_degree", 40), ("log_degree", -1), ("reserved_levels", 1 << 50),
            ("reserved_levels", -1), ("features", 7),
        ] as [(String, Int)])
    func lyingPlansAreRefused(key: String, value: Int) throws {
        let data = try Self.bundle { $0[key] = value }
        let clock = ContinuousClock.now
        #expect(throws: WorkflowError.self) {
            try PublicBundle(decoding: data, name: "forged.hemlpub", allowInsecure: true)
        }
        #expect(ContinuousClock.now - clock < .seconds(10), "refused quickly")
    }

    /// Edits of the stored plan: the plan's own keys (section nil) or those of its `sigmoid` or `layout`.
    @Test(
        arguments: [
            ("sigmoid", ["degree": 1_000_001]),
            ("sigmoid", ["degree": 49_999, "coefficients": [Double](repeating: 0.1, count: 50_000)]),
            ("sigmoid", ["radius": -8.0]),
            ("layout", ["block_width": 1]),
            ("layout", ["row_count": 1 << 62]),
            (nil, ["learning_rate": 0.0]),
            (nil, ["step_offset": -1.0]),
            (nil, ["step_offset": "7"]),
            (nil, ["insecure": false]),
        ] as [(String?, [String: any Sendable])])
    func lyingSigmoidsAndLayoutsAreRefused(section: String?, values: [String: any Sendable]) throws {
        let data = try Self.bundle { plan in
            guard let section else { return plan.merge(values) { $1 } }
            plan[section] = (plan[section] as? [String: Any] ?? [:]).merging(values) { $1 }
        }
        #expect(throws: WorkflowError.self) {
            try PublicBundle(decoding: data, name: "forged.hemlpub", allowInsecure: true)
        }
    }

    @Test func deeplyNestedMetadataIsRefused() throws {
        let container = try Container.decode(roleFiles.bytes("server.hemlpub"), name: "b", expecting: .publicBundle)
        var forged = container
        forged.metadata = Data(String(repeating: "[", count: 100_000).utf8)
        let data = try forged.encoded()
        #expect(throws: WorkflowError.self) {
            try PublicBundle(decoding: data, name: "forged.hemlpub", allowInsecure: true)
        }
    }

    @Test func containersRoundTripAndKindsAreKeptApart() throws {
        let original = Container(
            kind: .encryptedModel, fingerprint: 0x1234_5678_9abc_def0, keyID: KeyID.random(),
            metadata: Data("{}".utf8), sections: [[1, 2, 3], [], [4]])
        let data = try original.encoded()
        let read = try Container.decode(data, name: "m", expecting: .encryptedModel)
        #expect(
            read.sections == original.sections && read.keyID == original.keyID
                && read.fingerprint == original.fingerprint)
        #expect(
            throws: WorkflowError.wrongKind(file: "m", found: "an encrypted model", expected: "an encrypted dataset")
        ) {
            try Container.decode(data, name: "m", expecting: .encryptedDataset)
        }
        for cut in [0, 5, 63, 64, data.count - 1] {
            #expect(throws: WorkflowError.self, "cut at \(cut)") {
                try Container.decode(data.prefix(cut), name: "m", expecting: .encryptedModel)
            }
        }
        var flipped = [UInt8](data)
        flipped[65] ^= 1
        #expect(
            throws: WorkflowError.invalidFile(
                file: "m", reason: "checksum mismatch: the file is corrupted or was modified")
        ) {
            try Container.decode(Data(flipped), name: "m", expecting: .encryptedModel)
        }
    }
}
