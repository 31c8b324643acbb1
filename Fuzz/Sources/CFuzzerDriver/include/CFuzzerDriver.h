#ifndef GAVEL_FUZZ_CFUZZERDRIVER_H
#define GAVEL_FUZZ_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry point for programs that keep their own main (compiler-rt FuzzerInterface.h).
/// Runs the fuzzer with the command-line flags in argc/argv, calling `callback` for each input.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
