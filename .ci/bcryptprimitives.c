/* ProcessPrng, which Rust's standard library calls on Windows for random bytes, from
   bcryptprimitives.dll: Wine before 9.0 lacks the library. .ci/run builds this stand-in
   with MinGW into the Wine prefix it tests the Windows build in, where Wine has none.
   It asks RtlGenRandom (advapi32's SystemFunction036), which every Wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG part = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, part)) {
            return FALSE;
        }
        data += part;
        length -= part;
    }
    return TRUE;
}
