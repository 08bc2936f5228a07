/*
 * mmiscapi.h - the Multimedia File I/O functions (mmioOpen, mmioRead, ..., mmioDescend)
 * and their types, for libmmio. As in the current Windows SDK, this is where the mmio
 * part of <mmsystem.h> lives; it works on its own too (it brings the Windows base types
 * it needs, see mmsyscom.h).
 *
 * Layouts, values and names match the Windows SDK: MMIOINFO is packed to 1 byte (100
 * bytes on 64-bit targets, 72 on 32-bit), MMCKINFO is 20 bytes; every size and offset
 * is checked at compile time.
 *
 * Differences from Windows, all on the safe side: an unknown or closed HMMIO gets
 * MMSYSERR_INVALHANDLE (-1 from mmioRead, mmioWrite, mmioSeek) instead of a crash,
 * and NULL pointers get MMSYSERR_INVALPARAM. A growable memory file's block
 * (adwInfo[0] != 0 with your own pchBuffer) must come from malloc: it is grown with
 * realloc, as Windows grows it with GlobalReAlloc.
 */
#ifndef MMIO_MMISCAPI_H
#define MMIO_MMISCAPI_H

#include "mmsyscom.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- types ---- */
#ifndef MMIO_MMIOTYPES_DEFINED
#define MMIO_MMIOTYPES_DEFINED
typedef DWORD FOURCC;
typedef char *HPSTR;
typedef struct HMMIO__ *HMMIO;
#ifndef _HTASK_DEFINED
#define _HTASK_DEFINED
typedef HANDLE HTASK;
#endif
#endif

#ifndef SEEK_SET
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#endif

/* ---- error codes (the MMSYSERR_ ones are in mmsyscom.h) ---- */
#define MMIOERR_BASE 256
#define MMIOERR_FILENOTFOUND (MMIOERR_BASE + 1)
#define MMIOERR_OUTOFMEMORY (MMIOERR_BASE + 2)
#define MMIOERR_CANNOTOPEN (MMIOERR_BASE + 3)
#define MMIOERR_CANNOTCLOSE (MMIOERR_BASE + 4)
#define MMIOERR_CANNOTREAD (MMIOERR_BASE + 5)
#define MMIOERR_CANNOTWRITE (MMIOERR_BASE + 6)
#define MMIOERR_CANNOTSEEK (MMIOERR_BASE + 7)
#define MMIOERR_CANNOTEXPAND (MMIOERR_BASE + 8)
#define MMIOERR_CHUNKNOTFOUND (MMIOERR_BASE + 9)
#define MMIOERR_UNBUFFERED (MMIOERR_BASE + 10)
#define MMIOERR_PATHNOTFOUND (MMIOERR_BASE + 11)
#define MMIOERR_ACCESSDENIED (MMIOERR_BASE + 12)
#define MMIOERR_SHARINGVIOLATION (MMIOERR_BASE + 13)
#define MMIOERR_NETWORKERROR (MMIOERR_BASE + 14)
#define MMIOERR_TOOMANYOPENFILES (MMIOERR_BASE + 15)
#define MMIOERR_INVALIDFILE (MMIOERR_BASE + 16)

/* ---- constants ---- */
#define CFSEPCHAR '+'
#define MMIO_DEFAULTBUFFER 8192

#define MMIO_RWMODE 0x00000003
#define MMIO_SHAREMODE 0x00000070
#define MMIO_CREATE 0x00001000
#define MMIO_PARSE 0x00000100
#define MMIO_DELETE 0x00000200
#define MMIO_EXIST 0x00004000
#define MMIO_ALLOCBUF 0x00010000
#define MMIO_GETTEMP 0x00020000
#define MMIO_DIRTY 0x10000000
#define MMIO_READ 0x00000000
#define MMIO_WRITE 0x00000001
#define MMIO_READWRITE 0x00000002
#define MMIO_COMPAT 0x00000000
#define MMIO_EXCLUSIVE 0x00000010
#define MMIO_DENYWRITE 0x00000020
#define MMIO_DENYREAD 0x00000030
#define MMIO_DENYNONE 0x00000040

