/* Windows-style source: <windows.h> first (our stub in include/compat, or the real
 * one), then <mmsystem.h>, with the unsuffixed names (mmioOpen, mmioRename,
 * mmioInstallIOProc, mmioStringToFOURCC) that map to the A functions. */
#include <windows.h>
#include <mmsystem.h>
#include <stdio.h>
#include <string.h>

static LRESULT CALLBACK echo_proc(LPSTR info, UINT msg, LPARAM a, LPARAM b)
{
    (void)info;
    if (msg == MMIOM_OPEN)
        return 0;
    return msg >= MMIOM_USER ? a * b : 0;
}

int main(void)
{
    char name[MAX_PATH];
    MMCKINFO ck;
    HMMIO h;
    FOURCC ech = mmioStringToFOURCC("ech", MMIO_TOUPPER);
    strcpy(name, "compat.bin");
    h = mmioOpen(name, NULL, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
    printf("open: %d\n", h != NULL);
    memset(&ck, 0, sizeof ck);
    ck.fccType = mmioFOURCC('T', 'E', 'S', 'T');
    printf("create riff: %u\n", (unsigned)mmioCreateChunk(h, &ck, MMIO_CREATERIFF));
    printf("write: %ld\n", (long)mmioWrite(h, "abcd", 4));
    printf("ascend: %u", (unsigned)mmioAscend(h, &ck, 0));
    printf(" size=%lu\n", (unsigned long)ck.cksize);
    printf("close: %u\n", (unsigned)mmioClose(h, 0));
    printf("rename: %u\n", (unsigned)mmioRename("compat.bin", "compat2.bin", NULL, 0));
    strcpy(name, "compat2.bin");
    printf("exists: %d\n", mmioOpen(name, NULL, MMIO_EXIST) == (HMMIO)TRUE);
    printf("install: %d\n", mmioInstallIOProc(ech, echo_proc, MMIO_INSTALLPROC) == echo_proc);
    strcpy(name, "x.ech+");
    h = mmioOpen(name, NULL, MMIO_READ);
    printf("send: %ld\n", (long)mmioSendMessage(h, MMIOM_USER, 6, 7));
    printf("close proc file: %u\n", (unsigned)mmioClose(h, 0));
    printf("remove: %d\n", mmioInstallIOProc(ech, echo_proc, MMIO_REMOVEPROC) == echo_proc);
    return 0;
}
