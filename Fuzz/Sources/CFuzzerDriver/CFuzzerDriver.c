// Only the declaration in include/CFuzzerDriver.h matters: libFuzzer (linked by
// -sanitize=fuzzer) defines LLVMFuzzerRunDriver. SwiftPM needs one source file per C target.
#include "CFuzzerDriver.h"
