/* Shared helpers for the oracle probes: each probe is one C program written against
 * the Windows <mmsystem.h>, run under Wine with oracle/wine-run, printing
 * deterministic lines (pointers as offsets from pchBuffer, never raw addresses). */
#include <windows.h>
#include <mmsystem.h>
#include <stdio.h>
#include <string.h>

#define PROBE_DIR "probe-tmp"
#define PROBE_UNUSED __attribute__((unused))

/* A pointer as text: NULL, an offset from base, or "wild" when base is NULL. */
PROBE_UNUSED static const char *ptr_text(const char *p, const char *base, char *out)
{
    if (!p) return "NULL";
    if (p == (const char *)(UINT_PTR)0x5A5A5A5A5A5A5A5AULL) return "untouched";
    if (!base) { sprintf(out, "wild"); return out; }
    sprintf(out, "%+ld", (long)(p - base));
    return out;
}

/* One line with every MMIOINFO field (pointers relative to pchBuffer). */
PROBE_UNUSED static void dump_info(const char *tag, const MMIOINFO *i)
{
    char a[32], b[32], c[32];
    printf("%s: flags=%08lx fcc=%.4s err=%u cch=%ld buf=%s next=%s endr=%s endw=%s lbuf=%ld ldisk=%ld "
           "adw=%lx,%lx,%lx hmmio=%s\n",
           tag, (unsigned long)i->dwFlags, i->fccIOProc ? (const char *)&i->fccIOProc : "0000",
           (unsigned)i->wErrorRet, (long)i->cchBuffer, i->pchBuffer ? "set" : "NULL",
           ptr_text(i->pchNext, i->pchBuffer, a), ptr_text(i->pchEndRead, i->pchBuffer, b),
           ptr_text(i->pchEndWrite, i->pchBuffer, c), (long)i->lBufOffset, (long)i->lDiskOffset,
           (unsigned long)i->adwInfo[0], (unsigned long)i->adwInfo[1], (unsigned long)i->adwInfo[2],
           !i->hmmio ? "NULL" : i->hmmio == (HMMIO)(UINT_PTR)0x5A5A5A5A5A5A5A5AULL ? "untouched" : "set");
}

PROBE_UNUSED static void show_state(const char *tag, HMMIO h)
{
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    MMRESULT r = mmioGetInfo(h, &i, 0);
    if (r) { printf("%s: getinfo failed %u\n", tag, r); return; }
    dump_info(tag, &i);
}

/* ---- a logging I/O procedure over a memory "disk" ---- */
static char store[65536];
static long store_len;
static int quiet;

PROBE_UNUSED static void store_fill(long len)
{
    for (long k = 0; k < len; k++) store[k] = (char)k;
    store_len = len;
}

PROBE_UNUSED static LRESULT CALLBACK store_proc(LPSTR info, UINT msg, LPARAM p1, LPARAM p2)
{
    MMIOINFO *mi = (MMIOINFO *)info;
    switch (msg) {
    case MMIOM_OPEN:
        if (!quiet) printf("  OPEN name=%s flags=%08lx disk=%ld adw0=%lx\n", p1 ? (char *)p1 : "(null)",
                           (unsigned long)mi->dwFlags, (long)mi->lDiskOffset, (unsigned long)mi->adwInfo[0]);
        mi->lDiskOffset = 0;
        return 0;
    case MMIOM_CLOSE:
        if (!quiet) printf("  CLOSE flags=%lx\n", (long)p1);
        return 0;
    case MMIOM_READ: {
        long at = mi->lDiskOffset, n = (long)p2;
        if (at >= store_len) n = 0; else if (at + n > store_len) n = store_len - at;
        if (n > 0) memcpy((char *)p1, store + at, n);
        mi->lDiskOffset += n;
        if (!quiet) printf("  READ at=%ld len=%ld -> %ld\n", at, (long)p2, n);
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        long at = mi->lDiskOffset, n = (long)p2;
        memcpy(store + at, (char *)p1, n);
        if (at + n > store_len) store_len = at + n;
        mi->lDiskOffset += n;
        if (!quiet) printf("  %s at=%ld len=%ld\n", msg == MMIOM_WRITE ? "WRITE" : "WRITEFLUSH", at, n);
        return n;
    }
    case MMIOM_SEEK: {
        long base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? mi->lDiskOffset : store_len;
        long to = base + (long)p1;
        if (!quiet) printf("  SEEK %ld origin=%ld -> %ld\n", (long)p1, (long)p2, to < 0 ? -1 : to);
        if (to < 0) return -1;
        mi->lDiskOffset = to;
        return to;
    }
    case MMIOM_RENAME:
        if (!quiet) printf("  RENAME %s -> %s\n", (char *)p1, (char *)p2);
        return 0;
    default:
        if (!quiet) printf("  USER %u\n", msg);
        return 0;
    }
}

/* Puts n bytes at pchNext and moves it past them, marking the buffer dirty if asked. */
PROBE_UNUSED static void put_bytes(MMIOINFO *i, const char *bytes, int n, int dirty)
{
    memcpy(i->pchNext, bytes, n);
    i->pchNext += n;
    if (dirty) i->dwFlags |= MMIO_DIRTY;
}

/* One line "<tag>[0..n]:" with the store's first n bytes as numbers. */
PROBE_UNUSED static void show_store(const char *tag, int n)
{
    printf("%s[0..%d]:", tag, n);
    for (int k = 0; k < n; k++) printf(" %d", store[k]);
    printf("\n");
}

/* Opens the store through store_proc (per-open pIOProc), with this buffer size. */
PROBE_UNUSED static HMMIO open_store(DWORD flags, LONG cch)
{
    MMIOINFO i;
    memset(&i, 0, sizeof i);
    i.pIOProc = store_proc;
    i.fccIOProc = mmioFOURCC('S', 'T', 'O', 'R');
    i.cchBuffer = cch;
    return mmioOpenA((LPSTR) "store.str", &i, flags);
}
