// The `sluice` command-line tool: the reusable CLI (SluiceCLI) with the built-in components.
// An executable with its own components registers them on `ComponentRegistry.builtIn` and
// calls `SluiceTool.main(components:)` the same way.
import Foundation
import Sluice
import SluiceCLI

exit(await SluiceTool.main(components: .builtIn))
