/* Q: do compound names reach the built-in procedures ("x.dos+y", "x.mem+y")? Where does
 * the '.' search stop? Are the built-ins findable with MMIO_FINDPROC? */
#include "probe.h"

int main(void)
{
    HMMIO w = mmioOpenA((LPSTR) "x.dos+y", NULL, MMIO_CREATE | MMIO_WRITE);
    printf("create file 'x.dos+y' -> %s\n", w ? "handle" : "NULL");
    if (w) {
        show_state("  state", w);
        mmioWrite(w, "abc", 3);
        mmioClose(w, 0);
    }
    printf("disk file 'x.dos+y' %s\n", GetFileAttributesA("x.dos+y") == INVALID_FILE_ATTRIBUTES ? "missing" : "exists");
    DeleteFileA("x.dos+y");
    w = mmioOpenA((LPSTR) "noext+y", NULL, MMIO_CREATE | MMIO_WRITE);
    printf("create 'noext+y' -> %s\n", w ? "handle" : "NULL");
    if (w) {
        show_state("  state", w);
        mmioClose(w, 0);
    }
    printf("disk file 'noext+y' %s\n", GetFileAttributesA("noext+y") == INVALID_FILE_ATTRIBUTES ? "missing" : "exists");
    DeleteFileA("noext+y");

    mmioInstallIOProcA(mmioFOURCC('D', '\\', 'N', 'O'), store_proc, MMIO_INSTALLPROC);
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    HMMIO h = mmioOpenA((LPSTR) "dir.d\\noext+elem", &i, MMIO_READ);
    printf("open 'dir.d\\noext+elem' with 'D\\NO' installed -> %s err=%u\n", h ? "handle" : "NULL", i.wErrorRet);
    if (h) mmioClose(h, 0);
    mmioInstallIOProcA(mmioFOURCC('D', '\\', 'N', 'O'), NULL, MMIO_REMOVEPROC);

    printf("FINDPROC DOS -> %s\n", mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC) ? "found" : "NULL");
    printf("FINDPROC MEM -> %s\n", mmioInstallIOProcA(FOURCC_MEM, NULL, MMIO_FINDPROC) ? "found" : "NULL");
    printf("REMOVEPROC DOS -> %s\n", mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_REMOVEPROC) ? "removed" : "NULL");
    return 0;
}
