/* Bad handles and NULL pointers (docs/behavior.md section 8): every function gets an error
 * code, never a crash. Handles: NULL, a value that was never a handle, a closed one.
 * Calls with NULL pointers that crash on Windows are made only where this library is
 * the one under test (see the #ifndef _WIN32 block). */
#include "suite.h"

static void bad_handle(const char *tag, HMMIO h)
{
    MMIOINFO info;
    MMCKINFO ck;
    char buf[8];
    memset(&info, 0, sizeof info);
    memset(&ck, 0, sizeof ck);
    printf("%s read: %ld\n", tag, (long)mmioRead(h, buf, sizeof buf));
    printf("%s write: %ld\n", tag, (long)mmioWrite(h, "abc", 3));
    printf("%s seek: %ld\n", tag, (long)mmioSeek(h, 0, SEEK_SET));
    printf("%s getinfo: %u\n", tag, (unsigned)mmioGetInfo(h, &info, 0));
    printf("%s setinfo: %u\n", tag, (unsigned)mmioSetInfo(h, &info, 0));
    printf("%s setbuffer: %u\n", tag, (unsigned)mmioSetBuffer(h, NULL, 100, 0));
    printf("%s flush: %u\n", tag, (unsigned)mmioFlush(h, 0));
    printf("%s advance: %u\n", tag, (unsigned)mmioAdvance(h, &info, MMIO_READ));
    printf("%s sendmessage: %ld\n", tag, (long)mmioSendMessage(h, MMIOM_USER, 0, 0));
    printf("%s descend: %u\n", tag, (unsigned)mmioDescend(h, &ck, NULL, 0));
    printf("%s ascend: %u\n", tag, (unsigned)mmioAscend(h, &ck, 0));
    printf("%s createchunk: %u\n", tag, (unsigned)mmioCreateChunk(h, &ck, 0));
    printf("%s close: %u\n", tag, (unsigned)mmioClose(h, 0));
}

int main(void)
{
    MMIOINFO info;
    HMMIO h;
    char name[128];

    bad_handle("null", NULL);
    bad_handle("forged", (HMMIO)(size_t)0x5a5a5a);
    h = mmioOpenA("closed.bin", NULL, MMIO_CREATE | MMIO_READWRITE);
    printf("open: %d\n", h != NULL);
    printf("first close: %u\n", (unsigned)mmioClose(h, 0));
    bad_handle("closed", h);

    /* a closed handle stays stale when its table slot is reused */
    {
        HMMIO again = mmioOpenA("closed.bin", NULL, MMIO_READ);
        MMCKINFO ck;
        printf("reopen: %d same value: %d\n", again != NULL, again == h);
        printf("stale read: %ld\n", (long)mmioRead(h, name, 1));
        printf("stale close: %u\n", (unsigned)mmioClose(h, 0));
        printf("reopened still usable: %ld\n", (long)mmioSeek(again, 0, SEEK_CUR));
        memset(&ck, 0, sizeof ck);
        printf("descend bad flags: %u\n", (unsigned)mmioDescend(again, &ck, NULL, 0x1000));
        printf("createchunk bad flags: %u\n", (unsigned)mmioCreateChunk(again, &ck, 0x1000));
        printf("reopened close: %u\n", (unsigned)mmioClose(again, 0));
    }

    /* NULL arguments that Windows checks too */
    h = mmioOpenA("nulls.bin", NULL, MMIO_CREATE | MMIO_READWRITE);
    printf("null info open: %d\n", h != NULL);
    printf("read 0 null buffer: %ld\n", (long)mmioRead(h, NULL, 0));
    printf("write 0 null buffer: %ld\n", (long)mmioWrite(h, NULL, 0));
    printf("fourcc empty: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("", 0));
    printf("install null proc: %d\n",
           mmioInstallIOProcA(mmioFOURCC('N', 'U', 'L', 'L'), NULL, MMIO_INSTALLPROC) == NULL);
    printf("install w null proc: %d\n",
           mmioInstallIOProcW(mmioFOURCC('N', 'U', 'L', 'L'), NULL, MMIO_INSTALLPROC) == NULL);
    printf("remove never installed: %d\n",
           mmioInstallIOProcA(mmioFOURCC('N', 'O', 'N', 'E'), NULL, MMIO_REMOVEPROC) == NULL);
    printf("seek bad origin: %ld\n", (long)mmioSeek(h, 0, 99));
    printf("read negative count: %ld\n", (long)mmioRead(h, name, -1));
    printf("descend null: %u\n", (unsigned)mmioDescend(h, NULL, NULL, 0));
    memset(&info, 0, sizeof info);
    info.cchBuffer = -5;
    printf("open negative buffer: %d", mmioOpenA("nulls.bin", &info, MMIO_READ) == NULL);
    printf(" wErrorRet=%u\n", (unsigned)info.wErrorRet);

#ifndef _WIN32
    /* NULL pointers that crash real winmm: our library returns an error instead (or,
     * for mmioAdvance, works without the MMIOINFO). */
    printf("nullarg setbuffer: %u\n", (unsigned)mmioSetBuffer(h, NULL, 64, 0));
    printf("nullarg getinfo null: %u\n", (unsigned)mmioGetInfo(h, NULL, 0));
    printf("nullarg setinfo null: %u\n", (unsigned)mmioSetInfo(h, NULL, 0));
    printf("nullarg advance null read: %u\n", (unsigned)mmioAdvance(h, NULL, MMIO_READ));
    printf("nullarg advance null write: %u\n", (unsigned)mmioAdvance(h, NULL, MMIO_WRITE));
    printf("nullarg advance null bad flag: %u\n", (unsigned)mmioAdvance(h, NULL, 0x100));
    printf("nullarg read null buffer: %ld\n", (long)mmioRead(h, NULL, 4));
    printf("nullarg write null buffer: %ld\n", (long)mmioWrite(h, NULL, 4));
    printf("nullarg ascend null: %u\n", (unsigned)mmioAscend(h, NULL, 0));
    printf("nullarg createchunk null: %u\n", (unsigned)mmioCreateChunk(h, NULL, 0));
    printf("nullarg fourcc a null: 0x%lx\n", (unsigned long)mmioStringToFOURCCA(NULL, 0));
    printf("nullarg fourcc w null: 0x%lx\n", (unsigned long)mmioStringToFOURCCW(NULL, 0));
    printf("nullarg rename a null: %u\n", (unsigned)mmioRenameA(NULL, "x", NULL, 0));
    printf("nullarg rename w null: %u\n", (unsigned)mmioRenameW(NULL, NULL, NULL, 0));
    printf("nullarg open a null name: %d\n", mmioOpenA(NULL, NULL, MMIO_READ) == NULL);
    printf("nullarg open w null name: %d\n", mmioOpenW(NULL, NULL, MMIO_READ) == NULL);
    printf("nullarg parse null: %d\n", mmioOpenA(NULL, NULL, MMIO_PARSE) == (HMMIO)FALSE);
    printf("nullarg exist null: %d\n", mmioOpenA(NULL, NULL, MMIO_EXIST) == (HMMIO)FALSE);
    printf("nullarg gettemp null: %ld\n", (long)(size_t)mmioOpenA(NULL, NULL, MMIO_GETTEMP));
#endif
    printf("close: %u\n", (unsigned)mmioClose(h, 0));
    return 0;
}
