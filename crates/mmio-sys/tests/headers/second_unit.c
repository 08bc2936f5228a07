/* The second translation unit of the compile matrix (tests/headers.rs), linked with
 * tests/c/headers.c: every header again, so the GUIDs they define must still be one
 * object each in the program, and the names that are libmmio's own (the layout-check
 * macros, the include guards, the wide-literal macro). Prints only what is wrong;
 * returns the number of problems. */
#include <windows.h>
#include <mmsystem.h>
#include <mmsyscom.h>
#include <mmiscapi.h>
#include <mmeapi.h>
#include <mmreg.h>
#include <guiddef.h>
#include <ks.h>
#include <ksmedia.h>
#include <tchar.h>
#include <stdio.h>

#if !defined(MMIO_MMSYSCOM_H) || !defined(MMIO_MMISCAPI_H) || !defined(MMIO_MMEAPI_H) || \
    !defined(MMIO_MMSYSTEM_H) || !defined(MMIO_MMREG_H) || !defined(MMIO_GUIDDEF_H)
#error "a header's include guard is missing"
#endif
#if !defined(MMIO_COMPAT_WINDOWS_H) || !defined(MMIO_COMPAT_KS_H) || !defined(MMIO_COMPAT_KSMEDIA_H) || \
    !defined(MMIO_COMPAT_TCHAR_H)
#error "a compat header's include guard is missing"
#endif
#if !defined(_WINDEF_) || !defined(MMIO_MMRESULT_DEFINED) || !defined(MMIO_MMIOTYPES_DEFINED) || \
    !defined(_HTASK_DEFINED) || !defined(GUID_DEFINED)
#error "a type marker is missing"
#endif
#if !defined(_WAVEFORMATEX_) || !defined(_WAVEFORMATEXTENSIBLE_) || !defined(_SPEAKER_POSITIONS_)
#error "an SDK marker is missing"
#endif
#if defined(INITGUID)
#error "INITGUID leaked from another file"
#endif

/* Declared only here (no INITGUID): the definition is headers.c's. */
DEFINE_GUID(HEADERS_TEST_GUID, 0x01020304, 0x0506, 0x0708, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10);

/* The layout checks work on a program's own types too. */
typedef struct {
    DWORD first;
    WORD second;
} SecondPair;
MMIO_ASSERT_SIZE(SecondPair, 8, 8);
MMIO_ASSERT_OFFSET(SecondPair, second, 4, 4);
MMIO_STATIC_ASSERT(sizeof(WAVEFORMATEXTENSIBLE) == 40, second_unit_extensible);

MMIO_WAVE_GUID(SECOND_UNIT_FLAC, WAVE_FORMAT_FLAC);
MMIO_DEFINE_SHARED_GUID(SECOND_UNIT_GUID, 0x11, 0x22, 0x33, 1, 2, 3, 4, 5, 6, 7, 8);

MMIO_INLINE int second_unit_twice(int x)
{
    return 2 * x;
}

int mmio_second_unit(const GUID *pcm_here, const GUID *test_here);

/* MMIO_WIDE makes a literal of WCHARs where the language has 16-bit literals. */
static int wide_literals(void)
{
#ifdef MMIO_WIDE
    static const WCHAR wide[] = MMIO_WIDE("wide");
    if (lstrlenW(wide) != 4 || wide[0] != 'w' || sizeof wide != 5 * sizeof(WCHAR)) {
        printf("second unit: MMIO_WIDE makes no WCHAR literal\n");
        return 1;
    }
#endif
    return 0;
}

int mmio_second_unit(const GUID *pcm_here, const GUID *test_here)
{
    int problems = wide_literals();
    if (pcm_here != &KSDATAFORMAT_SUBTYPE_PCM) {
        printf("second unit: KSDATAFORMAT_SUBTYPE_PCM is two objects\n");
        problems++;
    }
    if (test_here != &HEADERS_TEST_GUID || HEADERS_TEST_GUID.Data1 != 0x01020304) {
        printf("second unit: DEFINE_GUID did not link to the one definition\n");
        problems++;
    }
    if (SECOND_UNIT_FLAC.Data1 != WAVE_FORMAT_FLAC || SECOND_UNIT_GUID.Data4[7] != 8 || second_unit_twice(2) != 4) {
        printf("second unit: MMIO_WAVE_GUID, MMIO_DEFINE_SHARED_GUID or MMIO_INLINE went wrong\n");
        problems++;
    }
    return problems;
}
