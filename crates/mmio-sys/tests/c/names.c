/* Names and open modes (docs/behavior.md sections 2 and 7): MMIO_PARSE, MMIO_EXIST,
 * MMIO_DELETE, MMIO_GETTEMP in the A and W flavours, missing files, MMIO_CREATE
 * truncation, share modes between handles, mmioRenameA/W, mmioOpenW and
 * mmioStringToFOURCCA/W. Full paths are printed by their last component only. */
#include "suite.h"

/* The text after the last '/' or '\\'. */
static const char *last_part(const char *path)
{
    const char *p = path, *last = path;
    for (; *p; p++)
        if (*p == '/' || *p == '\\')
            last = p + 1;
    return last;
}

static int is_absolute(const char *path)
{
    return path[0] == '/' || path[0] == '\\' || (path[0] != 0 && path[1] == ':');
}

/* mmioOpen with a name-only flag (MMIO_EXIST, MMIO_DELETE), from a writable
 * 128-byte buffer as the documentation asks. */
static int name_op(const char *name, DWORD flag)
{
    char buf[128];
    snprintf(buf, sizeof buf, "%s", name);
    return mmioOpenA(buf, NULL, flag) == (HMMIO)TRUE;
}

static void parse(void)
{
    char name[128], longname[200];
    WCHAR wname[128];
    MMIOINFO info;
    HMMIO r;
    int i;
    strcpy(name, "parsed.bin");
    memset(&info, 0, sizeof info);
    r = mmioOpenA(name, &info, MMIO_PARSE);
    printf("parse: %d wErrorRet=%u absolute=%d last=%s\n", r == (HMMIO)TRUE, (unsigned)info.wErrorRet,
           is_absolute(name), last_part(name));
    printf("parse missing file ok: %d\n", !name_op(name, MMIO_EXIST));

    /* a result of 128 bytes or more does not fit */
    memset(longname, 0, sizeof longname);
    for (i = 0; i < 130; i++)
        longname[i] = 'x';
    memset(&info, 0, sizeof info);
    r = mmioOpenA(longname, &info, MMIO_PARSE);
    printf("parse too long: %d wErrorRet=%u unchanged=%d\n", r == (HMMIO)FALSE, (unsigned)info.wErrorRet,
           longname[0] == 'x' && longname[129] == 'x' && longname[130] == 0);

    widen("wparsed.bin", wname, 128);
    memset(&info, 0, sizeof info);
    r = mmioOpenW(wname, &info, MMIO_PARSE);
    narrow(wname, name, sizeof name);
    printf("parse w: %d wErrorRet=%u absolute=%d last=%s\n", r == (HMMIO)TRUE, (unsigned)info.wErrorRet,
           is_absolute(name), last_part(name));
}

static void exist_delete(void)
{
    char name[128];
    WCHAR wname[128];
    unsigned error;
    HMMIO h;
    strcpy(name, "present.bin");
    h = mmioOpenA(name, NULL, MMIO_CREATE | MMIO_WRITE);
    mmioWrite(h, "abc", 3);
    mmioClose(h, 0);
    h = open_for_error(name, MMIO_EXIST, &error);
    printf("exist: %d wErrorRet=%u\n", h == (HMMIO)TRUE, error);
    /* the documentation says MMIO_EXIST "creates a fully qualified file name"; we leave
     * the caller's buffer alone (it is often a string literal) */
    printf("exist name rewritten: %d\n", strcmp(name, "present.bin") != 0);
    strcpy(name, "present.bin");
    printf("exist w: %d\n", mmioOpenW(widen(name, wname, 128), NULL, MMIO_EXIST) == (HMMIO)TRUE);
    strcpy(name, "absent.bin");
    h = open_for_error(name, MMIO_EXIST, &error);
    printf("exist missing: %d wErrorRet=%u\n", h == (HMMIO)FALSE, error);

    strcpy(name, "present.bin");
    printf("delete: %d\n", name_op(name, MMIO_DELETE));
    printf("deleted: %d\n", !name_op(name, MMIO_EXIST));
    printf("delete missing: %d\n", !name_op(name, MMIO_DELETE));
    h = mmioOpenA(name, NULL, MMIO_CREATE | MMIO_WRITE);
    mmioClose(h, 0);
    printf("delete w: %d\n", mmioOpenW(widen(name, wname, 128), NULL, MMIO_DELETE) == (HMMIO)TRUE);
}

static void gettemp(void)
{
    char name[128];
    WCHAR wname[128];
    HMMIO h;
    strcpy(name, "");
    h = mmioOpenA(name, NULL, MMIO_GETTEMP);
    printf("gettemp: %ld named=%d\n", (long)(size_t)h, name[0] != 0);
    if (h == 0) {
        HMMIO f = mmioOpenA(name, NULL, MMIO_CREATE | MMIO_WRITE);
        printf("gettemp usable: %d\n", f != NULL);
        mmioClose(f, 0);
        name_op(name, MMIO_DELETE);
    }
    widen("", wname, 128);
    h = mmioOpenW(wname, NULL, MMIO_GETTEMP);
    printf("gettemp w: %ld named=%d\n", (long)(size_t)h, wname[0] != 0);
    if (h == 0)
        mmioOpenW(wname, NULL, MMIO_DELETE);
}

