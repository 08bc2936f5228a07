/* Q: how are compound names parsed, and what do MMIO_EXIST / MMIO_DELETE / MMIO_PARSE /
 * mmioRename send to a custom procedure? */
#include "probe.h"

static void try_name(const char *name)
{
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    quiet = 0;
    HMMIO h = mmioOpenA((LPSTR)name, &i, MMIO_READ);
    printf("open '%s' -> %s err=%u\n", name, h ? "handle" : "NULL", i.wErrorRet);
    if (h) {
        show_state("  state", h);
        mmioClose(h, 0);
    }
}

int main(void)
{
    FOURCC codes[] = {mmioFOURCC('X', 'Y', 'Z', ' '), mmioFOURCC('A', 'R', 'C', 'H'), mmioFOURCC(' ', ' ', ' ', ' '),
                      mmioFOURCC('B', 'N', 'D', '+'), mmioFOURCC('X', ' ', ' ', ' ')};
    for (int k = 0; k < 5; k++) mmioInstallIOProcA(codes[k], store_proc, MMIO_INSTALLPROC);
    try_name("one.xyz+two");
    try_name("one.XyZ+two");
    try_name("a.archive+elem");
    try_name("noext+elem");
    try_name("a.bnd+x+y");
    try_name("a.x+");
    try_name("dir.d\\noext+elem");
    try_name("a.xyz");
    try_name("x.dos+y");
    try_name("x.mem+y");

    printf("== EXIST / DELETE through a custom procedure\n");
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    HMMIO r = mmioOpenA((LPSTR) "f.xyz+e", &i, MMIO_EXIST);
    printf("EXIST f.xyz+e -> %ld err=%u\n", (long)(LRESULT)r, i.wErrorRet);
    memset(&i, 0, sizeof i);
    r = mmioOpenA((LPSTR) "f.xyz+e", &i, MMIO_DELETE);
    printf("DELETE f.xyz+e -> %ld err=%u\n", (long)(LRESULT)r, i.wErrorRet);
    memset(&i, 0, sizeof i);
    i.fccIOProc = mmioFOURCC('X', 'Y', 'Z', ' ');
    r = mmioOpenA((LPSTR) "plain", &i, MMIO_EXIST);
    printf("EXIST plain fcc=XYZ -> %ld err=%u\n", (long)(LRESULT)r, i.wErrorRet);
    memset(&i, 0, sizeof i);
    r = mmioOpenA((LPSTR) "nosuchfile.bin", &i, MMIO_EXIST);
    printf("EXIST missing dos -> %ld err=%u\n", (long)(LRESULT)r, i.wErrorRet);
    memset(&i, 0, sizeof i);
    r = mmioOpenA((LPSTR) "nosuchfile.qqq+e", &i, MMIO_EXIST);
    printf("EXIST uninstalled compound -> %ld err=%u\n", (long)(LRESULT)r, i.wErrorRet);

    printf("== rename\n");
    UINT rr = mmioRenameA("a.xyz+e", "b.xyz+f", NULL, 0);
    printf("rename a.xyz+e -> %u\n", rr);
    rr = mmioRenameA("a.qqq+e", "b", NULL, 0);
    printf("rename uninstalled -> %u\n", rr);

    printf("== PARSE\n");
    char buf[128];
    strcpy(buf, "x.xyz+e");
    r = mmioOpenA(buf, NULL, MMIO_PARSE);
    printf("PARSE x.xyz+e -> %ld '%s'\n", (long)(LRESULT)r, buf);
    strcpy(buf, "Z:\\tmp\\a\\.\\b\\..\\c.wav");
    r = mmioOpenA(buf, NULL, MMIO_PARSE);
    printf("PARSE dots -> %ld '%s'\n", (long)(LRESULT)r, buf);
    strcpy(buf, "");
    memset(&i, 0, sizeof i);
    r = mmioOpenA(buf, &i, MMIO_PARSE);
    printf("PARSE empty -> %ld '%s' err=%u\n", (long)(LRESULT)r, buf, i.wErrorRet);

    printf("== flags combined with PARSE/EXIST\n");
    memset(&i, 0, sizeof i);
    r = mmioOpenA((LPSTR) "f.xyz+e", &i, MMIO_EXIST | MMIO_CREATE | MMIO_READWRITE);
    printf("EXIST|CREATE|RW f.xyz+e -> %ld err=%u\n", (long)(LRESULT)r, i.wErrorRet);
    for (int k = 0; k < 5; k++) mmioInstallIOProcA(codes[k], NULL, MMIO_REMOVEPROC);
    return 0;
}
