/*
 * mmsyscom.h - what every multimedia header of libmmio shares: the Windows base types
 * at Windows widths, MMRESULT and the MMSYSERR_ codes, and the macros the headers use
 * to pin their layouts. mmsystem.h, mmiscapi.h, mmeapi.h and mmreg.h include it.
 *
 * Base types. DWORD, UINT and LONG are 32-bit, WORD 16-bit, LPARAM, LRESULT, WPARAM and
 * the *_PTR types pointer-sized, as on 64-bit Windows. They are skipped when a
 * <windows.h> came first (it defines _WINDEF_) or when MMIO_NO_WINTYPES is defined.
 *
 * WCHAR is 16-bit UTF-16, as on Windows. Its C type follows the compiler, so that wide
 * string literals fit it:
 *   - wchar_t, when wchar_t is 16-bit (gcc and clang with -fshort-wchar): L"..." works;
 *   - char16_t in C++11 and later: u"..." works;
 *   - uint16_t otherwise; in C11, u"..." (char16_t, the same type) works.
 * MMIO_WIDE(s) makes a wide literal of a narrow one in whichever of these forms the
 * compiler takes; it is not defined when none does (C89/C99/C++98 without
 * -fshort-wchar). See docs/c-abi.md.
 */
#ifndef MMIO_MMSYSCOM_H
#define MMIO_MMSYSCOM_H

#include <stddef.h>
#include <stdint.h>

/* ---- layout checks: a compile error when a size or offset is not the SDK's ---- */
#if defined(__cplusplus) && __cplusplus >= 201103L
#define MMIO_STATIC_ASSERT(cond, name) static_assert(cond, #name)
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define MMIO_STATIC_ASSERT(cond, name) _Static_assert(cond, #name)
#else
/* C89, C99, C++98: an array of negative size fails to compile. */
#define MMIO_STATIC_ASSERT(cond, name) typedef char mmio_assert_##name[(cond) ? 1 : -1]
#endif
/* The size of a structure on 64-bit and on 32-bit targets. */
#define MMIO_ASSERT_SIZE(type, size64, size32) \
    MMIO_STATIC_ASSERT(sizeof(type) == (sizeof(void *) == 8 ? (size64) : (size32)), size_of_##type)
/* The offset of a member on 64-bit and on 32-bit targets. */
#define MMIO_ASSERT_OFFSET(type, member, at64, at32) \
    MMIO_STATIC_ASSERT(offsetof(type, member) == (sizeof(void *) == 8 ? (at64) : (at32)), offset_of_##type##_##member)

/* ---- Windows base types (skipped if <windows.h> came first) ---- */
#if !defined(_WINDEF_) && !defined(MMIO_NO_WINTYPES)
#define _WINDEF_
typedef uint32_t DWORD;
typedef unsigned int UINT;
typedef int INT;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef uint16_t WORD;
typedef unsigned char BYTE;
typedef int BOOL;
typedef char CHAR;
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR;
#define MMIO_WIDE(s) L##s
#elif defined(__cplusplus) && __cplusplus >= 201103L
typedef char16_t WCHAR;
#define MMIO_WIDE(s) u##s
#else
typedef uint16_t WCHAR;
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define MMIO_WIDE(s) u##s
#endif
#endif
typedef char *LPSTR, *PSTR;
typedef const char *LPCSTR, *PCSTR;
typedef WCHAR *LPWSTR, *PWSTR;
typedef const WCHAR *LPCWSTR, *PCWSTR;
typedef BYTE *PBYTE, *LPBYTE;
typedef WORD *PWORD, *LPWORD;
typedef DWORD *PDWORD, *LPDWORD;
typedef LONG *PLONG, *LPLONG;
typedef intptr_t INT_PTR, LONG_PTR;
typedef uintptr_t UINT_PTR, ULONG_PTR, DWORD_PTR;
typedef intptr_t LPARAM;
typedef intptr_t LRESULT;
typedef uintptr_t WPARAM;
typedef void *HANDLE;
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID;
#ifndef VOID
#define VOID void
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef NEAR
#define NEAR
#endif
#ifndef FAR
#define FAR
#endif
#endif /* _WINDEF_ */

/* ---- results ---- */
#ifndef MMIO_MMRESULT_DEFINED
#define MMIO_MMRESULT_DEFINED
typedef UINT MMRESULT;
typedef UINT MMVERSION;
#endif

#define MMSYSERR_BASE 0
#define MMSYSERR_NOERROR 0
#define MMSYSERR_ERROR (MMSYSERR_BASE + 1)
#define MMSYSERR_BADDEVICEID (MMSYSERR_BASE + 2)
#define MMSYSERR_NOTENABLED (MMSYSERR_BASE + 3)
#define MMSYSERR_ALLOCATED (MMSYSERR_BASE + 4)
#define MMSYSERR_INVALHANDLE (MMSYSERR_BASE + 5)
#define MMSYSERR_NODRIVER (MMSYSERR_BASE + 6)
#define MMSYSERR_NOMEM (MMSYSERR_BASE + 7)
#define MMSYSERR_NOTSUPPORTED (MMSYSERR_BASE + 8)
#define MMSYSERR_BADERRNUM (MMSYSERR_BASE + 9)
#define MMSYSERR_INVALFLAG (MMSYSERR_BASE + 10)
#define MMSYSERR_INVALPARAM (MMSYSERR_BASE + 11)
#define MMSYSERR_HANDLEBUSY (MMSYSERR_BASE + 12)
#define MMSYSERR_INVALIDALIAS (MMSYSERR_BASE + 13)
#define MMSYSERR_BADDB (MMSYSERR_BASE + 14)
#define MMSYSERR_KEYNOTFOUND (MMSYSERR_BASE + 15)
#define MMSYSERR_READERROR (MMSYSERR_BASE + 16)
#define MMSYSERR_WRITEERROR (MMSYSERR_BASE + 17)
#define MMSYSERR_DELETEERROR (MMSYSERR_BASE + 18)
#define MMSYSERR_VALNOTFOUND (MMSYSERR_BASE + 19)
#define MMSYSERR_NODRIVERCB (MMSYSERR_BASE + 20)
#define MMSYSERR_MOREDATA (MMSYSERR_BASE + 21)
#define MMSYSERR_LASTERROR (MMSYSERR_BASE + 21)

#endif /* MMIO_MMSYSCOM_H */
