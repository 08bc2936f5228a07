/* Q: what reaches the caller when an I/O procedure fails: MMIOM_OPEN returning an MMIO
 * code or an arbitrary value, MMIOM_READ / MMIOM_WRITE / MMIOM_SEEK returning -1. */
#include "probe.h"

static LRESULT open_result;
static int fail_read, fail_write, fail_seek;

static LRESULT CALLBACK failing_proc(LPSTR info, UINT msg, LPARAM p1, LPARAM p2)
{
    if (msg == MMIOM_OPEN && open_result) return open_result;
    if (msg == MMIOM_READ && fail_read) return -1;
    if ((msg == MMIOM_WRITE || msg == MMIOM_WRITEFLUSH) && fail_write) return -1;
    if (msg == MMIOM_SEEK && fail_seek) return -1;
    return store_proc(info, msg, p1, p2);
}

static HMMIO open_failing(DWORD flags, LONG cch)
{
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    i.pIOProc = failing_proc;
    i.fccIOProc = mmioFOURCC('F', 'A', 'I', 'L');
    i.cchBuffer = cch;
    HMMIO h = mmioOpenA((LPSTR) "x.fail", &i, flags);
    if (!h) printf("  open -> NULL err=%u\n", i.wErrorRet);
    return h;
}

int main(void)
{
    quiet = 1;
    store_fill(40);
    LRESULT results[] = {MMIOERR_CANNOTOPEN, MMIOERR_FILENOTFOUND, 1234, -1};
    for (int k = 0; k < 4; k++) {
        open_result = results[k];
        printf("MMIOM_OPEN returns %ld:\n", (long)results[k]);
        HMMIO h = open_failing(MMIO_READ, 0);
        if (h) { printf("  open -> handle\n"); mmioClose(h, 0); }
    }
    open_result = 0;
    char tmp[8];
    for (int cch = 0; cch <= 16; cch += 16) {
        printf("== buffer %d\n", cch);
        HMMIO h = open_failing(MMIO_READWRITE, cch);
        fail_read = 1;
        printf("read with MMIOM_READ -1 -> %ld\n", (long)mmioRead(h, tmp, 4));
        fail_read = 0;
        fail_write = 1;
        printf("write 4 with MMIOM_WRITE -1 -> %ld\n", (long)mmioWrite(h, "abcd", 4));
        printf("flush -> %u\n", mmioFlush(h, 0));
        fail_write = 0;
        fail_seek = 1;
        printf("seek 10 with MMIOM_SEEK -1 -> %ld\n", (long)mmioSeek(h, 10, SEEK_SET));
        fail_seek = 0;
        printf("  cur -> %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
        fail_write = 1;
        printf("close -> %u\n", mmioClose(h, 0));
        fail_write = 0;
    }
    return 0;
}
