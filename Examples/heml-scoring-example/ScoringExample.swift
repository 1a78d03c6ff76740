import Foundation
import HEML
import HEMLWorkflow

/// Encrypted scoring with the HEMLWorkflow library: a client scores the rows of a CSV file with a model it does not
/// run itself, and the server that runs it sees only ciphertexts. Every message passes through its file format, as
/// it would over a network.
///
///     heml train --encrypted datasets/german_credit_onehot.csv --label bad_credit --model-out model.json
///     heml-scoring-example model.json datasets/german_credit_onehot.csv
@main
struct ScoringExample {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: heml-scoring-example MODEL.json ROWS.csv\n".utf8))
            exit(64)
        }
        let model = try ModelFile.read(from: URL(fileURLWithPath: arguments[1]))
        let rowsURL = URL(fileURLWithPath: arguments[2])

        // Client: fresh keys, then the rows matched to the model's features by name, range-checked, scaled with the
        // model's scaling and encrypted. The secret key stays in `client`.
        let client = try ScoringClient(model: model)
        let keyBytes = try client.keys.encoded()
        let request = try client.encrypt(csv: rowsURL)
        let requestBytes = try request.encoded()

        // Server: the plaintext model, the client's evaluation keys and encrypted rows; returns encrypted logits.
        let serverKeys = try ScoringKeys(decoding: keyBytes, name: "scoring keys")
        let server = try ScoringServer(model: model, keys: serverKeys)
        let responseBytes = try server.score(ScoringRequest(decoding: requestBytes, name: "rows", keys: serverKeys))
            .encoded()

        // Client: decrypt the logits and apply the exact sigmoid.
        let response = try ScoringResponse(
            decoding: responseBytes, name: "scores", keys: client.keys, answering: request)
        let probabilities = try client.probabilities(response)

        // The same rows scored in plaintext, for comparison.
        let table = try CSVReader.readForScoring(
            rowsURL, options: CSVReadOptions(labelColumn: model.label), labelMapping: model.labelMapping)
        let plaintext = try model.probabilities(for: table.dataset(labelName: model.label))
        let difference = zip(probabilities, plaintext).map { abs($0 - $1) }.max() ?? 0

        print("rows scored on ciphertexts: \(probabilities.count)")
        print("key bytes \(keyBytes.count), request bytes \(requestBytes.count), response bytes \(responseBytes.count)")
        for (row, probability) in probabilities.prefix(5).enumerated() {
            print("row \(row + 1): P(\(model.label)) = \(String(format: "%.4f", probability))")
        }
        print("largest difference from plaintext scoring: \(String(format: "%.1e", difference))")
    }
}
