/* Memory files (docs/behavior.md section 5): a fixed block of the caller's, a growable
 * block from malloc, an internal block, data readable back, SEEK_END, seeks outside
 * the data, mmioAdvance(WRITE) on a full fixed block, and mmioSetBuffer, which
 * replaces the file. */
#include "suite.h"

static HMMIO open_mem(char *block, LONG size, DWORD grow, DWORD flags)
{
    MMIOINFO info;
    HMMIO h;
    memset(&info, 0, sizeof info);
    info.fccIOProc = FOURCC_MEM;
    info.pchBuffer = block;
    info.cchBuffer = size;
    info.adwInfo[0] = grow;
    h = mmioOpenA(NULL, &info, flags);
    if (h == NULL)
        printf("open failed: %u\n", (unsigned)info.wErrorRet);
    return h;
}

/* The caller's 16 bytes, fixed size. */
static void fixed_block(void)
{
    char block[16], back[16];
    MMIOINFO info;
    HMMIO h;
    LONG r;
    memset(block, '.', sizeof block);
    h = open_mem(block, sizeof block, 0, MMIO_READWRITE | MMIO_CREATE);
    show_state("fixed open", h);
    printf("fixed write 10: %ld\n", (long)mmioWrite(h, "0123456789", 10));
    printf("fixed block changed in place: %.10s\n", block);
    printf("fixed write 10 more: %ld\n", (long)mmioWrite(h, "abcdefghij", 10));
    show_state("fixed full", h);
    printf("fixed seek end 4: %ld\n", (long)mmioSeek(h, 4, SEEK_END));
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, 8);
    printf("fixed read at end-4: %ld %.4s\n", (long)r, back);
    printf("fixed seek 0: %ld\n", (long)mmioSeek(h, 0, SEEK_SET));
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, 16);
    printf("fixed read back: %ld %.16s\n", (long)r, back);
    printf("fixed read at end: %ld\n", (long)mmioRead(h, back, 1));
    printf("fixed seek outside: %ld\n", (long)mmioSeek(h, 17, SEEK_SET));
    printf("fixed seek before: %ld\n", (long)mmioSeek(h, -1, SEEK_SET));
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("fixed advance write: %u\n", (unsigned)mmioAdvance(h, &info, MMIO_WRITE));
    printf("fixed close: %u\n", (unsigned)mmioClose(h, 0));
}

/* Opened without MMIO_CREATE, the whole block is data. */
static void existing_block(void)
{
    char block[12];
    char back[16];
    HMMIO h;
    LONG r;
    memcpy(block, "hello world!", 12);
    h = open_mem(block, sizeof block, 0, MMIO_READ);
    show_state("existing open", h);
    printf("existing seek end 6: %ld\n", (long)mmioSeek(h, 6, SEEK_END));
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, sizeof back);
    printf("existing read: %ld %.6s\n", (long)r, back);
    printf("existing write on read-only: %ld\n", (long)mmioWrite(h, "x", 1));
    printf("existing close: %u\n", (unsigned)mmioClose(h, 0));
}

/* A malloc'ed block of 8 bytes growing by 16. */
static void growable_block(void)
{
    char *block = malloc(8);
    char data[40], back[40];
    MMIOINFO info;
    HMMIO h;
    LONG r, i;
    int ok = 1;
    for (i = 0; i < 40; i++)
        data[i] = (char)('A' + i % 26);
    h = open_mem(block, 8, 16, MMIO_READWRITE | MMIO_CREATE);
    printf("grow write 20: %ld\n", (long)mmioWrite(h, data, 20));
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("grow cch at least 24: %d\n", info.cchBuffer >= 24);
    printf("grow pos: %ld\n", (long)(info.pchNext - info.pchBuffer));
    printf("grow write 20 more: %ld\n", (long)mmioWrite(h, data + 20, 20));
    printf("grow seek end 0: %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    printf("grow seek 0: %ld\n", (long)mmioSeek(h, 0, SEEK_SET));
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, sizeof back);
    for (i = 0; i < 40; i++)
        ok &= back[i] == data[i];
    printf("grow read back: %ld ok: %d\n", (long)r, ok);
    /* direct access: fill the rest of the block, then advance to grow it */
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("grow advance write: %u\n", (unsigned)mmioAdvance(h, &info, MMIO_WRITE));
    printf("grow advance grew: %d\n", info.pchEndWrite - info.pchNext > 0);
    printf("grow close: %u\n", (unsigned)mmioClose(h, 0));
    /* the block may have moved (realloc); the caller frees what the handle left */
    free(info.pchBuffer);
}

/* No block given: an internal one of the size asked for. */
static void internal_block(void)
{
    char back[8];
    HMMIO h = open_mem(NULL, 32, 0, MMIO_READWRITE | MMIO_CREATE);
    LONG r;
    show_state("internal open", h);
    printf("internal write: %ld\n", (long)mmioWrite(h, "memory", 6));
    mmioSeek(h, 0, SEEK_SET);
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, 6);
    printf("internal read back: %ld %.6s\n", (long)r, back);
    printf("internal close: %u\n", (unsigned)mmioClose(h, 0));
}

/* mmioSetBuffer on a memory file replaces the file's block, as the checks of Wine's
 * conformance test that pass on Windows expect (test_mmioSetBuffer): (NULL, 0) leaves
 * no block; the caller's pointer with size 0 is kept with size 0; (NULL, N) makes a
 * fresh internal block of N bytes with MMIO_ALLOCBUF and nothing in it. Each starts
 * at position 0; the flags argument does not count. */
static void set_buffer(void)
{
    char block[32], mine[8], back[8];
    MMIOINFO info;
    HMMIO h;
    memcpy(block, "0123456789abcdefghijklmnopqrstuv", 32);
    h = open_mem(block, sizeof block, 0, MMIO_READ);
    printf("setbuffer seek 5: %ld\n", (long)mmioSeek(h, 5, SEEK_SET));
    printf("setbuffer none: %u\n", (unsigned)mmioSetBuffer(h, NULL, 0, 0));
    show_state("setbuffer none", h);
    printf("setbuffer none pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("setbuffer none read: %ld\n", (long)mmioRead(h, back, 4));
    printf("setbuffer none allocbuf: %u\n", (unsigned)mmioSetBuffer(h, NULL, 0, MMIO_ALLOCBUF));
    show_state("setbuffer none allocbuf", h);
    printf("setbuffer mine 0: %u\n", (unsigned)mmioSetBuffer(h, mine, 0, MMIO_ALLOCBUF));
    show_state("setbuffer mine 0", h);
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("setbuffer mine 0 is pchBuffer: %d\n", info.pchBuffer == mine);
    printf("setbuffer internal: %u\n", (unsigned)mmioSetBuffer(h, NULL, 16, MMIO_WRITE | MMIO_ALLOCBUF));
    show_state("setbuffer internal", h);
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("setbuffer internal is new: %d\n", info.pchBuffer != mine && info.pchBuffer != block);
    printf("setbuffer internal pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("setbuffer internal read: %ld\n", (long)mmioRead(h, back, 4));
    printf("setbuffer old block untouched: %.4s\n", block);
    printf("setbuffer close: %u\n", (unsigned)mmioClose(h, 0));
}

int main(void)
{
    fixed_block();
    existing_block();
    growable_block();
    internal_block();
    set_buffer();
    return 0;
}
