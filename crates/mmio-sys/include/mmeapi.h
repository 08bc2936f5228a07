/*
 * mmeapi.h - the wave format structures of the Windows multimedia API (WAVEFORMAT,
 * PCMWAVEFORMAT, WAVEFORMATEX) and the WAVE_FORMAT_PCM tag, for libmmio. As in the
 * current Windows SDK, this is where these parts of <mmsystem.h> live; it works on its
 * own too. Programs read a WAVE file's 'fmt ' chunk into these with mmioRead.
 *
 * Packed to 1 byte, as in the SDK: WAVEFORMAT is 14 bytes, PCMWAVEFORMAT 16 and
 * WAVEFORMATEX 18 (not 20); every size and offset is checked at compile time. The
 * fields are little-endian in the file, as on every target libmmio runs on.
 *
 * The wave devices of this API (waveOutOpen, ...) are not part of libmmio.
 */
#ifndef MMIO_MMEAPI_H
#define MMIO_MMEAPI_H

#include "mmsyscom.h"

#ifdef __cplusplus
extern "C" {
#endif

#pragma pack(push, 1)

/* The common part of every wave format: what the 'fmt ' chunk starts with. */
#ifndef WAVE_FORMAT_PCM
typedef struct waveformat_tag {
    WORD wFormatTag;      /* WAVE_FORMAT_PCM, or a tag from mmreg.h */
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;     /* bytes per sample frame, all channels */
} WAVEFORMAT, *PWAVEFORMAT, NEAR *NPWAVEFORMAT, FAR *LPWAVEFORMAT;

/* Integer samples: WAVEFORMAT and the sample size. */
typedef struct pcmwaveformat_tag {
    WAVEFORMAT wf;
    WORD wBitsPerSample;
} PCMWAVEFORMAT, *PPCMWAVEFORMAT, NEAR *NPPCMWAVEFORMAT, FAR *LPPCMWAVEFORMAT;

#define WAVE_FORMAT_PCM 1

MMIO_ASSERT_SIZE(WAVEFORMAT, 14, 14);
MMIO_ASSERT_OFFSET(WAVEFORMAT, wFormatTag, 0, 0);
MMIO_ASSERT_OFFSET(WAVEFORMAT, nChannels, 2, 2);
MMIO_ASSERT_OFFSET(WAVEFORMAT, nSamplesPerSec, 4, 4);
MMIO_ASSERT_OFFSET(WAVEFORMAT, nAvgBytesPerSec, 8, 8);
MMIO_ASSERT_OFFSET(WAVEFORMAT, nBlockAlign, 12, 12);
MMIO_ASSERT_SIZE(PCMWAVEFORMAT, 16, 16);
MMIO_ASSERT_OFFSET(PCMWAVEFORMAT, wf, 0, 0);
MMIO_ASSERT_OFFSET(PCMWAVEFORMAT, wBitsPerSample, 14, 14);
#endif /* WAVE_FORMAT_PCM */

/* Any wave format: PCMWAVEFORMAT's fields and the count of format-specific bytes that
 * follow the structure (cbSize). */
#ifndef _WAVEFORMATEX_
#define _WAVEFORMATEX_
typedef struct tWAVEFORMATEX {
    WORD wFormatTag;
    WORD nChannels;
    DWORD nSamplesPerSec;
    DWORD nAvgBytesPerSec;
    WORD nBlockAlign;
    WORD wBitsPerSample;
    WORD cbSize;          /* bytes after this structure; 0 for PCM */
} WAVEFORMATEX, *PWAVEFORMATEX, NEAR *NPWAVEFORMATEX, FAR *LPWAVEFORMATEX;

MMIO_ASSERT_SIZE(WAVEFORMATEX, 18, 18);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, wFormatTag, 0, 0);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, nChannels, 2, 2);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, nSamplesPerSec, 4, 4);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, nAvgBytesPerSec, 8, 8);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, nBlockAlign, 12, 12);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, wBitsPerSample, 14, 14);
MMIO_ASSERT_OFFSET(WAVEFORMATEX, cbSize, 16, 16);
#endif /* _WAVEFORMATEX_ */
typedef const WAVEFORMATEX FAR *LPCWAVEFORMATEX;

#pragma pack(pop)

#ifdef __cplusplus
}
#endif

#endif /* MMIO_MMEAPI_H */
