/*
 * mmsystem.h - the parts of the Windows multimedia API that libmmio provides: the
 * Multimedia File I/O functions (mmioOpen, mmioRead, ..., mmioDescend; declared in
 * mmiscapi.h) and the wave format structures (WAVEFORMAT, PCMWAVEFORMAT, WAVEFORMATEX;
 * in mmeapi.h), with MMRESULT and the MMSYSERR_ codes (mmsyscom.h). The split is the
 * current Windows SDK's, so code that includes those headers directly works too.
 *
 * Include it on its own (it brings the Windows base types it needs) or after
 * <windows.h> (the one in include/compat, or a program's own definitions). Layouts,
 * values and names match the Windows SDK; every structure size and offset is checked
 * at compile time. More wave format tags and structures (WAVEFORMATEXTENSIBLE, ...):
 * mmreg.h. C and C++ from C89/C++98 on; see docs/c-abi.md.
 */
#ifndef MMIO_MMSYSTEM_H
#define MMIO_MMSYSTEM_H

#include "mmsyscom.h"
#include "mmiscapi.h"
#include "mmeapi.h"

#endif /* MMIO_MMSYSTEM_H */
