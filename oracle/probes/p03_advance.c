/* Q: mmioAdvance: what it writes back into the caller's MMIOINFO, which messages it
 * sends, read/write/EOF/mode/unbuffered cases. A 40-byte store, 16-byte buffer. */
#include "probe.h"

static HMMIO fresh(DWORD flags, LONG cch, long len)
{
    store_fill(len);
    quiet = 1;
    HMMIO h = open_store(flags, cch);
    quiet = 0;
    return h;
}

static void adv(const char *tag, HMMIO h, MMIOINFO *i, UINT how)
{
    MMRESULT r = mmioAdvance(h, i, how);
    printf("%s -> %u\n", tag, r);
    dump_info("  caller", i);
    show_state("  handle", h);
}

int main(void)
{
    MMIOINFO i;
    HMMIO h = fresh(MMIO_READWRITE, 16, 40);
    mmioGetInfo(h, &i, 0);
    dump_info("just-opened", &i);
    adv("advance READ 1", h, &i, MMIO_READ);
    adv("advance READ 2", h, &i, MMIO_READ);
    adv("advance READ 3", h, &i, MMIO_READ);
    adv("advance READ 4 (eof)", h, &i, MMIO_READ);
    adv("advance READ 5 (eof)", h, &i, MMIO_READ);
    mmioClose(h, 0);

    printf("== advance after a partial direct read\n");
    h = fresh(MMIO_READWRITE, 16, 40);
    mmioGetInfo(h, &i, 0);
    adv("advance READ", h, &i, MMIO_READ);
    i.pchNext += 5;
    adv("advance READ with next+5", h, &i, MMIO_READ);
    mmioClose(h, 0);

    printf("== direct writes\n");
    h = fresh(MMIO_READWRITE | MMIO_CREATE, 16, 0);
    mmioGetInfo(h, &i, 0);
    adv("advance WRITE clean empty", h, &i, MMIO_WRITE);
    put_bytes(&i, "abcde", 5, 1);
    adv("advance WRITE 5 dirty", h, &i, MMIO_WRITE);
    put_bytes(&i, "fgh", 3, 0);
    adv("advance WRITE 3 without DIRTY", h, &i, MMIO_WRITE);
    put_bytes(&i, "ijklmnopqrstuvwx", 16, 1);
    adv("advance WRITE full buffer dirty", h, &i, MMIO_WRITE);
    put_bytes(&i, "yz", 2, 1);
    adv("advance READ after dirty 2", h, &i, MMIO_READ);
    printf("store_len=%ld: %.*s\n", store_len, (int)store_len, store);
    mmioClose(h, 0);

    printf("== advance WRITE after reading part of a file\n");
    h = fresh(MMIO_READWRITE, 16, 40);
    char tmp[6];
    mmioRead(h, tmp, 6);
    mmioGetInfo(h, &i, 0);
    adv("advance WRITE clean after read 6", h, &i, MMIO_WRITE);
    mmioClose(h, 0);
    h = fresh(MMIO_READWRITE, 16, 40);
    mmioRead(h, tmp, 6);
    mmioGetInfo(h, &i, 0);
    put_bytes(&i, "Q", 1, 1);
    adv("advance WRITE dirty after read 6 (+1 byte)", h, &i, MMIO_WRITE);
    mmioClose(h, 0);
    show_store("store", 20);

    printf("== modes\n");
    h = fresh(MMIO_READ, 16, 40);
    mmioGetInfo(h, &i, 0);
    dump_info("read-only opened", &i);
    adv("read-only advance WRITE", h, &i, MMIO_WRITE);
    mmioClose(h, 0);
    h = fresh(MMIO_WRITE, 16, 40);
    mmioGetInfo(h, &i, 0);
    adv("write-only advance READ", h, &i, MMIO_READ);
    mmioClose(h, 0);
    h = fresh(MMIO_READWRITE, 0, 40);
    mmioGetInfo(h, &i, 0);
    adv("unbuffered advance READ", h, &i, MMIO_READ);
    adv("unbuffered advance WRITE", h, &i, MMIO_WRITE);
    mmioClose(h, 0);
    h = fresh(MMIO_READWRITE, 16, 40);
    mmioGetInfo(h, &i, 0);
    adv("advance flags=2", h, &i, 2);
    adv("advance flags=0x10", h, &i, 0x10);
    printf("advance NULL info READ -> %u\n", mmioAdvance(h, NULL, MMIO_READ));
    show_state("  handle", h);
    mmioClose(h, 0);
    return 0;
}
