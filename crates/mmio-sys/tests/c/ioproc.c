/* I/O procedures (docs/behavior.md section 7): a custom procedure over its own storage whose
 * messages are logged (and so compared with Windows), installed globally by FOURCC and
 * chosen by compound names, A and W flavours, a per-file procedure in pIOProc,
 * install/remove/find rules, mmioSendMessage and mmioRenameA through a procedure. */
#include "suite.h"

static char store[256];
static long store_len;
static HMMIO current;

/* The log line's prefix: which procedure got the message. */
static void log_head(const char *who, MMIOINFO *info, const char *msg)
{
    printf("%s %s: diskoff=%ld", who, msg, (long)info->lDiskOffset);
    if (current != NULL)
        printf(" hmmio=%s", info->hmmio == current ? "ok" : "other");
}

/* A procedure keeping one file in `store`. adwInfo[2] == 1 makes MMIOM_OPEN fail. */
static LRESULT handle_message(const char *who, LPSTR p, UINT msg, LPARAM a, LPARAM b, int wide)
{
    MMIOINFO *info = (MMIOINFO *)p;
    char name[64], name2[64];
    long at = info->lDiskOffset, n;
    switch (msg) {
    case MMIOM_OPEN:
        if (wide)
            narrow((const WCHAR *)a, name, sizeof name);
        else
            snprintf(name, sizeof name, "%s", (const char *)a);
        log_head(who, info, "open");
        printf(" name=%s flags=0x%lx adw=%lu,%lu,%lu\n", name, (unsigned long)info->dwFlags,
               (unsigned long)info->adwInfo[0], (unsigned long)info->adwInfo[1], (unsigned long)info->adwInfo[2]);
        if (info->adwInfo[2] == 1)
            return MMIOERR_CANNOTOPEN;
        if (info->dwFlags & MMIO_CREATE)
            store_len = 0;
        info->lDiskOffset = 0;
        info->adwInfo[1] = 77;
        return 0;
    case MMIOM_CLOSE:
        log_head(who, info, "close");
        printf(" flags=0x%lx adw1=%lu\n", (unsigned long)a, (unsigned long)info->adwInfo[1]);
        return 0;
    case MMIOM_READ:
        n = store_len - at < (long)b ? store_len - at : (long)b;
        if (n < 0)
            n = 0;
        memcpy((char *)a, store + at, (size_t)n);
        info->lDiskOffset = at + n;
        log_head(who, info, "read");
        printf(" at=%ld asked=%ld got=%ld\n", at, (long)b, n);
        return n;
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
        n = at + (long)b > (long)sizeof store ? (long)sizeof store - at : (long)b;
        memcpy(store + at, (const char *)a, (size_t)n);
        if (at + n > store_len)
            store_len = at + n;
        info->lDiskOffset = at + n;
        log_head(who, info, msg == MMIOM_WRITE ? "write" : "writeflush");
        printf(" at=%ld n=%ld\n", at, n);
        return n;
    case MMIOM_SEEK:
        n = (long)a + (b == SEEK_CUR ? at : b == SEEK_END ? store_len : 0);
        log_head(who, info, "seek");
        printf(" offset=%ld origin=%ld -> %ld\n", (long)a, (long)b, n);
        if (n < 0)
            return -1;
        info->lDiskOffset = n;
        return n;
    case MMIOM_RENAME:
        if (wide) {
            narrow((const WCHAR *)a, name, sizeof name);
            narrow((const WCHAR *)b, name2, sizeof name2);
        } else {
            snprintf(name, sizeof name, "%s", (const char *)a);
            snprintf(name2, sizeof name2, "%s", (const char *)b);
        }
        printf("%s rename: %s -> %s\n", who, name, name2);
        return 0;
    default:
        log_head(who, info, "user");
        printf(" msg=0x%x p1=%ld p2=%ld\n", msg, (long)a, (long)b);
        return a + b;
    }
}

static LRESULT CALLBACK tst_proc(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    return handle_message("tst", p, msg, a, b, 0);
}

