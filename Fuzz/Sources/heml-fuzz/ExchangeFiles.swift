import CKKS
import Foundation
import HEML

@testable import HEMLWorkflow

/// The aggregator's dataset step of ``SessionFile``'s session, with an input as bank-a's rows file: bank-b's rows
/// file (its 4 rows at union rows 4 … 7) lies in the exchange directory, and the seed is bank-a's (rows 0 … 3),
/// both encrypted under a key of the session's parameters, so a valid input reaches the merge and the write.
final class ExchangeFiles: Sendable {
    static let shared = try! ExchangeFiles()

    /// A valid rows file of bank-a.
    let seed: Data
    private let rowsURL: URL

    private init() throws {
        let files = SessionFile.shared, session = files.session
        let csv = try CSVReader.read(
            files.directory.appendingPathComponent("bank-a.csv"), options: CSVReadOptions(labelColumn: "y"))
        let generator = KeyGenerator(context: session.context)
        let encryptor = try Encryptor(
            context: session.context, publicKey: generator.publicKey(for: generator.secretKey()))
        func rows(_ index: Int) throws -> URL {
            let encrypted = try PartyRows.encrypt(
                csv, firstRow: session.firstRow(of: index), layout: session.plan.layout, encryptor: encryptor,
                level: session.plan.dataLevel)
            let blocks = encrypted.blocks.keys.sorted()
            return try ExchangeFile.write(
                .rows, party: session.parties[index], sections: blocks.map { encrypted.blocks[$0]!.serialized() },
                blocks: blocks, session: session)
        }
        _ = try rows(1)
        rowsURL = try rows(0)
        seed = try Data(contentsOf: rowsURL)
    }

    /// Writes one input as bank-a's rows file and runs the aggregator's dataset step over it.
    func read(_ data: Data) {
        let files = SessionFile.shared
        guard (try? data.write(to: rowsURL)) != nil else { return }
        _ = try? SessionAggregator.run(
            .dataset, session: files.url, out: files.directory.appendingPathComponent("data.hemlenc"),
            allowInsecure: true)
    }
}
