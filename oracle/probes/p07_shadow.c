/* Q: with a custom procedure installed under 'DOS ', which procedure opens a plain name,
 * a compound "x.dos+y" name, and fccIOProc = 'DOS '? */
#include "probe.h"

static void try_open(const char *tag, const char *name, FOURCC fcc)
{
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    i.fccIOProc = fcc;
    HMMIO h = mmioOpenA((LPSTR)name, &i, MMIO_READ);
    printf("%s -> %s err=%u\n", tag, h ? "handle" : "NULL", i.wErrorRet);
    if (h) mmioClose(h, 0);
}

int main(void)
{
    HMMIO w = mmioOpenA((LPSTR) "plain.bin", NULL, MMIO_CREATE | MMIO_WRITE);
    mmioClose(w, 0);
    w = mmioOpenA((LPSTR) "x.dos+y", NULL, MMIO_CREATE | MMIO_WRITE);
    mmioClose(w, 0);
    mmioInstallIOProcA(FOURCC_DOS, store_proc, MMIO_INSTALLPROC);
    try_open("plain name", "plain.bin", 0);
    try_open("compound x.dos+y", "x.dos+y", 0);
    try_open("fcc DOS", "plain.bin", FOURCC_DOS);
    mmioInstallIOProcA(FOURCC_DOS, store_proc, MMIO_REMOVEPROC);
    DeleteFileA("plain.bin");
    DeleteFileA("x.dos+y");
    return 0;
}
