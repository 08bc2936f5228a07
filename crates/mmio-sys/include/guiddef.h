/*
 * guiddef.h - the GUID type of the Windows API, for libmmio's mmreg.h (the
 * KSDATAFORMAT_SUBTYPE_ format identifiers of WAVEFORMATEXTENSIBLE).
 *
 * GUID is 16 bytes (checked at compile time). IsEqualGUID compares two: in C it takes
 * pointers, in C++ references (REFGUID), as in the Windows SDK. DEFINE_GUID behaves as
 * on Windows: it declares the GUID, and defines it in a file that defines INITGUID
 * before including this header (or includes <initguid.h>, in include/compat); with gcc
 * and clang that definition is weak, like the SDK's selectany one, so several files
 * may do so.
 */
#ifndef MMIO_GUIDDEF_H
#define MMIO_GUIDDEF_H

#include <string.h>
#include "mmsyscom.h"

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    unsigned char Data4[8];
} GUID;

MMIO_ASSERT_SIZE(GUID, 16, 16);
MMIO_ASSERT_OFFSET(GUID, Data1, 0, 0);
MMIO_ASSERT_OFFSET(GUID, Data2, 4, 4);
MMIO_ASSERT_OFFSET(GUID, Data3, 6, 6);
MMIO_ASSERT_OFFSET(GUID, Data4, 8, 8);
#endif
typedef GUID *LPGUID;
typedef const GUID *LPCGUID;
#ifdef __cplusplus
typedef const GUID &REFGUID;
#else
typedef const GUID *REFGUID;
#endif

#ifdef __cplusplus
inline int IsEqualGUID(REFGUID a, REFGUID b)
{
    return memcmp(&a, &b, sizeof(GUID)) == 0;
}
#else
#define IsEqualGUID(a, b) (memcmp((a), (b), sizeof(GUID)) == 0)
#endif

/* A GUID defined in every file that includes the header, yet one object in the
 * program: weak with gcc and clang (as the SDK's selectany), static elsewhere. */
#if defined(__GNUC__)
#ifdef __cplusplus
#define MMIO_DEFINE_SHARED_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    extern "C" const GUID name __attribute__((weak)) = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define MMIO_DEFINE_SHARED_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID name __attribute__((weak)) = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif
#else
#define MMIO_DEFINE_SHARED_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    static const GUID name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#endif

#endif /* MMIO_GUIDDEF_H */

/* Outside the include guard, as in the SDK: <initguid.h> defines INITGUID and includes
 * this header again to make DEFINE_GUID define from there on. */
#undef DEFINE_GUID
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    MMIO_DEFINE_SHARED_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)
#elif defined(__cplusplus)
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern "C" const GUID name
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#endif
