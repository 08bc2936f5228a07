/* Q: mmioSeek edge cases on a 100-byte disk file (unbuffered, buffered) and a memory
 * file: negative results, SEEK_END direction, seek past the end then write/read. */
#include "probe.h"

static void run(const char *tag, HMMIO h, int negative_counts)
{
    char tmp[64];
    printf("== %s\n", tag);
    printf("seek 0,END -> %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    printf("seek 16,END -> %ld\n", (long)mmioSeek(h, 16, SEEK_END));
    printf("seek -16,END -> %ld\n", (long)mmioSeek(h, -16, SEEK_END));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek 10,SET -> %ld\n", (long)mmioSeek(h, 10, SEEK_SET));
    printf("seek -20,CUR -> %ld\n", (long)mmioSeek(h, -20, SEEK_CUR));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek -1,SET -> %ld\n", (long)mmioSeek(h, -1, SEEK_SET));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek 200,END -> %ld\n", (long)mmioSeek(h, 200, SEEK_END));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek 5,origin 3 -> %ld\n", (long)mmioSeek(h, 5, 3));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek 98,SET -> %ld\n", (long)mmioSeek(h, 98, SEEK_SET));
    printf("read 10 -> %ld\n", (long)mmioRead(h, tmp, 10));
    printf("read 10 at eof -> %ld\n", (long)mmioRead(h, tmp, 10));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek 120,SET -> %ld\n", (long)mmioSeek(h, 120, SEEK_SET));
    printf("read 10 past end -> %ld\n", (long)mmioRead(h, tmp, 10));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("write 2 past end -> %ld\n", (long)mmioWrite(h, "zz", 2));
    printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("seek 0,END -> %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    printf("read 0 -> %ld\n", (long)mmioRead(h, tmp, 0));
    if (negative_counts) { /* Wine crashes on these for buffered files */
        printf("read -1 -> %ld\n", (long)mmioRead(h, tmp, -1));
        printf("write -1 -> %ld\n", (long)mmioWrite(h, tmp, -1));
    }
    printf("write 0 -> %ld\n", (long)mmioWrite(h, tmp, 0));
}

int main(void)
{
    char data[100];
    for (int k = 0; k < 100; k++) data[k] = (char)k;
    const char *name = "seek.bin";
    for (int pass = 0; pass < 2; pass++) {
        HMMIO w = mmioOpenA((LPSTR)name, NULL, MMIO_CREATE | MMIO_WRITE);
        mmioWrite(w, data, 100);
        mmioClose(w, 0);
        MMIOINFO i;
        memset(&i, 0, sizeof i);
        i.cchBuffer = pass ? 16 : 0;
        HMMIO h = mmioOpenA((LPSTR)name, &i, MMIO_READWRITE);
        run(pass ? "dos buffered 16" : "dos unbuffered", h, !pass);
        mmioClose(h, 0);
        HANDLE f = CreateFileA(name, GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
        printf("  file size %lu\n", (unsigned long)GetFileSize(f, NULL));
        CloseHandle(f);
    }
    DeleteFileA(name);
    static char block[100];
    memcpy(block, data, 100);
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    i.fccIOProc = FOURCC_MEM;
    i.pchBuffer = block;
    i.cchBuffer = 100;
    HMMIO h = mmioOpenA(NULL, &i, MMIO_READWRITE);
    run("memory fixed 100", h, 0);
    mmioClose(h, 0);
    return 0;
}
