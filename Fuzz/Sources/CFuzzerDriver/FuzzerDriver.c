// The declaration in FuzzerDriver.h is all this target provides; libFuzzer itself comes from -sanitize=fuzzer.
#include "FuzzerDriver.h"
