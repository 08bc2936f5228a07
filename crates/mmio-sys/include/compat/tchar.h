/*
 * tchar.h for programs written for Windows that take _T() and _TEXT() from it: the
 * compat windows.h defines them (as TEXT(), following UNICODE; Windows projects define
 * UNICODE and _UNICODE together). The _tcs string functions are not provided: use
 * lstrlen, lstrcpy, lstrcpyn and lstrcat.
 */
#ifndef MMIO_COMPAT_TCHAR_H
#define MMIO_COMPAT_TCHAR_H

#include "windows.h"

#endif /* MMIO_COMPAT_TCHAR_H */
