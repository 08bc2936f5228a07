/* Q: which messages does a custom I/O procedure receive for each buffered operation?
 * A 100-byte store (byte k = k), a 16-byte internal buffer unless said otherwise. */
#include "probe.h"

static HMMIO fresh(DWORD flags, LONG cch, long len)
{
    store_fill(len);
    printf("open:\n");
    return open_store(flags, cch);
}

static void rd(HMMIO h, long n)
{
    static char tmp[256];
    printf("read %ld:\n", n);
    LONG r = mmioRead(h, tmp, n);
    printf("  -> %ld\n", (long)r);
}

static void wr(HMMIO h, long n)
{
    static char tmp[256];
    memset(tmp, 'w', sizeof tmp);
    printf("write %ld:\n", n);
    LONG r = mmioWrite(h, tmp, n);
    printf("  -> %ld\n", (long)r);
}

static void sk(HMMIO h, long off, int origin)
{
    printf("seek %ld,%d:\n", off, origin);
    LONG r = mmioSeek(h, off, origin);
    printf("  -> %ld\n", (long)r);
}

int main(void)
{
    printf("== buffered reads and seeks\n");
    HMMIO h = fresh(MMIO_READWRITE, 16, 100);
    rd(h, 4);
    rd(h, 20);
    show_state("state", h);
    sk(h, 30, SEEK_SET);
    sk(h, 17, SEEK_SET);
    show_state("state", h);
    sk(h, 2, SEEK_CUR);
    sk(h, 0, SEEK_END);
    show_state("state", h);
    sk(h, 10, SEEK_END);
    rd(h, 40);
    rd(h, 4);
    sk(h, 50, SEEK_SET);
    rd(h, 40);
    show_state("state", h);
    printf("close:\n");
    mmioClose(h, 0);

    printf("== buffered writes\n");
    h = fresh(MMIO_READWRITE, 16, 100);
    wr(h, 4);
    show_state("state", h);
    wr(h, 12);
    show_state("state", h);
    wr(h, 1);
    show_state("state", h);
    wr(h, 40);
    show_state("state", h);
    printf("flush:\n");
    mmioFlush(h, 0);
    show_state("state", h);
    wr(h, 3);
    printf("flush EMPTYBUF:\n");
    mmioFlush(h, MMIO_EMPTYBUF);
    show_state("state", h);
    printf("flush clean:\n");
    mmioFlush(h, 0);
    wr(h, 3);
    sk(h, 0, SEEK_END);
    show_state("state", h);
    wr(h, 2);
    printf("setbuffer(NULL,32) dirty:\n");
    printf("  -> %u\n", mmioSetBuffer(h, NULL, 32, 0));
    show_state("state", h);
    wr(h, 2);
    printf("close dirty:\n");
    mmioClose(h, 0);

    printf("== read then write in one buffer\n");
    h = fresh(MMIO_READWRITE, 16, 100);
    rd(h, 4);
    wr(h, 2);
    show_state("state", h);
    rd(h, 14);
    show_state("state", h);
    printf("close:\n");
    mmioClose(h, 0);

    printf("== unbuffered\n");
    h = fresh(MMIO_READWRITE, 0, 100);
    rd(h, 4);
    wr(h, 2);
    sk(h, 10, SEEK_SET);
    sk(h, 0, SEEK_CUR);
    sk(h, 5, SEEK_END);
    rd(h, 10);
    printf("flush:\n");
    mmioFlush(h, 0);
    printf("close:\n");
    mmioClose(h, 0);

    printf("== write-only\n");
    h = fresh(MMIO_WRITE | MMIO_CREATE, 16, 0);
    wr(h, 5);
    sk(h, 2, SEEK_SET);
    wr(h, 1);
    show_state("state", h);
    sk(h, 0, SEEK_END);
    printf("close:\n");
    mmioClose(h, 0);
    printf("store_len=%ld\n", store_len);
    return 0;
}
