/*
 * initguid.h - makes DEFINE_GUID define the GUIDs it names from here on, instead of
 * only declaring them, as the Windows SDK's does (see guiddef.h).
 */
#define INITGUID
#include "../guiddef.h"
