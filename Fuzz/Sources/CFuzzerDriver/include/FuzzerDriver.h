// libFuzzer's entry point for programs that have their own main function (LLVM 13 and later). SwiftPM links
// every executable with its own main, so the fuzz executables call this instead of linking libFuzzer's main.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
