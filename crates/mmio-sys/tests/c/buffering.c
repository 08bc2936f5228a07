/* Buffering (docs/behavior.md sections 2-4): the buffer set-up table of mmioOpen, the
 * 5-byte buffer walk, SEEK_END counting back, reads and writes across buffers,
 * mmioSetBuffer, mmioFlush (whole dirty range, MMIO_EMPTYBUF), mmioGetInfo /
 * mmioSetInfo / mmioAdvance rules. */
#include "suite.h"

static const char *FILE_NAME = "walk.bin";

/* Opens FILE_NAME for reading with the given buffer request and shows the state. */
static void setup_row(const char *tag, char *buffer, LONG cch, DWORD flags)
{
    MMIOINFO info;
    HMMIO h;
    memset(&info, 0, sizeof info);
    info.pchBuffer = buffer;
    info.cchBuffer = cch;
    h = mmioOpenA((LPSTR)FILE_NAME, &info, MMIO_READ | flags);
    if (h == NULL) {
        printf("%s: open failed %u\n", tag, (unsigned)info.wErrorRet);
        return;
    }
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    show_info(tag, &info);
    printf("%s own buffer: %d\n", tag, buffer != NULL && info.pchBuffer == buffer);
    printf("%s pIOProc: %s\n", tag,
           info.pIOProc == NULL                                               ? "null"
           : info.pIOProc == mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC) ? "dos"
                                                                                 : "other");
    printf("%s fccIOProc:", tag);
    show_fourcc("fcc", info.fccIOProc);
    printf("\n");
    printf("%s hmmio: %d wErrorRet: %u\n", tag, info.hmmio == h, (unsigned)info.wErrorRet);
    mmioClose(h, 0);
}

static void setup_table(void)
{
    static char user[MMIO_DEFAULTBUFFER];
    setup_row("setup null,0", NULL, 0, 0);
    setup_row("setup null,100", NULL, 100, 0);
    setup_row("setup null,0,alloc", NULL, 0, MMIO_ALLOCBUF);
    setup_row("setup null,100,alloc", NULL, 100, MMIO_ALLOCBUF);
    setup_row("setup user,64", user, 64, 0);
    setup_row("setup user,64,alloc", user, 64, MMIO_ALLOCBUF);
    setup_row("setup user,0,alloc", user, 0, MMIO_ALLOCBUF);
    setup_row("setup user,0", user, 0, 0);
}

