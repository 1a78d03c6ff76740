import ArgumentParser
import Foundation
import HEMLWorkflow

/// The data owner's two key files from `heml keygen`, as the commands that read them take them.
struct KeySetOptions: ParsableArguments {
    @Option(
        name: .customLong("secret-key"), help: ArgumentHelp("The secret key from keygen.", valueName: "owner.hemlsk"))
    var secretKey: String

    @Option(
        name: .customLong("public-bundle"),
        help: ArgumentHelp("The public bundle from keygen.", valueName: "server.hemlpub"))
    var publicBundle: String

    var secretKeyURL: URL { OutputPath.url(secretKey) }
    var publicBundleURL: URL { OutputPath.url(publicBundle) }
}
