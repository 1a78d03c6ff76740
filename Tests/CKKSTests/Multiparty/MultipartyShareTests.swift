import Foundation
import Testing

@testable import CKKS

/// Shares round-trip through their files, and a share that does not belong is refused with a clear error.
@Suite struct MultipartyShareTests {
    @Test func sharesRoundTripThroughTheirFiles() throws {
        let m = try MultipartySession.session(3)
        let ciphertext = try m.encrypt([0.5, -0.25])
        let flooding = try MultipartyDecryptionTests.flooding(m.context)
        let round1 = try m.parties[1].relinearizationRound1().share
        let shares =
            [try m.parties[0].publicKeyShare(), round1]
            + (try m.parties[2].galoisShares(for: MultipartySession.request))
            + [
                try m.parties[1].decryptionShare(of: ciphertext, flooding: flooding),
                try m.parties[2].reencryptionShare(
                    of: ciphertext, to: Fixture.small.get().publicKey, flooding: flooding),
                try m.combiner.aggregate([m.parties[0].publicKeyShare(), m.parties[2].publicKeyShare()]),
            ]
        for share in shares {
            let bytes = share.serialized()
            #expect(try MultipartyShare(deserializing: bytes, combiner: m.combiner) == share, "\(share.kind.noun)")
        }
    }

    @Test func tamperedOrForeignFilesAreRefused() throws {
        let m = try MultipartySession.session(3)
        let bytes = try m.parties[0].publicKeyShare().serialized()
        var flipped = bytes
        flipped[bytes.count / 2] ^= 1
        #expect(throws: CKKSError.malformedData("checksum mismatch: the data is corrupted or tampered with")) {
            try MultipartyShare(deserializing: flipped, combiner: m.combiner)
        }
        #expect(throws: CKKSError.self) {
            try MultipartyShare(deserializing: Array(bytes.dropLast()), combiner: m.combiner)
        }
        let otherCount = try MultipartyCombiner(context: m.context, crs: m.crs, partyCount: 2)
        #expect(throws: CKKSError.shareMismatch("the public-key share is for a session of 3 parties, not 2")) {
            try MultipartyShare(deserializing: bytes, combiner: otherCount)
        }
        let otherCRS = try MultipartyCombiner(context: m.context, crs: .fresh(), partyCount: 3)
        #expect(throws: CKKSError.shareMismatch("the public-key share was made under another common reference string"))
        {
            try MultipartyShare(deserializing: bytes, combiner: otherCRS)
        }
        let otherParameters = try MultipartyCombiner(
            context: Fixture.medium.get().context, crs: m.crs, partyCount: 3)
        #expect(throws: CKKSError.self) { try MultipartyShare(deserializing: bytes, combiner: otherParameters) }
        #expect(throws: CKKSError.self) {
            try MultipartyShare(deserializing: Fixture.small.get().publicKey.serialized(), combiner: m.combiner)
        }
    }

    @Test func duplicateMissingAndMismatchedSharesAreRefused() throws {
        let m = try MultipartySession.session(3)
        let shares = try m.parties.map { try $0.publicKeyShare() }
        #expect(throws: CKKSError.shareMismatch("party 1 contributed twice to the public-key share")) {
            try m.combiner.publicKey(from: shares + [shares[1]])
        }
        #expect(throws: CKKSError.shareMismatch("the public-key share lacks the shares of parties 2")) {
            try m.combiner.publicKey(from: Array(shares.prefix(2)))
        }
        let galois = try m.parties[0].galoisShares(for: MultipartySession.request)
        #expect(throws: CKKSError.self) { try m.combiner.aggregate([shares[0], galois[0]]) }
        let foreign = try MultipartySession.session(2).parties[1].publicKeyShare()
        #expect(throws: CKKSError.shareMismatch("the public-key share was made under another common reference string"))
        {
            try m.combiner.publicKey(from: [shares[0], shares[2], foreign])
        }
        let flooding = try MultipartyDecryptionTests.flooding(m.context)
        let x = try m.encrypt([0.5]), y = try m.encrypt([0.25])
        let forX = try m.parties.map { try $0.decryptionShare(of: x, flooding: flooding) }
        #expect(throws: CKKSError.shareMismatch("the decryption share (level 6) was made for another ciphertext")) {
            try m.combiner.decrypt(y, shares: forX)
        }
    }
}
