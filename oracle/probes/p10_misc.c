/* Q: access modes on read/write calls, set-buffer on memory files, flush on unbuffered
 * files, send-message ranges, MMIO_CREATE with MMIO_READ, string-to-FOURCC edge cases,
 * ascend with the position before the chunk's data. */
#include "probe.h"

int main(void)
{
    char tmp[16];
    store_fill(40);
    quiet = 1;
    HMMIO h = open_store(MMIO_WRITE, 16);
    quiet = 0;
    printf("write-only: read 4 -> %ld\n", (long)mmioRead(h, tmp, 4));
    mmioClose(h, 0);
    quiet = 1;
    h = open_store(MMIO_READ, 16);
    quiet = 0;
    printf("read-only: write 4 ->\n");
    printf("  %ld\n", (long)mmioWrite(h, "abcd", 4));
    printf("read-only close:\n");
    mmioClose(h, 0);
    printf("  store[0..4]: %d %d %d %d\n", store[0], store[1], store[2], store[3]);

    printf("== create + read-only\n");
    h = mmioOpenA((LPSTR) "cr.bin", NULL, MMIO_CREATE | MMIO_READ);
    printf("open CREATE|READ -> %s\n", h ? "handle" : "NULL");
    if (h) {
        printf("  write 3 -> %ld\n", (long)mmioWrite(h, "abc", 3));
        printf("  close -> %u\n", mmioClose(h, 0));
    }
    HANDLE f = CreateFileA("cr.bin", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    printf("  file size %lu\n", (unsigned long)GetFileSize(f, NULL));
    CloseHandle(f);
    DeleteFileA("cr.bin");

    printf("== memory set-buffer\n");
    static char block[32];
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    i.fccIOProc = FOURCC_MEM;
    i.pchBuffer = block;
    i.cchBuffer = 32;
    h = mmioOpenA(NULL, &i, MMIO_READWRITE);
    printf("setbuffer(NULL,64) on memory -> %u\n", mmioSetBuffer(h, NULL, 64, 0));
    show_state("  state", h);
    printf("flush memory -> %u\n", mmioFlush(h, 0));
    mmioClose(h, 0);

    printf("== unbuffered flush / send-message\n");
    quiet = 1;
    h = open_store(MMIO_READWRITE, 0);
    quiet = 0;
    printf("flush unbuffered -> %u\n", mmioFlush(h, 0));
    printf("flush EMPTYBUF unbuffered -> %u\n", mmioFlush(h, MMIO_EMPTYBUF));
    printf("send MMIOM_READ -> %ld\n", (long)mmioSendMessage(h, MMIOM_READ, 0, 0));
    printf("send 0x7fff -> %ld\n", (long)mmioSendMessage(h, 0x7fff, 0, 0));
    printf("send USER ->\n");
    printf("  %ld\n", (long)mmioSendMessage(h, MMIOM_USER, 1, 2));
    printf("setbuffer flags=0x55 -> %u\n", mmioSetBuffer(h, NULL, 8, 0x55));
    show_state("  state", h);
    quiet = 1;
    mmioClose(h, 0);
    quiet = 0;

    printf("== mmioStringToFOURCC\n");
    const char *names[] = {"", "a", "ab c", "abcdef", "wave", "Ab1."};
    for (int k = 0; k < 6; k++) {
        FOURCC c = mmioStringToFOURCCA(names[k], 0), u = mmioStringToFOURCCA(names[k], MMIO_TOUPPER);
        printf("'%s' -> %08lx upper %08lx\n", names[k], (unsigned long)c, (unsigned long)u);
    }

    printf("== ascend with the position before the data\n");
    store_len = 0;
    quiet = 1;
    h = open_store(MMIO_READWRITE | MMIO_CREATE, 0);
    MMCKINFO ck;
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('a', 'b', 'c', 'd');
    mmioCreateChunk(h, &ck, 0);
    mmioWrite(h, "xy", 2);
    mmioSeek(h, 2, SEEK_SET);
    quiet = 0;
    printf("ascend -> %u\n", mmioAscend(h, &ck, 0));
    printf("  size=%lu flags=%lx pos=%ld\n", (unsigned long)ck.cksize, (unsigned long)ck.dwFlags,
           (long)mmioSeek(h, 0, SEEK_CUR));
    quiet = 1;
    mmioClose(h, 0);
    printf("  store (%ld):", store_len);
    for (long k = 0; k < store_len; k++) printf(" %02x", (unsigned char)store[k]);
    printf("\n");
    return 0;
}
