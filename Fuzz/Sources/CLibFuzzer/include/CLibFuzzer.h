// libFuzzer's driver, called from the fuzz targets' own main. SwiftPM links an executable target's
// entry point as `main=<Target>_main`, which keeps libFuzzer's main() out of the link, so each target
// supplies main and hands over to the driver (in libclang_rt.fuzzer, linked by -sanitize=fuzzer).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
