/* Q: what does mmioOpen write back into the caller's MMIOINFO, on success and failure? */
#include "probe.h"

static void prime(MMIOINFO *i)
{
    memset(i, 0x5A, sizeof *i);
    i->dwFlags = 0x5A5A5A5A;
    i->fccIOProc = 0;
    i->pIOProc = NULL;
    i->cchBuffer = 0;
    i->pchBuffer = NULL;
    i->adwInfo[0] = i->adwInfo[1] = i->adwInfo[2] = 0x77;
}

static void one(const char *tag, const char *name, DWORD flags, LONG cch, char *userbuf, FOURCC fcc, LPMMIOPROC proc)
{
    MMIOINFO i;
    prime(&i);
    i.cchBuffer = cch;
    i.pchBuffer = userbuf;
    i.fccIOProc = fcc;
    i.pIOProc = proc;
    HMMIO h = mmioOpenA((LPSTR)name, &i, flags);
    printf("%s: open -> %s\n", tag, h ? "handle" : "NULL");
    printf("  ret.hmmio==h %d, pIOProc %s, htask %08x, res1 %08lx res2 %08lx\n", i.hmmio == h,
           i.pIOProc == NULL ? "NULL" : i.pIOProc == proc ? "given" : "other", (unsigned)(UINT_PTR)i.htask,
           (unsigned long)i.dwReserved1, (unsigned long)i.dwReserved2);
    dump_info("  after", &i);
    if (h) {
        show_state("  getinfo", h);
        mmioClose(h, 0);
    }
}

int main(void)
{
    static char ubuf[64];
    CreateDirectoryA(PROBE_DIR, NULL);
    HMMIO w = mmioOpenA((LPSTR) PROBE_DIR "\\f.bin", NULL, MMIO_CREATE | MMIO_WRITE);
    mmioWrite(w, "0123456789", 10);
    mmioClose(w, 0);

    one("dos-unbuffered", PROBE_DIR "\\f.bin", MMIO_READ, 0, NULL, 0, NULL);
    one("dos-cch100", PROBE_DIR "\\f.bin", MMIO_READ, 100, NULL, 0, NULL);
    one("dos-allocbuf", PROBE_DIR "\\f.bin", MMIO_READ | MMIO_ALLOCBUF, 0, NULL, 0, NULL);
    one("dos-user", PROBE_DIR "\\f.bin", MMIO_READ | MMIO_ALLOCBUF, 64, ubuf, 0, NULL);
    one("dos-user-cch0", PROBE_DIR "\\f.bin", MMIO_READ, 0, ubuf, 0, NULL);
    one("dos-missing", PROBE_DIR "\\nope.bin", MMIO_READ, 0, NULL, 0, NULL);
    one("dos-missing-buffered", PROBE_DIR "\\nope.bin", MMIO_READ | MMIO_ALLOCBUF, 0, NULL, 0, NULL);
    one("dos-missing-dir", PROBE_DIR "\\nodir\\x.bin", MMIO_READ, 0, NULL, 0, NULL);
    one("bad-flags-rw", PROBE_DIR "\\f.bin", MMIO_WRITE | MMIO_READWRITE, 0, NULL, 0, NULL);
    one("mem-user", NULL, MMIO_READWRITE, 64, ubuf, FOURCC_MEM, NULL);
    one("mem-user-create", NULL, MMIO_READWRITE | MMIO_CREATE, 64, ubuf, FOURCC_MEM, NULL);
    one("mem-internal", NULL, MMIO_READWRITE, 64, NULL, FOURCC_MEM, NULL);
    one("fcc-not-installed", "x.bin", MMIO_READ, 0, NULL, mmioFOURCC('Q', 'Q', 'Q', 'Q'), NULL);
    one("compound-not-installed", "x.qqq+y", MMIO_READ, 0, NULL, 0, NULL);
    store_fill(10);
    one("custom-proc", "store.str", MMIO_READ, 0, NULL, mmioFOURCC('S', 'T', 'O', 'R'), store_proc);
    one("custom-proc-noncc", "store.str", MMIO_READ, 0, NULL, 0, store_proc);
    one("custom-proc-buf", "store.str", MMIO_READ, 32, NULL, mmioFOURCC('S', 'T', 'O', 'R'), store_proc);

    /* NULL info: the handle's defaults */
    HMMIO h = mmioOpenA((LPSTR) PROBE_DIR "\\f.bin", NULL, MMIO_READ);
    show_state("null-info", h);
    mmioClose(h, 0);
    DeleteFileA(PROBE_DIR "\\f.bin");
    RemoveDirectoryA(PROBE_DIR);
    return 0;
}
