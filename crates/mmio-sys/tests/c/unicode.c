/* Windows-style source compiled with UNICODE defined: the unsuffixed names map to
 * the W functions, which take UTF-16 (WCHAR) names, including non-ASCII ones. */
#define UNICODE
#include <windows.h>
#include <mmsystem.h>
#include <stdio.h>
#include <string.h>

/* "caf\u00e9.bin" and "new-\u00fc.bin" as UTF-16 (characters of Windows' ANSI code
 * page, so the names also work where W functions convert to it) */
static WCHAR NAME[] = {'c', 'a', 'f', 0xE9, '.', 'b', 'i', 'n', 0};
static WCHAR RENAMED[] = {'n', 'e', 'w', '-', 0xFC, '.', 'b', 'i', 'n', 0};
/* the euro sign, U+0101 (not in Windows-1252; its best fit is 'a'), 'x' */
static WCHAR EURO[] = {0x20AC, 0x0101, 'x', 0};

int main(void)
{
    WCHAR name[MAX_PATH];
    char back[8];
    HMMIO h;
    LONG r;
    memcpy(name, NAME, sizeof NAME);
    h = mmioOpen(name, NULL, MMIO_CREATE | MMIO_WRITE);
    printf("open w: %d\n", h != NULL);
    printf("write: %ld\n", (long)mmioWrite(h, "note", 4));
    printf("close: %u\n", (unsigned)mmioClose(h, 0));
    printf("exists: %d\n", mmioOpen(name, NULL, MMIO_EXIST) == (HMMIO)TRUE);
    printf("rename: %u\n", (unsigned)mmioRename(NAME, RENAMED, NULL, 0));
    memcpy(name, RENAMED, sizeof RENAMED);
    h = mmioOpen(name, NULL, MMIO_READ);
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, sizeof back);
    printf("read renamed: %ld %.4s\n", (long)r, back);
    printf("close renamed: %u\n", (unsigned)mmioClose(h, 0));
    /* FOURCC text goes through Windows' ANSI code page, Windows-1252: "caf\u00e9" gives
     * 0xE9, the euro sign 0x80, U+0101 its best fit 'a' */
    printf("fourcc: 0x%lx\n", (unsigned long)mmioStringToFOURCC(NAME, MMIO_TOUPPER));
    printf("fourcc euro: 0x%lx\n", (unsigned long)mmioStringToFOURCC(EURO, 0));
    printf("delete: %d\n", mmioOpen(name, NULL, MMIO_DELETE) == (HMMIO)TRUE);
    return 0;
}
