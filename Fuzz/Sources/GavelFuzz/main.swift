import CFuzzerDriver
import Foundation

// GavelFuzz TARGET [libFuzzer flags] [CORPUS_DIR... | CRASH_FILE...]
// The first argument picks the target; everything after it is libFuzzer's, as with any fuzzer.
var arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTargets.named(arguments[1]) else {
    let names = FuzzTargets.all.map { "  \($0.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.summary)" }
    FileHandle.standardError.write(
        Data(
            ("usage: GavelFuzz TARGET [libFuzzer flags] [CORPUS_DIR | FILE]...\ntargets:\n"
                + names.joined(separator: "\n") + "\n").utf8
        )
    )
    exit(2)
}
arguments.remove(at: 1)
FuzzTargets.select(target)

// libFuzzer keeps pointers into argv for the whole run: the copies are never freed.
var argc = CInt(arguments.count)
let cArguments = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: arguments.count + 1)
for (index, argument) in arguments.enumerated() { cArguments[index] = strdup(argument) }
cArguments[arguments.count] = nil
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = cArguments
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