#define MMIO_FHOPEN 0x0010
#define MMIO_EMPTYBUF 0x0010
#define MMIO_TOUPPER 0x0010
#define MMIO_INSTALLPROC 0x00010000
#define MMIO_GLOBALPROC 0x10000000
#define MMIO_REMOVEPROC 0x00020000
#define MMIO_UNICODEPROC 0x01000000
#define MMIO_FINDPROC 0x00040000
#define MMIO_FINDCHUNK 0x0010
#define MMIO_FINDRIFF 0x0020
#define MMIO_FINDLIST 0x0040
#define MMIO_CREATERIFF 0x0020
#define MMIO_CREATELIST 0x0040

#define MMIOM_READ MMIO_READ
#define MMIOM_WRITE MMIO_WRITE
#define MMIOM_SEEK 2
#define MMIOM_OPEN 3
#define MMIOM_CLOSE 4
#define MMIOM_WRITEFLUSH 5
#define MMIOM_RENAME 6
#define MMIOM_USER 0x8000

#ifndef mmioFOURCC
#define mmioFOURCC(ch0, ch1, ch2, ch3)                                          \
    ((DWORD)(BYTE)(ch0) | ((DWORD)(BYTE)(ch1) << 8) | ((DWORD)(BYTE)(ch2) << 16) | \
     ((DWORD)(BYTE)(ch3) << 24))
#endif
#ifndef MAKEFOURCC
#define MAKEFOURCC(ch0, ch1, ch2, ch3) mmioFOURCC(ch0, ch1, ch2, ch3)
#endif

#define FOURCC_RIFF mmioFOURCC('R', 'I', 'F', 'F')
#define FOURCC_LIST mmioFOURCC('L', 'I', 'S', 'T')
#define FOURCC_DOS mmioFOURCC('D', 'O', 'S', ' ')
#define FOURCC_MEM mmioFOURCC('M', 'E', 'M', ' ')