/* The documented walk with a 5-byte user buffer on a 520-byte file. */
static void five_byte_walk(void)
{
    char buf5[5], data[32];
    MMIOINFO info;
    HMMIO h;
    LONG r;
    int i, ok = 1;
    memset(&info, 0, sizeof info);
    info.pchBuffer = buf5;
    info.cchBuffer = sizeof buf5;
    h = mmioOpenA((LPSTR)FILE_NAME, &info, MMIO_READ);
    show_state("walk open", h);
    printf("walk read 0: %ld\n", (long)mmioRead(h, data, 0));
    show_state("walk after read 0", h);
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("walk advance read: %u\n", (unsigned)mmioAdvance(h, &info, MMIO_READ));
    show_info("walk advanced", &info);
    printf("walk buffer is the file: %d\n", buf5[0] == (char)pattern_at(0) && buf5[4] == (char)pattern_at(4));
    printf("walk seek 2: %ld\n", (long)mmioSeek(h, 2, SEEK_SET));
    show_state("walk after seek 2", h);
    printf("walk seek 17: %ld\n", (long)mmioSeek(h, 17, SEEK_SET));
    show_state("walk after seek 17", h);
    r = mmioRead(h, data, 16);
    for (i = 0; i < 16; i++)
        ok &= data[i] == (char)pattern_at(17 + i);
    printf("walk read 16: %ld data ok: %d\n", (long)r, ok);
    show_state("walk after read 16", h);
    printf("walk seek cur 0: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("walk close: %u\n", (unsigned)mmioClose(h, 0));
}

/* SEEK_END with a positive offset counts back from the end, buffered or not. */
static void seek_end(const char *tag, DWORD flags, LONG cch)
{
    MMIOINFO info;
    HMMIO h;
    char c = 0;
    LONG r;
    memset(&info, 0, sizeof info);
    info.cchBuffer = cch;
    h = mmioOpenA((LPSTR)FILE_NAME, &info, MMIO_READ | flags);
    printf("%s seek end 16: %ld\n", tag, (long)mmioSeek(h, 16, SEEK_END));
    r = mmioRead(h, &c, 1);
    printf("%s read 1: %ld byte ok: %d\n", tag, (long)r, c == (char)pattern_at(504));
    printf("%s seek end 0: %ld\n", tag, (long)mmioSeek(h, 0, SEEK_END));
    printf("%s read at end: %ld\n", tag, (long)mmioRead(h, &c, 1));
    printf("%s seek cur -10: %ld\n", tag, (long)mmioSeek(h, -10, SEEK_CUR));
    printf("%s seek past end: %ld\n", tag, (long)mmioSeek(h, 600, SEEK_SET));
    printf("%s read past end: %ld\n", tag, (long)mmioRead(h, &c, 1));
    printf("%s seek negative: %ld\n", tag, (long)mmioSeek(h, -1, SEEK_SET));
    printf("%s seek bad origin: %ld\n", tag, (long)mmioSeek(h, 0, 7));
    mmioClose(h, 0);
}

/* Reads the whole file through a buffer of 100 bytes in pieces of 33. */
static void read_across(void)
{
    MMIOINFO info;
    HMMIO h;
    char data[40];
    long total = 0, ok = 1;
    LONG r, i;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 100;
    h = mmioOpenA((LPSTR)FILE_NAME, &info, MMIO_READ);
    while ((r = mmioRead(h, data, 33)) > 0) {
        for (i = 0; i < r; i++)
            ok &= data[i] == (char)pattern_at(total + i);
        total += r;
    }
    printf("read across: total=%ld last=%ld ok=%ld\n", total, (long)r, ok);
    show_state("read across end", h);
    printf("read across write on read-only: %ld\n", (long)mmioWrite(h, data, 4));
    mmioClose(h, 0);
}

/* mmioSetBuffer keeps the position and resets the buffer pointers. */
static void set_buffer(void)
{
    char user[32], c = 0;
    LONG r;
    HMMIO h = mmioOpenA((LPSTR)FILE_NAME, NULL, MMIO_READ);
    show_state("setbuffer open", h);
    mmioSeek(h, 10, SEEK_SET);
    printf("setbuffer null,50: %u\n", (unsigned)mmioSetBuffer(h, NULL, 50, 0));
    show_state("setbuffer internal", h);
    r = mmioRead(h, &c, 1);
    printf("setbuffer read 10: %ld ok: %d\n", (long)r, c == (char)pattern_at(10));
    show_state("setbuffer internal read", h);
    printf("setbuffer user,32: %u\n", (unsigned)mmioSetBuffer(h, user, sizeof user, 0));
    show_state("setbuffer user", h);
    r = mmioRead(h, &c, 1);
    printf("setbuffer read 11: %ld ok: %d\n", (long)r, c == (char)pattern_at(11));
    printf("setbuffer user has file: %d\n", user[0] == (char)pattern_at(11));
    printf("setbuffer null,0: %u\n", (unsigned)mmioSetBuffer(h, NULL, 0, 0));
    show_state("setbuffer none", h);
    r = mmioRead(h, &c, 1);
    printf("setbuffer read 12: %ld ok: %d\n", (long)r, c == (char)pattern_at(12));
    printf("setbuffer advance unbuffered: %u\n", (unsigned)mmioAdvance(h, NULL, MMIO_READ));
    mmioClose(h, 0);
}

/* Buffered writes: MMIO_DIRTY, flush of the whole range, MMIO_EMPTYBUF. */
static void write_flush(void)
{
    char data[16], back[16];
    MMIOINFO info;
    HMMIO h;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 64;
    h = mmioOpenA("flush.bin", &info, MMIO_CREATE | MMIO_READWRITE);
    memcpy(data, "ABCDEFGHIJKLMNOP", 16);
    printf("flush write 16: %ld\n", (long)mmioWrite(h, data, 16));
    show_state("flush dirty", h);
    printf("flush seek back 4: %ld\n", (long)mmioSeek(h, 4, SEEK_SET));
    printf("flush: %u\n", (unsigned)mmioFlush(h, 0));
    show_state("flush flushed", h);
    printf("flush emptybuf: %u\n", (unsigned)mmioFlush(h, MMIO_EMPTYBUF));
    show_state("flush emptied", h);
    printf("flush pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("flush close: %u\n", (unsigned)mmioClose(h, 0));
    h = mmioOpenA("flush.bin", NULL, MMIO_READ);
    memset(back, 0, sizeof back);
    printf("flush reread: %ld\n", (long)mmioRead(h, back, sizeof back));
    printf("flush data: %.16s\n", back);
    mmioClose(h, 0);
}

/* mmioSetInfo validation and direct writes through pchNext taken back by it. */
static void set_info(void)
{
    MMIOINFO info, bad;
    HMMIO h;
    char back[8];
    LONG r;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 16;
    h = mmioOpenA("direct.bin", &info, MMIO_CREATE | MMIO_READWRITE);
    mmioGetInfo(h, &info, 0);
    bad = info;
    bad.pchNext = info.pchBuffer + 17;
    printf("setinfo next past end: %u\n", (unsigned)mmioSetInfo(h, &bad, 0));
    bad = info;
    bad.pchEndRead = info.pchBuffer - 1;
    printf("setinfo endread before: %u\n", (unsigned)mmioSetInfo(h, &bad, 0));
    memcpy(info.pchNext, "wxyz", 4);
    info.pchNext += 4;
    info.dwFlags |= MMIO_DIRTY;
    printf("setinfo direct: %u\n", (unsigned)mmioSetInfo(h, &info, 0));
    printf("setinfo pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    show_state("setinfo state", h);
    printf("setinfo advance bad flag: %u\n", (unsigned)mmioAdvance(h, &info, 4));
    printf("setinfo close: %u\n", (unsigned)mmioClose(h, 0));
    h = mmioOpenA("direct.bin", NULL, MMIO_READ);
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, sizeof back);
    printf("setinfo reread: %ld data: %.4s\n", (long)r, back);
    mmioClose(h, 0);
}

/* The documented direct-access read loop: pchNext up to pchEndRead, then mmioAdvance. */
static void direct_read_loop(void)
{
    MMIOINFO info;
    HMMIO h;
    long total = 0, ok = 1, advances = 0;
    MMRESULT r = 0;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 100;
    h = mmioOpenA((LPSTR)FILE_NAME, &info, MMIO_READ);
    mmioGetInfo(h, &info, 0);
    for (;;) {
        if (info.pchNext == info.pchEndRead) {
            r = mmioAdvance(h, &info, MMIO_READ);
            advances++;
            if (r != MMSYSERR_NOERROR || info.pchNext == info.pchEndRead)
                break;
        }
        ok &= *info.pchNext == (char)pattern_at(total);
        info.pchNext++;
        total++;
    }
    printf("direct loop: result=%u advances=%ld total=%ld ok=%ld\n", (unsigned)r, advances, total, ok);
    show_info("direct loop end", &info);
    printf("direct loop setinfo: %u\n", (unsigned)mmioSetInfo(h, &info, 0));
    printf("direct loop pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("direct loop advance write on read-only: %u\n", (unsigned)mmioAdvance(h, &info, MMIO_WRITE));
    mmioClose(h, 0);
}

int main(void)
{
    printf("make file: %d\n", make_pattern_file(FILE_NAME, 520));
    setup_table();
    five_byte_walk();
    seek_end("unbuffered", 0, 0);
    seek_end("buffered", 0, 64);
    seek_end("alloc", MMIO_ALLOCBUF, 0);
    read_across();
    set_buffer();
    write_flush();
    set_info();
    direct_read_loop();
    return 0;
}
