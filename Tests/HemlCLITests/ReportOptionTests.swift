import Foundation
import Testing

/// `--report`: `heml train --encrypted` and `heml decrypt --data` write the HTML report; misuse fails early.
@Suite struct ReportOptionTests {
    @Test func allInOneAndDecryptWriteTheReport() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 80))
        let direct = try scratch.run(
            ["train", "--encrypted", "data.csv", "--iterations", "3", "--report", "direct.html", "--json"]
                + CLI.testRing)
        #expect(direct.status == 0, "\(direct.stderr)")
        #expect((try direct.json()["report"] as? String)?.hasSuffix("/direct.html") == true)
        try WorkflowTests.workflow(scratch)
        let decrypted = try scratch.run(
            [
                "decrypt", "model.hemlenc", "--secret-key", "owner.hemlsk", "--public-bundle", "server.hemlpub",
                "--owner-state", "data.hemlenc.owner.json", "--model-out", "again.json", "--report", "decrypt.html",
                "--data", "data.csv", "--json",
            ])
        #expect(decrypted.status == 0, "\(decrypted.stderr)")
        for name in ["direct.html", "decrypt.html"] {
            let html = String(decoding: try scratch.bytes(name), as: UTF8.self)
            #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<h2>Training curve</h2>"), "\(name)")
            #expect(html.contains(">age<") && html.contains("ROC on the training rows"), "\(name)")
        }
    }

    @Test func misuseIsRefusedBeforeAnyWork() throws {
        let scratch = try Scratch()
        defer { scratch.cleanUp() }
        try scratch.write("data.csv", tinyCSV(rows: 40))
        let noData = try scratch.run(
            [
                "decrypt", "m.hemlenc", "--secret-key", "k", "--public-bundle", "b", "--owner-state", "s",
                "--model-out", "m.json", "--report", "r.html",
            ])
        #expect(noData.status != 0 && noData.stderr.contains("--report and --data go together"))
        let server = try scratch.run(
            ["train", "--dataset", "d", "--public-bundle", "b", "--out", "m", "--report", "r.html"])
        #expect(server.status != 0 && server.stderr.contains("--report belongs to the all-in-one run"))
        let badPath = try scratch.run(
            ["train", "--encrypted", "data.csv", "--report", "missing/r.html"] + CLI.testRing)
        #expect(badPath.status != 0 && badPath.stderr.contains("--report"))
        #expect(try scratch.contents() == ["data.csv"])
    }
}
