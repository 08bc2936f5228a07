/*
 * ks.h for programs written for Windows that include <ks.h> before <ksmedia.h> to get
 * the KSDATAFORMAT_SUBTYPE_ wave format GUIDs. The kernel-streaming API itself is not
 * part of libmmio: this brings only GUID (guiddef.h).
 */
#ifndef MMIO_COMPAT_KS_H
#define MMIO_COMPAT_KS_H

#include "../guiddef.h"

#endif /* MMIO_COMPAT_KS_H */
