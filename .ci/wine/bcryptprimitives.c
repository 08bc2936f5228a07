/*
 * ProcessPrng, the one function of Windows' bcryptprimitives.dll that Rust's standard
 * library needs (for HashMap seeds), which Wine 8 does not provide. .ci/portability
 * builds this next to the Windows test programs so that they start under Wine.
 * Test support only: it forwards to RtlGenRandom (advapi32's SystemFunction036).
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
