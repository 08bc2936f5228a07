/*
 * Helpers shared by the C test programs. Standard C and <mmsystem.h> only, so every
 * program builds unchanged against libmmio (Linux) and winmm (mingw-w64, run under
 * Wine or Windows). Programs print deterministic "name: value" lines: numbers, never
 * pointers (buffer pointers are printed as offsets from pchBuffer) or full paths.
 * Files are made in the current directory, which the runner makes fresh for each run.
 */
#ifndef MMIO_TEST_SUITE_H
#define MMIO_TEST_SUITE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mmsystem.h>

/* Opens name through the I/O procedure proc, not installed, the other MMIOINFO fields zero. */
static inline HMMIO open_with_proc(LPSTR name, LPMMIOPROC proc, DWORD flags)
{
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.pIOProc = proc;
    return mmioOpenA(name, &info, flags);
}

/* mmioOpenA with a zeroed MMIOINFO, whose wErrorRet goes to *error. */
static inline HMMIO open_for_error(LPSTR name, DWORD flags, unsigned *error)
{
    MMIOINFO info;
    HMMIO h;
    memset(&info, 0, sizeof info);
    h = mmioOpenA(name, &info, flags);
    *error = info.wErrorRet;
    return h;
}

/* A pointer as an offset from base, or "null". */
static inline void show_ptr(const char *name, const char *p, const char *base)
{
    if (p == NULL)
        printf(" %s=null", name);
    else
        printf(" %s=%ld", name, (long)(p - base));
}

/* A FOURCC as its four characters. */
static inline void show_fourcc(const char *name, FOURCC fcc)
{
    if (fcc == 0) {
        printf(" %s=0", name);
        return;
    }
    printf(" %s='%c%c%c%c'", name, (char)(fcc & 0xFF), (char)((fcc >> 8) & 0xFF), (char)((fcc >> 16) & 0xFF),
           (char)((fcc >> 24) & 0xFF));
}

/* The buffer fields of an MMIOINFO on one line. */
static inline void show_info(const char *tag, const MMIOINFO *info)
{
    printf("%s: flags=0x%lx cch=%ld", tag, (unsigned long)info->dwFlags, (long)info->cchBuffer);
    printf(" buf=%s", info->pchBuffer ? "set" : "null");
    show_ptr("next", info->pchNext, info->pchBuffer);
    show_ptr("endread", info->pchEndRead, info->pchBuffer);
    show_ptr("endwrite", info->pchEndWrite, info->pchBuffer);
    printf(" bufoff=%ld diskoff=%ld\n", (long)info->lBufOffset, (long)info->lDiskOffset);
}

/* mmioGetInfo, then show_info. */
static inline void show_state(const char *tag, HMMIO h)
{
    MMIOINFO info;
    MMRESULT r;
    memset(&info, 0, sizeof info);
    r = mmioGetInfo(h, &info, 0);
    if (r != MMSYSERR_NOERROR) {
        printf("%s: getinfo=%u\n", tag, (unsigned)r);
        return;
    }
    show_info(tag, &info);
}

/* Writes n bytes of the pattern (i * 7 + 3) & 0xFF to a new file. */
static inline int make_pattern_file(const char *name, long n)
{
    char buf[256];
    long i, done = 0;
    HMMIO h = mmioOpenA((LPSTR)name, NULL, MMIO_CREATE | MMIO_WRITE);
    if (h == NULL)
        return 0;
    while (done < n) {
        long chunk = n - done < (long)sizeof buf ? n - done : (long)sizeof buf;
        for (i = 0; i < chunk; i++)
            buf[i] = (char)(((done + i) * 7 + 3) & 0xFF);
        if (mmioWrite(h, buf, chunk) != chunk)
            break;
        done += chunk;
    }
    return mmioClose(h, 0) == MMSYSERR_NOERROR && done == n;
}

/* The byte at offset i of a pattern file. */
static inline int pattern_at(long i)
{
    return (int)((i * 7 + 3) & 0xFF);
}

/* Prints bytes as hex. */
static inline void show_hex(const char *tag, const void *data, long n)
{
    const unsigned char *p = (const unsigned char *)data;
    long i;
    printf("%s:", tag);
    for (i = 0; i < n; i++)
        printf(" %02x", p[i]);
    printf("\n");
}

/* An ASCII string as a NUL-terminated WCHAR (UTF-16) string in out[n]. */
static inline WCHAR *widen(const char *s, WCHAR *out, size_t n)
{
    size_t i;
    for (i = 0; s[i] != 0 && i + 1 < n; i++)
        out[i] = (WCHAR)(unsigned char)s[i];
    out[i] = 0;
    return out;
}

/* A WCHAR string as ASCII ('?' for anything else) in out[n]. */
static inline char *narrow(const WCHAR *s, char *out, size_t n)
{
    size_t i;
    for (i = 0; s[i] != 0 && i + 1 < n; i++)
        out[i] = s[i] < 128 ? (char)s[i] : '?';
    out[i] = 0;
    return out;
}

#endif