static LRESULT CALLBACK own_proc(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    return handle_message("own", p, msg, a, b, 0);
}

static LRESULT CALLBACK wide_proc(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    return handle_message("wproc", p, msg, a, b, 1);
}

static const FOURCC TST = mmioFOURCC('T', 'S', 'T', ' ');

/* Buffered writes, a seek, reads, user messages and close through the procedure. */
static void messages(void)
{
    MMIOINFO info;
    char back[16];
    LONG r;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 8;
    info.adwInfo[0] = 1234;
    current = NULL;
    current = mmioOpenA("data.tst+part", &info, MMIO_CREATE | MMIO_READWRITE);
    printf("messages open: %d wErrorRet=%u\n", current != NULL, (unsigned)info.wErrorRet);
    memset(&info, 0, sizeof info);
    mmioGetInfo(current, &info, 0);
    printf("messages info:");
    show_fourcc("fcc", info.fccIOProc);
    printf(" pIOProc=%s adw=%lu,%lu\n", info.pIOProc == tst_proc ? "tst" : "other", (unsigned long)info.adwInfo[0],
           (unsigned long)info.adwInfo[1]);
    printf("messages write 12: %ld\n", (long)mmioWrite(current, "0123456789AB", 12));
    printf("messages seek 2: %ld\n", (long)mmioSeek(current, 2, SEEK_SET));
    memset(back, 0, sizeof back);
    r = mmioRead(current, back, 5);
    printf("messages read 5: %ld %.5s\n", (long)r, back);
    printf("messages seek end 3: %ld\n", (long)mmioSeek(current, 3, SEEK_END));
    r = mmioRead(current, back, 10);
    printf("messages read to end: %ld %.3s\n", (long)r, back);
    printf("messages user: %ld\n", (long)mmioSendMessage(current, MMIOM_USER + 5, 2, 3));
    printf("messages send read: %ld\n", (long)mmioSendMessage(current, MMIOM_READ, 0, 0));
    printf("messages flush: %u\n", (unsigned)mmioFlush(current, 0));
    printf("messages close: %u\n", (unsigned)mmioClose(current, 0));
    current = NULL;
    printf("messages store: %ld %.12s\n", store_len, store);
}

/* Unbuffered: every call goes straight to the procedure. */
static void unbuffered(void)
{
    char back[4];
    LONG r;
    memset(back, 0, sizeof back);
    current = mmioOpenA("data.tst+", NULL, MMIO_READ);
    printf("unbuffered open: %d\n", current != NULL);
    r = mmioRead(current, back, 4);
    printf("unbuffered read 4: %ld %.4s\n", (long)r, back);
    printf("unbuffered seek cur 1: %ld\n", (long)mmioSeek(current, 1, SEEK_CUR));
    printf("unbuffered write on read-only: %ld\n", (long)mmioWrite(current, "x", 1));
    printf("unbuffered close: %u\n", (unsigned)mmioClose(current, 0));
    current = NULL;
}

