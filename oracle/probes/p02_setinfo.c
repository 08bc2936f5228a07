/* Q: which MMIOINFO fields does mmioSetInfo take back, and what does an out-of-range
 * pointer do? A 100-byte store, a 16-byte internal buffer. */
#include "probe.h"

static HMMIO fresh(void)
{
    store_fill(100);
    quiet = 1;
    HMMIO h = open_store(MMIO_READWRITE, 16);
    quiet = 0;
    char tmp[4];
    mmioRead(h, tmp, 4);
    return h;
}

static void pos(const char *tag, HMMIO h)
{
    printf("%s: pos=%ld\n", tag, (long)mmioSeek(h, 0, SEEK_CUR));
}

/* mmioSetInfo with i, its result after the label, then the state it left. */
static void set_and_show(HMMIO h, MMIOINFO *i, const char *label)
{
    printf("%s -> %u\n", label, mmioSetInfo(h, i, 0));
    show_state("  state", h);
}

int main(void)
{
    MMIOINFO i;
    HMMIO h = fresh();
    show_state("after-read4", h);

    mmioGetInfo(h, &i, 0);
    i.pchNext = i.pchBuffer + 8;
    set_and_show(h, &i, "set next+8");
    pos("  seek-cur", h);

    mmioGetInfo(h, &i, 0);
    i.lBufOffset = 50;
    set_and_show(h, &i, "set lbuf=50");
    mmioClose(h, 0);

    h = fresh();
    mmioGetInfo(h, &i, 0);
    i.pchEndRead = i.pchBuffer + 10;
    i.adwInfo[1] = 0x99;
    i.lDiskOffset = 3;
    i.pchEndWrite = i.pchBuffer + 12;
    set_and_show(h, &i, "set endr+10 endw+12 adw1 ldisk=3");
    mmioClose(h, 0);

    h = fresh();
    mmioGetInfo(h, &i, 0);
    i.pchNext = i.pchBuffer + 17;
    set_and_show(h, &i, "set next+17");
    mmioGetInfo(h, &i, 0);
    i.pchNext = i.pchBuffer - 1;
    set_and_show(h, &i, "set next-1");
    mmioGetInfo(h, &i, 0);
    i.pchEndRead = i.pchBuffer + 17;
    set_and_show(h, &i, "set endr+17");
    mmioGetInfo(h, &i, 0);
    i.pchEndWrite = i.pchBuffer + 17;
    set_and_show(h, &i, "set endw+17");
    mmioGetInfo(h, &i, 0);
    i.pchNext = i.pchBuffer + 16;
    set_and_show(h, &i, "set next+16 (end)");
    mmioClose(h, 0);

    /* DIRTY set by the caller: what is written at close? */
    h = fresh();
    mmioGetInfo(h, &i, 0);
    put_bytes(&i, "WXYZ", 4, 1);
    set_and_show(h, &i, "write 4 at next, set DIRTY");
    printf("close:\n");
    mmioClose(h, 0);
    show_store("  store", 20);

    /* DIRTY cleared by the caller after mmioWrite: is the data lost? */
    h = fresh();
    mmioWrite(h, "ab", 2);
    show_state("after-write2", h);
    mmioGetInfo(h, &i, 0);
    i.dwFlags &= ~MMIO_DIRTY;
    set_and_show(h, &i, "clear DIRTY");
    printf("close:\n");
    mmioClose(h, 0);
    show_store("  store", 8);

    /* other dwFlags bits */
    h = fresh();
    mmioGetInfo(h, &i, 0);
    i.dwFlags = MMIO_READ;
    set_and_show(h, &i, "set flags=READ");
    printf("  write -> %ld\n", (long)mmioWrite(h, "q", 1));
    mmioClose(h, 0);

    /* mmioSetInfo on an unbuffered file */
    quiet = 1;
    h = open_store(MMIO_READWRITE, 0);
    quiet = 0;
    mmioGetInfo(h, &i, 0);
    i.lBufOffset = 7;
    set_and_show(h, &i, "unbuffered set lbuf=7");
    pos("  seek-cur", h);
    mmioClose(h, 0);
    return 0;
}
