/* Layout and constants of <mmsystem.h>: sizes and offsets of every MMIOINFO and
 * MMCKINFO member (docs/behavior.md section 1), the Windows type widths, and the values of
 * the error codes, flags, messages and FOURCCs. */
#include <stddef.h>
#include "suite.h"

#define SIZE(t) printf("sizeof(%s): %u\n", #t, (unsigned)sizeof(t))
#define OFF(t, m) printf("offsetof(%s, %s): %u\n", #t, #m, (unsigned)offsetof(t, m))
#define VALUE(c) printf("%s: 0x%lx\n", #c, (unsigned long)(c))

int main(void)
{
    MMIOINFO info;
    SIZE(void *);
    SIZE(DWORD);
    SIZE(UINT);
    SIZE(LONG);
    SIZE(WCHAR);
    SIZE(FOURCC);
    SIZE(MMRESULT);
    SIZE(LPARAM);
    SIZE(LRESULT);
    SIZE(HMMIO);
    SIZE(HTASK);
    SIZE(LPMMIOPROC);
    SIZE(MMIOINFO);
    SIZE(MMCKINFO);
    printf("sizeof(adwInfo): %u\n", (unsigned)sizeof info.adwInfo);

    OFF(MMIOINFO, dwFlags);
    OFF(MMIOINFO, fccIOProc);
    OFF(MMIOINFO, pIOProc);
    OFF(MMIOINFO, wErrorRet);
    OFF(MMIOINFO, htask);
    OFF(MMIOINFO, cchBuffer);
    OFF(MMIOINFO, pchBuffer);
    OFF(MMIOINFO, pchNext);
    OFF(MMIOINFO, pchEndRead);
    OFF(MMIOINFO, pchEndWrite);
    OFF(MMIOINFO, lBufOffset);
    OFF(MMIOINFO, lDiskOffset);
    OFF(MMIOINFO, adwInfo);
    OFF(MMIOINFO, dwReserved1);
    OFF(MMIOINFO, dwReserved2);
    OFF(MMIOINFO, hmmio);
    OFF(MMCKINFO, ckid);
    OFF(MMCKINFO, cksize);
    OFF(MMCKINFO, fccType);
    OFF(MMCKINFO, dwDataOffset);
    OFF(MMCKINFO, dwFlags);

    /* signedness of the 32-bit types */
    printf("LONG signed: %d\n", (LONG)-1 < 0);
    printf("DWORD unsigned: %d\n", (DWORD)-1 > 0);

    VALUE(MMSYSERR_NOERROR);
    VALUE(MMSYSERR_INVALHANDLE);
    VALUE(MMSYSERR_NOMEM);
    VALUE(MMSYSERR_INVALFLAG);
    VALUE(MMSYSERR_INVALPARAM);
    VALUE(MMIOERR_BASE);
    VALUE(MMIOERR_FILENOTFOUND);
    VALUE(MMIOERR_OUTOFMEMORY);
    VALUE(MMIOERR_CANNOTOPEN);
    VALUE(MMIOERR_CANNOTCLOSE);
    VALUE(MMIOERR_CANNOTREAD);
    VALUE(MMIOERR_CANNOTWRITE);
    VALUE(MMIOERR_CANNOTSEEK);
    VALUE(MMIOERR_CANNOTEXPAND);
    VALUE(MMIOERR_CHUNKNOTFOUND);
    VALUE(MMIOERR_UNBUFFERED);
    VALUE(MMIOERR_PATHNOTFOUND);
    VALUE(MMIOERR_ACCESSDENIED);
    VALUE(MMIOERR_SHARINGVIOLATION);
    VALUE(MMIOERR_NETWORKERROR);
    VALUE(MMIOERR_TOOMANYOPENFILES);
    VALUE(MMIOERR_INVALIDFILE);

    VALUE(MMIO_RWMODE);
    VALUE(MMIO_SHAREMODE);
    VALUE(MMIO_CREATE);
    VALUE(MMIO_PARSE);
    VALUE(MMIO_DELETE);
    VALUE(MMIO_EXIST);
    VALUE(MMIO_ALLOCBUF);
    VALUE(MMIO_GETTEMP);
    VALUE(MMIO_DIRTY);
    VALUE(MMIO_READ);
    VALUE(MMIO_WRITE);
    VALUE(MMIO_READWRITE);
    VALUE(MMIO_COMPAT);
    VALUE(MMIO_EXCLUSIVE);
    VALUE(MMIO_DENYWRITE);
    VALUE(MMIO_DENYREAD);
    VALUE(MMIO_DENYNONE);
    VALUE(MMIO_FHOPEN);
    VALUE(MMIO_EMPTYBUF);
    VALUE(MMIO_TOUPPER);
    VALUE(MMIO_INSTALLPROC);
    VALUE(MMIO_GLOBALPROC);
    VALUE(MMIO_REMOVEPROC);
    VALUE(MMIO_UNICODEPROC);
    VALUE(MMIO_FINDPROC);
    VALUE(MMIO_FINDCHUNK);
    VALUE(MMIO_FINDRIFF);
    VALUE(MMIO_FINDLIST);
    VALUE(MMIO_CREATERIFF);
    VALUE(MMIO_CREATELIST);
    VALUE(MMIOM_READ);
    VALUE(MMIOM_WRITE);
    VALUE(MMIOM_SEEK);
    VALUE(MMIOM_OPEN);
    VALUE(MMIOM_CLOSE);
    VALUE(MMIOM_WRITEFLUSH);
    VALUE(MMIOM_RENAME);
    VALUE(MMIOM_USER);
    VALUE(FOURCC_RIFF);
    VALUE(FOURCC_LIST);
    VALUE(FOURCC_DOS);
    VALUE(FOURCC_MEM);
    VALUE(mmioFOURCC('W', 'A', 'V', 'E'));
    VALUE(CFSEPCHAR);
    VALUE(MMIO_DEFAULTBUFFER);
    VALUE(SEEK_SET);
    VALUE(SEEK_CUR);
    VALUE(SEEK_END);
    return 0;
}