/* Install, find and remove rules. */
static void registry(void)
{
    MMIOINFO info;
    HMMIO h;
    printf("registry find tst: %d\n", mmioInstallIOProcA(TST, NULL, MMIO_FINDPROC) == tst_proc);
    printf("registry install again: %d\n", mmioInstallIOProcA(TST, tst_proc, MMIO_INSTALLPROC) == tst_proc);
    printf("registry remove 1: %d\n", mmioInstallIOProcA(TST, tst_proc, MMIO_REMOVEPROC) == tst_proc);
    printf("registry still found: %d\n", mmioInstallIOProcA(TST, NULL, MMIO_FINDPROC) == tst_proc);
    h = mmioOpenA("busy.tst+", NULL, MMIO_READ);
    printf("registry remove in use: %d\n", mmioInstallIOProcA(TST, tst_proc, MMIO_REMOVEPROC) == NULL);
    mmioClose(h, 0);
    printf("registry remove 2: %d\n", mmioInstallIOProcA(TST, tst_proc, MMIO_REMOVEPROC) == tst_proc);
    printf("registry gone: %d\n", mmioInstallIOProcA(TST, NULL, MMIO_FINDPROC) == NULL);
    printf("registry remove missing: %d\n", mmioInstallIOProcA(TST, tst_proc, MMIO_REMOVEPROC) == NULL);
    memset(&info, 0, sizeof info);
    h = mmioOpenA("gone.tst+x", &info, MMIO_READ);
    printf("registry open unknown by name: %d wErrorRet=%u\n", h == NULL, (unsigned)info.wErrorRet);
    memset(&info, 0, sizeof info);
    info.fccIOProc = TST;
    h = mmioOpenA("gone", &info, MMIO_READ);
    printf("registry open unknown by fourcc: %d wErrorRet=%u\n", h == NULL, (unsigned)info.wErrorRet);
    printf("registry two actions: %d\n",
           mmioInstallIOProcA(TST, tst_proc, MMIO_INSTALLPROC | MMIO_FINDPROC) == NULL);
    printf("registry no action: %d\n", mmioInstallIOProcA(TST, tst_proc, 0) == NULL);
    printf("registry find dos: %d\n", mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC) != NULL);
    printf("registry find mem: %d\n", mmioInstallIOProcA(FOURCC_MEM, NULL, MMIO_FINDPROC) != NULL);
    printf("registry remove dos: %d\n", mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_REMOVEPROC) == NULL);
    printf("registry dos still there: %d\n", mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC) != NULL);
}

/* A procedure given in pIOProc serves one file and is findable while it is open. */
static void per_file(void)
{
    const FOURCC own = mmioFOURCC('O', 'W', 'N', ' ');
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.pIOProc = own_proc;
    info.fccIOProc = own;
    current = NULL;
    current = mmioOpenA("anything", &info, MMIO_READWRITE | MMIO_CREATE);
    printf("per-file open: %d\n", current != NULL);
    printf("per-file findable: %d\n", mmioInstallIOProcA(own, NULL, MMIO_FINDPROC) == own_proc);
    printf("per-file write: %ld\n", (long)mmioWrite(current, "xyz", 3));
    printf("per-file close: %u\n", (unsigned)mmioClose(current, 0));
    current = NULL;
    printf("per-file gone: %d\n", mmioInstallIOProcA(own, NULL, MMIO_FINDPROC) == NULL);
    memset(&info, 0, sizeof info);
    info.pIOProc = own_proc;
    info.adwInfo[2] = 1;
    printf("per-file failing open: %d", mmioOpenA("fails", &info, MMIO_READ) == NULL);
    printf(" wErrorRet=%u\n", (unsigned)info.wErrorRet);
}

/* W functions: a procedure installed with mmioInstallIOProcW gets UTF-16 names. */
static void wide(void)
{
    const FOURCC wts = mmioFOURCC('W', 'T', 'S', ' ');
    WCHAR name[32], from[32], to[32];
    printf("wide fourcc: 0x%lx\n", (unsigned long)mmioStringToFOURCCW(widen("wts", name, 32), MMIO_TOUPPER));
    printf("wide install: %d\n", mmioInstallIOProcW(wts, wide_proc, MMIO_INSTALLPROC) == wide_proc);
    current = NULL;
    current = mmioOpenW(widen("file.wts+elem", name, 32), NULL, MMIO_READ);
    printf("wide open: %d\n", current != NULL);
    printf("wide close: %u\n", (unsigned)mmioClose(current, 0));
    current = NULL;
    printf("wide rename: %u\n",
           (unsigned)mmioRenameW(widen("a.wts+x", from, 32), widen("b.wts+y", to, 32), NULL, 0));
    printf("wide remove: %d\n", mmioInstallIOProcW(wts, wide_proc, MMIO_REMOVEPROC) == wide_proc);
}

