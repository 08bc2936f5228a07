/*
 * windows.h for programs written for Windows that include <windows.h> before
 * <mmsystem.h>. It provides what such programs take from it for the multimedia file
 * API, and nothing else: the Windows base types and the mmio declarations (through
 * mmsystem.h), MAX_PATH, the TCHAR types with TEXT()/_T(), a few 16-bit string
 * functions (lstrlenW, lstrcpyW, lstrcpynW, lstrcatW, and their A and TCHAR forms),
 * ZeroMemory and its kin, and HRESULT with the common S_ and E_ codes (which the
 * DirectX samples' WAVE file classes return). Put include/compat on the include path
 * only for such programs; a real windows.h from another SDK also works.
 *
 * TCHAR follows UNICODE, as on Windows: with UNICODE defined, TCHAR is WCHAR, TEXT("x")
 * is a 16-bit literal and mmioOpen is mmioOpenW. A 16-bit literal needs -fshort-wchar
 * (then L"x") or C11/C++11 (then u"x"); docs/c-abi.md explains. The lstr functions
 * here work on WCHAR whatever its C type, where glibc's wcs* functions expect a 32-bit
 * wchar_t and go wrong under -fshort-wchar.
 */
#ifndef MMIO_COMPAT_WINDOWS_H
#define MMIO_COMPAT_WINDOWS_H

#include <stdio.h>
#include <string.h>
#include "../mmsystem.h"

#ifndef MAX_PATH
#define MAX_PATH 260
#endif

/* ---- memory ---- */
#define ZeroMemory(dst, len) memset((dst), 0, (len))
#define FillMemory(dst, len, fill) memset((dst), (fill), (len))
#define CopyMemory(dst, src, len) memcpy((dst), (src), (len))
#define MoveMemory(dst, src, len) memmove((dst), (src), (len))

/* ---- HRESULT (winerror.h): negative means failure ---- */
typedef LONG HRESULT;
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define S_OK ((HRESULT)0x00000000L)
#define S_FALSE ((HRESULT)0x00000001L)
#define E_NOTIMPL ((HRESULT)0x80004001L)
#define E_POINTER ((HRESULT)0x80004003L)
#define E_FAIL ((HRESULT)0x80004005L)
#define E_UNEXPECTED ((HRESULT)0x8000FFFFL)
#define E_OUTOFMEMORY ((HRESULT)0x8007000EL)
#define E_INVALIDARG ((HRESULT)0x80070057L)
#define CO_E_NOTINITIALIZED ((HRESULT)0x800401F0L)

/* ---- TCHAR ---- */
#ifdef UNICODE
typedef WCHAR TCHAR;
#ifdef MMIO_WIDE
#define TEXT(s) MMIO_WIDE(s)
#else
/* No 16-bit string literals in this language mode: build with -fshort-wchar, or as
 * C11 / C++11 or later. Using TEXT() then names this undeclared identifier. */
#define TEXT(s) mmio_TEXT_needs_fshort_wchar_or_C11_or_CXX11
#endif
#else
typedef char TCHAR;
#define TEXT(s) s
#endif
typedef TCHAR *PTCHAR, *LPTSTR, *PTSTR;
typedef const TCHAR *LPCTSTR, *PCTSTR;
#ifndef _T
#define _T(s) TEXT(s)
#endif
#ifndef _TEXT
#define _TEXT(s) TEXT(s)
#endif

/* ---- strings: lengths and copies in characters, NULL-safe as on Windows ---- */
#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L)
#define MMIO_INLINE static inline
#elif defined(__GNUC__)
#define MMIO_INLINE static __inline__
#else
#define MMIO_INLINE static
#endif

/* The length of s in characters, without the NUL; 0 for NULL. */
MMIO_INLINE int lstrlenW(LPCWSTR s)
{
    int n = 0;
    if (s == NULL)
        return 0;
    while (s[n] != 0)
        n++;
    return n;
}

/* Copies src, NUL included, to dst; returns dst (NULL if either is NULL). */
MMIO_INLINE LPWSTR lstrcpyW(LPWSTR dst, LPCWSTR src)
{
    int i = 0;
    if (dst == NULL || src == NULL)
        return NULL;
    do
        dst[i] = src[i];
    while (src[i++] != 0);
    return dst;
}

/* Copies at most max - 1 characters of src to dst and always ends dst with a NUL
 * (when max > 0); returns dst (NULL if either is NULL). */
MMIO_INLINE LPWSTR lstrcpynW(LPWSTR dst, LPCWSTR src, int max)
{
    int i = 0;
    if (dst == NULL || src == NULL)
        return NULL;
    if (max <= 0)
        return dst;
    while (i < max - 1 && src[i] != 0) {
        dst[i] = src[i];
        i++;
    }
    dst[i] = 0;
    return dst;
}

/* Appends src to dst; returns dst (NULL if either is NULL). */
MMIO_INLINE LPWSTR lstrcatW(LPWSTR dst, LPCWSTR src)
{
    if (dst == NULL || src == NULL)
        return NULL;
    lstrcpyW(dst + lstrlenW(dst), src);
    return dst;
}

MMIO_INLINE int lstrlenA(LPCSTR s)
{
    return s == NULL ? 0 : (int)strlen(s);
}

MMIO_INLINE LPSTR lstrcpyA(LPSTR dst, LPCSTR src)
{
    return dst == NULL || src == NULL ? NULL : strcpy(dst, src);
}

MMIO_INLINE LPSTR lstrcpynA(LPSTR dst, LPCSTR src, int max)
{
    const char *end;
    size_t n;
    if (dst == NULL || src == NULL)
        return NULL;
    if (max <= 0)
        return dst;
    end = (const char *)memchr(src, 0, (size_t)max - 1);
    n = end != NULL ? (size_t)(end - src) : (size_t)max - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
    return dst;
}

MMIO_INLINE LPSTR lstrcatA(LPSTR dst, LPCSTR src)
{
    return dst == NULL || src == NULL ? NULL : strcat(dst, src);
}

#ifdef UNICODE
#define lstrlen lstrlenW
#define lstrcpy lstrcpyW
#define lstrcpyn lstrcpynW
#define lstrcat lstrcatW
#else
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcpyn lstrcpynA
#define lstrcat lstrcatA
#endif

#endif /* MMIO_COMPAT_WINDOWS_H */
