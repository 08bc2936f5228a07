/* The few Win32 calls the oracle probes use besides MMIO, on POSIX, so the same probe
 * sources build against libmmio on Linux (see ../run-native). Not part of libmmio. */
#ifndef ORACLE_NATIVE_WINDOWS_H
#define ORACLE_NATIVE_WINDOWS_H

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../crates/mmio-sys/include/compat/windows.h"

typedef uintptr_t UINT_PTR;
#define INVALID_FILE_ATTRIBUTES ((DWORD)-1)
#define GENERIC_READ 0x80000000u
#define OPEN_EXISTING 3
#define INVALID_HANDLE_VALUE ((HANDLE)(intptr_t)-1)

static inline BOOL CreateDirectoryA(LPCSTR name, void *security)
{
    (void)security;
    return mkdir(name, 0777) == 0;
}

static inline BOOL RemoveDirectoryA(LPCSTR name) { return rmdir(name) == 0; }

static inline BOOL DeleteFileA(LPCSTR name) { return unlink(name) == 0; }

static inline DWORD GetFileAttributesA(LPCSTR name)
{
    struct stat st;
    return stat(name, &st) == 0 ? 0 : INVALID_FILE_ATTRIBUTES;
}

static inline HANDLE CreateFileA(LPCSTR name, DWORD access, DWORD share, void *security, DWORD how, DWORD attrs,
                                 HANDLE tmpl)
{
    (void)access, (void)share, (void)security, (void)how, (void)attrs, (void)tmpl;
    int fd = open(name, O_RDONLY);
    return fd < 0 ? INVALID_HANDLE_VALUE : (HANDLE)(intptr_t)(fd + 1);
}

static inline DWORD GetFileSize(HANDLE h, DWORD *high)
{
    struct stat st;
    if (high) *high = 0;
    return fstat((int)(intptr_t)h - 1, &st) == 0 ? (DWORD)st.st_size : (DWORD)-1;
}

static inline BOOL CloseHandle(HANDLE h) { return close((int)(intptr_t)h - 1) == 0; }

#endif