/* Shadowing the built-in DOS procedure works through fccIOProc only. */
static void shadow_dos(void)
{
    MMIOINFO info;
    HMMIO h;
    printf("shadow install: %d\n", mmioInstallIOProcA(FOURCC_DOS, own_proc, MMIO_INSTALLPROC) == own_proc);
    h = mmioOpenA("plain.bin", NULL, MMIO_CREATE | MMIO_WRITE);
    printf("shadow by name uses the file: %d\n", h != NULL);
    mmioClose(h, 0);
    memset(&info, 0, sizeof info);
    info.fccIOProc = FOURCC_DOS;
    h = mmioOpenA("plain.bin", &info, MMIO_READ);
    printf("shadow by fourcc: %d\n", h != NULL);
    mmioClose(h, 0);
    printf("shadow remove: %d\n", mmioInstallIOProcA(FOURCC_DOS, own_proc, MMIO_REMOVEPROC) == own_proc);
}

/* A procedure whose storage refuses writes and seeks: every failure is reported. */
static LRESULT CALLBACK broken_proc(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    MMIOINFO *info = (MMIOINFO *)p;
    (void)a;
    switch (msg) {
    case MMIOM_OPEN:
        info->lDiskOffset = 0;
        return 0;
    case MMIOM_READ:
        return 0;
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
    case MMIOM_SEEK:
        printf("broken msg %u: refused\n", msg);
        return -1;
    default:
        return 0;
    }
    (void)b;
}

static void failures(void)
{
    HMMIO h = open_with_proc("broken", broken_proc, MMIO_READWRITE);
    printf("failures unbuffered write: %ld\n", (long)mmioWrite(h, "abc", 3));
    printf("failures unbuffered seek: %ld\n", (long)mmioSeek(h, 5, SEEK_SET));
    printf("failures setbuffer: %u\n", (unsigned)mmioSetBuffer(h, NULL, 16, 0));
    printf("failures buffered write: %ld\n", (long)mmioWrite(h, "abc", 3));
    printf("failures flush: %u\n", (unsigned)mmioFlush(h, 0));
    printf("failures close: %u\n", (unsigned)mmioClose(h, 0));
}

/* A procedure that refuses MMIOM_OPEN, after noting the handle value the file would
 * have had. That value must never reach another file: the next open gets another
 * one, and calls through the old one are refused. */
static HMMIO refused_handle;

static LRESULT CALLBACK refusing_proc(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    (void)a;
    (void)b;
    if (msg == MMIOM_OPEN) {
        refused_handle = ((MMIOINFO *)p)->hmmio;
        return MMIOERR_CANNOTOPEN;
    }
    return 0;
}

static void refused_handles(void)
{
    HMMIO seen[200], next;
    char buf[4];
    int i, j, distinct = 1;
    printf("refused open: %d\n", open_with_proc("refused.bin", refusing_proc, MMIO_READ) == NULL);
    printf("refused procedure saw a handle: %d\n", refused_handle != NULL);
    next = mmioOpenA("refused.bin", NULL, MMIO_CREATE | MMIO_READWRITE);
    printf("refused next open gets another value: %d\n", next != NULL && next != refused_handle);
    printf("refused read through the old value: %ld\n", (long)mmioRead(refused_handle, buf, sizeof buf));
    printf("refused close through the old value: %u\n", (unsigned)mmioClose(refused_handle, 0));
    printf("refused next still open: %u\n", (unsigned)mmioClose(next, 0));
    for (i = 0; i < 200; i++) {
        open_with_proc("refused.bin", refusing_proc, MMIO_READ);
        seen[i] = refused_handle;
        for (j = 0; j < i; j++)
            distinct &= seen[j] != seen[i];
    }
    printf("refused 200 opens saw 200 values: %d\n", distinct);
}

int main(void)
{
    printf("fourcc: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("tst", MMIO_TOUPPER));
    printf("install: %d\n", mmioInstallIOProcA(TST, tst_proc, MMIO_INSTALLPROC) == tst_proc);
    messages();
    unbuffered();
    printf("rename: %u\n", (unsigned)mmioRenameA("old.tst+a", "new.tst+b", NULL, 0));
    registry();
    per_file();
    wide();
    shadow_dos();
    failures();
    refused_handles();
    return 0;
}