/* ---- structures (packed to 1 byte, as in the Windows SDK) ---- */
typedef LRESULT(CALLBACK MMIOPROC)(LPSTR lpmmioinfo, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
typedef MMIOPROC *LPMMIOPROC;

#pragma pack(push, 1)
typedef struct _MMIOINFO {
    DWORD dwFlags;
    FOURCC fccIOProc;
    LPMMIOPROC pIOProc;
    UINT wErrorRet;
    HTASK htask;
    LONG cchBuffer;
    HPSTR pchBuffer;
    HPSTR pchNext;
    HPSTR pchEndRead;
    HPSTR pchEndWrite;
    LONG lBufOffset;
    LONG lDiskOffset;
    DWORD adwInfo[3];
    DWORD dwReserved1;
    DWORD dwReserved2;
    HMMIO hmmio;
} MMIOINFO, *PMMIOINFO, NEAR *NPMMIOINFO, FAR *LPMMIOINFO;
typedef const MMIOINFO *LPCMMIOINFO;

typedef struct _MMCKINFO {
    FOURCC ckid;
    DWORD cksize;
    FOURCC fccType;
    DWORD dwDataOffset;
    DWORD dwFlags;
} MMCKINFO, *PMMCKINFO, NEAR *NPMMCKINFO, FAR *LPMMCKINFO;
typedef const MMCKINFO *LPCMMCKINFO;
#pragma pack(pop)

MMIO_ASSERT_SIZE(MMIOINFO, 100, 72);
MMIO_ASSERT_OFFSET(MMIOINFO, dwFlags, 0, 0);
MMIO_ASSERT_OFFSET(MMIOINFO, fccIOProc, 4, 4);
MMIO_ASSERT_OFFSET(MMIOINFO, pIOProc, 8, 8);
MMIO_ASSERT_OFFSET(MMIOINFO, wErrorRet, 16, 12);
MMIO_ASSERT_OFFSET(MMIOINFO, htask, 20, 16);
MMIO_ASSERT_OFFSET(MMIOINFO, cchBuffer, 28, 20);
MMIO_ASSERT_OFFSET(MMIOINFO, pchBuffer, 32, 24);
MMIO_ASSERT_OFFSET(MMIOINFO, pchNext, 40, 28);
MMIO_ASSERT_OFFSET(MMIOINFO, pchEndRead, 48, 32);
MMIO_ASSERT_OFFSET(MMIOINFO, pchEndWrite, 56, 36);
MMIO_ASSERT_OFFSET(MMIOINFO, lBufOffset, 64, 40);
MMIO_ASSERT_OFFSET(MMIOINFO, lDiskOffset, 68, 44);
MMIO_ASSERT_OFFSET(MMIOINFO, adwInfo, 72, 48);
MMIO_ASSERT_OFFSET(MMIOINFO, dwReserved1, 84, 60);
MMIO_ASSERT_OFFSET(MMIOINFO, dwReserved2, 88, 64);
MMIO_ASSERT_OFFSET(MMIOINFO, hmmio, 92, 68);
MMIO_ASSERT_SIZE(MMCKINFO, 20, 20);
MMIO_ASSERT_OFFSET(MMCKINFO, ckid, 0, 0);
MMIO_ASSERT_OFFSET(MMCKINFO, cksize, 4, 4);
MMIO_ASSERT_OFFSET(MMCKINFO, fccType, 8, 8);
MMIO_ASSERT_OFFSET(MMCKINFO, dwDataOffset, 12, 12);
MMIO_ASSERT_OFFSET(MMCKINFO, dwFlags, 16, 16);

/* ---- functions ---- */
FOURCC WINAPI mmioStringToFOURCCA(LPCSTR sz, UINT uFlags);
FOURCC WINAPI mmioStringToFOURCCW(LPCWSTR sz, UINT uFlags);
LPMMIOPROC WINAPI mmioInstallIOProcA(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
LPMMIOPROC WINAPI mmioInstallIOProcW(FOURCC fccIOProc, LPMMIOPROC pIOProc, DWORD dwFlags);
HMMIO WINAPI mmioOpenA(LPSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
HMMIO WINAPI mmioOpenW(LPWSTR pszFileName, LPMMIOINFO pmmioinfo, DWORD fdwOpen);
MMRESULT WINAPI mmioRenameA(LPCSTR pszFileName, LPCSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename);
MMRESULT WINAPI mmioRenameW(LPCWSTR pszFileName, LPCWSTR pszNewFileName, LPCMMIOINFO pmmioinfo, DWORD fdwRename);
MMRESULT WINAPI mmioClose(HMMIO hmmio, UINT fuClose);
LONG WINAPI mmioRead(HMMIO hmmio, HPSTR pch, LONG cch);
LONG WINAPI mmioWrite(HMMIO hmmio, const char *pch, LONG cch);
LONG WINAPI mmioSeek(HMMIO hmmio, LONG lOffset, int iOrigin);
MMRESULT WINAPI mmioGetInfo(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo);
MMRESULT WINAPI mmioSetInfo(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo);
MMRESULT WINAPI mmioSetBuffer(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer);
MMRESULT WINAPI mmioFlush(HMMIO hmmio, UINT fuFlush);
MMRESULT WINAPI mmioAdvance(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance);
LRESULT WINAPI mmioSendMessage(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2);
MMRESULT WINAPI mmioDescend(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO *pmmckiParent, UINT fuDescend);
MMRESULT WINAPI mmioAscend(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend);
MMRESULT WINAPI mmioCreateChunk(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate);

#ifdef UNICODE
#define mmioStringToFOURCC mmioStringToFOURCCW
#define mmioInstallIOProc mmioInstallIOProcW
#define mmioOpen mmioOpenW
#define mmioRename mmioRenameW
#else
#define mmioStringToFOURCC mmioStringToFOURCCA
#define mmioInstallIOProc mmioInstallIOProcA
#define mmioOpen mmioOpenA
#define mmioRename mmioRenameA
#endif

#ifdef __cplusplus
}
#endif

#endif /* MMIO_MMISCAPI_H */
