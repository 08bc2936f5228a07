/*
 * windows.h stub for programs written for Windows that include <windows.h> before
 * <mmsystem.h>. It provides what the Multimedia File I/O API needs (the Windows base
 * types, the mmio declarations) and nothing else. Put include/compat on the include
 * path only for such programs; a real windows.h from another SDK also works.
 */
#ifndef MMIO_COMPAT_WINDOWS_H
#define MMIO_COMPAT_WINDOWS_H

#include <stdio.h>
#include "../mmsystem.h"

#ifndef MAX_PATH
#define MAX_PATH 260
#endif

#endif /* MMIO_COMPAT_WINDOWS_H */