static void missing_and_create(void)
{
    unsigned error;
    HMMIO h;
    char back[8];
    LONG r;
    h = open_for_error("no-such-file.bin", MMIO_READ, &error);
    printf("missing: %d wErrorRet=%u\n", h == NULL, error);
    h = open_for_error("no-such-dir/file.bin", MMIO_CREATE | MMIO_WRITE, &error);
    printf("missing dir: %d wErrorRet=%u\n", h == NULL, error);

    h = mmioOpenA("trunc.bin", NULL, MMIO_CREATE | MMIO_WRITE);
    mmioWrite(h, "0123456789", 10);
    mmioClose(h, 0);
    h = mmioOpenA("trunc.bin", NULL, MMIO_CREATE | MMIO_READWRITE);
    printf("create truncates: %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    mmioWrite(h, "xy", 2);
    mmioClose(h, 0);
    h = mmioOpenA("trunc.bin", NULL, MMIO_READ);
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, sizeof back);
    printf("create reread: %ld %.2s\n", (long)r, back);
    mmioClose(h, 0);
    h = mmioOpenA("trunc.bin", NULL, MMIO_WRITE);
    printf("write-only read: %ld\n", (long)mmioRead(h, back, 1));
    printf("write-only write: %ld\n", (long)mmioWrite(h, "z", 1));
    mmioClose(h, 0);
}

static void share_modes(void)
{
    unsigned error;
    HMMIO a, b;
    a = mmioOpenA("shared.bin", NULL, MMIO_CREATE | MMIO_WRITE);
    mmioClose(a, 0);
    a = mmioOpenA("shared.bin", NULL, MMIO_READ | MMIO_EXCLUSIVE);
    b = open_for_error("shared.bin", MMIO_READ | MMIO_DENYNONE, &error);
    printf("share exclusive vs denynone: %d wErrorRet=%u\n", b == NULL, error);
    mmioClose(b, 0);
    mmioClose(a, 0);
    a = mmioOpenA("shared.bin", NULL, MMIO_READ | MMIO_DENYWRITE);
    b = open_for_error("shared.bin", MMIO_READWRITE | MMIO_DENYNONE, &error);
    printf("share denywrite vs writer: %d wErrorRet=%u\n", b == NULL, error);
    mmioClose(b, 0);
    b = open_for_error("shared.bin", MMIO_READ | MMIO_DENYNONE, &error);
    printf("share denywrite vs reader: %d\n", b != NULL);
    mmioClose(b, 0);
    mmioClose(a, 0);
}

static void rename_and_fourcc(void)
{
    WCHAR from[32], to[32];
    HMMIO h = mmioOpenA("first.bin", NULL, MMIO_CREATE | MMIO_WRITE);
    mmioClose(h, 0);
    printf("rename a: %u\n", (unsigned)mmioRenameA("first.bin", "second.bin", NULL, 0));
    printf("rename a moved: %d %d\n", !name_op("first.bin", MMIO_EXIST),
           name_op("second.bin", MMIO_EXIST));
    printf("rename w: %u\n", (unsigned)mmioRenameW(widen("second.bin", from, 32), widen("third.bin", to, 32), NULL, 0));
    printf("rename w moved: %d\n", name_op("third.bin", MMIO_EXIST));
    printf("rename missing: %u\n", (unsigned)mmioRenameA("nothing.bin", "other.bin", NULL, 0));

    h = mmioOpenW(widen("wide.bin", from, 32), NULL, MMIO_CREATE | MMIO_WRITE);
    printf("open w: %d write=%ld\n", h != NULL, (long)mmioWrite(h, "wide", 4));
    mmioClose(h, 0);
    printf("open w exists as a: %d\n", name_op("wide.bin", MMIO_EXIST));

    printf("fourcc a: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("wave", 0));
    printf("fourcc a upper: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("wave", MMIO_TOUPPER));
    printf("fourcc a short: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("ab", 0));
    printf("fourcc a long: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("abcdefg", MMIO_TOUPPER));
    printf("fourcc a empty: 0x%lx\n", (unsigned long)mmioStringToFOURCCA("", 0));
    printf("fourcc w: 0x%lx\n", (unsigned long)mmioStringToFOURCCW(widen("riff", from, 32), MMIO_TOUPPER));
    printf("fourcc w short: 0x%lx\n", (unsigned long)mmioStringToFOURCCW(widen("x", from, 32), 0));
}

int main(void)
{
    parse();
    exist_delete();
    gettemp();
    missing_and_create();
    share_modes();
    rename_and_fourcc();
    return 0;
}
