/* Every name of the Windows SDK that libmmio's headers declare, used: the values of
 * the constants, the sizes and member offsets of the types, each function and
 * function-like macro called. Built against libmmio's headers here and in every cell
 * of the compile matrix (tests/headers.rs: C89 to C++20, with and without UNICODE),
 * and against the Windows SDK's (mingw-w64, under Wine: wine_diff.rs): the outputs
 * must be the same, so each value, size and offset is the SDK's. Plain C89 that is
 * also C++; TCHAR names work both ways. */
#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <ks.h>
#include <ksmedia.h>
#include <initguid.h>
#include <tchar.h>
#include <stdio.h>
#include <string.h>

#ifdef __cplusplus
#define GUID_ARG(g) (g) /* IsEqualGUID takes references in C++ */
#else
#define GUID_ARG(g) (&(g))
#endif

#define VALUE(name) printf("%s: 0x%lx\n", #name, (unsigned long)(name))
#define HVALUE(name) printf("%s: 0x%08lx\n", #name, (unsigned long)(DWORD)(name))
#define SIZE(type) printf("sizeof %s: %lu\n", #type, (unsigned long)sizeof(type))
#define OFFSET(type, member) printf("offsetof %s.%s: %lu\n", #type, #member, (unsigned long)offsetof(type, member))

DEFINE_GUID(HEADERS_TEST_GUID, 0x01020304, 0x0506, 0x0708, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10);

#ifdef MMIO_HEADERS_SECOND_UNIT
int mmio_second_unit(const GUID *pcm_here, const GUID *test_here);
#endif

static void show_guid(const char *name, const GUID *g)
{
    printf("%s: %08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x\n", name, (unsigned long)g->Data1,
           (unsigned)g->Data2, (unsigned)g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
           g->Data4[5], g->Data4[6], g->Data4[7]);
}

static void constants(void)
{
    VALUE(FALSE); VALUE(TRUE); VALUE(MAX_PATH); VALUE(SEEK_SET); VALUE(SEEK_CUR); VALUE(SEEK_END);
    VALUE(MMSYSERR_BASE); VALUE(MMSYSERR_NOERROR); VALUE(MMSYSERR_ERROR); VALUE(MMSYSERR_BADDEVICEID);
    VALUE(MMSYSERR_NOTENABLED); VALUE(MMSYSERR_ALLOCATED); VALUE(MMSYSERR_INVALHANDLE); VALUE(MMSYSERR_NODRIVER);
    VALUE(MMSYSERR_NOMEM); VALUE(MMSYSERR_NOTSUPPORTED); VALUE(MMSYSERR_BADERRNUM); VALUE(MMSYSERR_INVALFLAG);
    VALUE(MMSYSERR_INVALPARAM); VALUE(MMSYSERR_HANDLEBUSY); VALUE(MMSYSERR_INVALIDALIAS); VALUE(MMSYSERR_BADDB);
    VALUE(MMSYSERR_KEYNOTFOUND); VALUE(MMSYSERR_READERROR); VALUE(MMSYSERR_WRITEERROR);
    VALUE(MMSYSERR_DELETEERROR); VALUE(MMSYSERR_VALNOTFOUND); VALUE(MMSYSERR_NODRIVERCB); VALUE(MMSYSERR_MOREDATA);
    VALUE(MMSYSERR_LASTERROR);
    VALUE(MMIOERR_BASE); VALUE(MMIOERR_FILENOTFOUND); VALUE(MMIOERR_OUTOFMEMORY); VALUE(MMIOERR_CANNOTOPEN);
    VALUE(MMIOERR_CANNOTCLOSE); VALUE(MMIOERR_CANNOTREAD); VALUE(MMIOERR_CANNOTWRITE); VALUE(MMIOERR_CANNOTSEEK);
    VALUE(MMIOERR_CANNOTEXPAND); VALUE(MMIOERR_CHUNKNOTFOUND); VALUE(MMIOERR_UNBUFFERED);
    VALUE(MMIOERR_PATHNOTFOUND); VALUE(MMIOERR_ACCESSDENIED); VALUE(MMIOERR_SHARINGVIOLATION);
    VALUE(MMIOERR_NETWORKERROR); VALUE(MMIOERR_TOOMANYOPENFILES); VALUE(MMIOERR_INVALIDFILE);
    VALUE(CFSEPCHAR); VALUE(MMIO_DEFAULTBUFFER); VALUE(MMIO_RWMODE); VALUE(MMIO_SHAREMODE); VALUE(MMIO_CREATE);
    VALUE(MMIO_PARSE); VALUE(MMIO_DELETE); VALUE(MMIO_EXIST); VALUE(MMIO_ALLOCBUF); VALUE(MMIO_GETTEMP);
    VALUE(MMIO_DIRTY); VALUE(MMIO_READ); VALUE(MMIO_WRITE); VALUE(MMIO_READWRITE); VALUE(MMIO_COMPAT);
    VALUE(MMIO_EXCLUSIVE); VALUE(MMIO_DENYWRITE); VALUE(MMIO_DENYREAD); VALUE(MMIO_DENYNONE); VALUE(MMIO_FHOPEN);
    VALUE(MMIO_EMPTYBUF); VALUE(MMIO_TOUPPER); VALUE(MMIO_INSTALLPROC); VALUE(MMIO_GLOBALPROC);
    VALUE(MMIO_REMOVEPROC); VALUE(MMIO_UNICODEPROC); VALUE(MMIO_FINDPROC); VALUE(MMIO_FINDCHUNK);
    VALUE(MMIO_FINDRIFF); VALUE(MMIO_FINDLIST); VALUE(MMIO_CREATERIFF); VALUE(MMIO_CREATELIST);
    VALUE(MMIOM_READ); VALUE(MMIOM_WRITE); VALUE(MMIOM_SEEK); VALUE(MMIOM_OPEN); VALUE(MMIOM_CLOSE);
    VALUE(MMIOM_WRITEFLUSH); VALUE(MMIOM_RENAME); VALUE(MMIOM_USER);
    VALUE(FOURCC_RIFF); VALUE(FOURCC_LIST); VALUE(FOURCC_DOS); VALUE(FOURCC_MEM);
    VALUE(mmioFOURCC('W', 'A', 'V', 'E')); VALUE(MAKEFOURCC('f', 'm', 't', ' '));
}

static void results(void)
{
    HRESULT failed = E_FAIL;
    HVALUE(S_OK); HVALUE(S_FALSE); HVALUE(E_NOTIMPL); HVALUE(E_POINTER); HVALUE(E_FAIL); HVALUE(E_UNEXPECTED);
    HVALUE(E_OUTOFMEMORY); HVALUE(E_INVALIDARG); HVALUE(CO_E_NOTINITIALIZED);
    printf("SUCCEEDED, FAILED: %d %d %d %d\n", SUCCEEDED(S_FALSE), FAILED(S_OK), SUCCEEDED(failed), FAILED(failed));
    SIZE(HRESULT);
}

static void format_tags(void)
{
    VALUE(WAVE_FORMAT_UNKNOWN); VALUE(WAVE_FORMAT_PCM); VALUE(WAVE_FORMAT_ADPCM); VALUE(WAVE_FORMAT_IEEE_FLOAT);
    VALUE(WAVE_FORMAT_ALAW); VALUE(WAVE_FORMAT_MULAW); VALUE(WAVE_FORMAT_DTS); VALUE(WAVE_FORMAT_DRM);
    VALUE(WAVE_FORMAT_OKI_ADPCM); VALUE(WAVE_FORMAT_DVI_ADPCM); VALUE(WAVE_FORMAT_IMA_ADPCM);
    VALUE(WAVE_FORMAT_G723_ADPCM); VALUE(WAVE_FORMAT_GSM610); VALUE(WAVE_FORMAT_G721_ADPCM); VALUE(WAVE_FORMAT_MPEG);
    VALUE(WAVE_FORMAT_MPEGLAYER3); VALUE(WAVE_FORMAT_G726_ADPCM); VALUE(WAVE_FORMAT_G722_ADPCM);
    VALUE(WAVE_FORMAT_DOLBY_AC3_SPDIF); VALUE(WAVE_FORMAT_RAW_AAC1); VALUE(WAVE_FORMAT_WMAUDIO2);
    VALUE(WAVE_FORMAT_WMAUDIO3); VALUE(WAVE_FORMAT_WMAUDIO_LOSSLESS); VALUE(WAVE_FORMAT_WMASPDIF);
    VALUE(WAVE_FORMAT_DTS_DS); VALUE(WAVE_FORMAT_MPEG_ADTS_AAC); VALUE(WAVE_FORMAT_MPEG_RAW_AAC);
    VALUE(WAVE_FORMAT_MPEG_LOAS); VALUE(WAVE_FORMAT_MPEG_HEAAC); VALUE(WAVE_FORMAT_DVM); VALUE(WAVE_FORMAT_ALAC);
    VALUE(WAVE_FORMAT_OPUS); VALUE(WAVE_FORMAT_FLAC); VALUE(WAVE_FORMAT_EXTENSIBLE); VALUE(WAVE_FORMAT_DEVELOPMENT);
    VALUE(SPEAKER_FRONT_LEFT); VALUE(SPEAKER_FRONT_RIGHT); VALUE(SPEAKER_FRONT_CENTER); VALUE(SPEAKER_LOW_FREQUENCY);
    VALUE(SPEAKER_BACK_LEFT); VALUE(SPEAKER_BACK_RIGHT); VALUE(SPEAKER_FRONT_LEFT_OF_CENTER);
    VALUE(SPEAKER_FRONT_RIGHT_OF_CENTER); VALUE(SPEAKER_BACK_CENTER); VALUE(SPEAKER_SIDE_LEFT);
    VALUE(SPEAKER_SIDE_RIGHT); VALUE(SPEAKER_TOP_CENTER); VALUE(SPEAKER_TOP_FRONT_LEFT);
    VALUE(SPEAKER_TOP_FRONT_CENTER); VALUE(SPEAKER_TOP_FRONT_RIGHT); VALUE(SPEAKER_TOP_BACK_LEFT);
    VALUE(SPEAKER_TOP_BACK_CENTER); VALUE(SPEAKER_TOP_BACK_RIGHT); VALUE(SPEAKER_RESERVED); VALUE(SPEAKER_ALL);
    VALUE(KSAUDIO_SPEAKER_DIRECTOUT); VALUE(KSAUDIO_SPEAKER_MONO); VALUE(KSAUDIO_SPEAKER_STEREO);
    VALUE(KSAUDIO_SPEAKER_QUAD); VALUE(KSAUDIO_SPEAKER_SURROUND); VALUE(KSAUDIO_SPEAKER_5POINT1);
    VALUE(KSAUDIO_SPEAKER_7POINT1); VALUE(KSAUDIO_SPEAKER_5POINT1_SURROUND); VALUE(KSAUDIO_SPEAKER_7POINT1_SURROUND);
    VALUE(KSAUDIO_SPEAKER_5POINT1_BACK); VALUE(KSAUDIO_SPEAKER_7POINT1_WIDE);
    VALUE(MPEGLAYER3_WFX_EXTRA_BYTES); VALUE(MPEGLAYER3_ID_UNKNOWN); VALUE(MPEGLAYER3_ID_MPEG);
    VALUE(MPEGLAYER3_ID_CONSTANTFRAMESIZE); VALUE(MPEGLAYER3_FLAG_PADDING_ISO); VALUE(MPEGLAYER3_FLAG_PADDING_ON);
    VALUE(MPEGLAYER3_FLAG_PADDING_OFF);
}

static void base_types(void)
{
    VOID *nothing = NULL;
    LPCVOID constant = "x";
    SIZE(DWORD); SIZE(UINT); SIZE(INT); SIZE(LONG); SIZE(ULONG); SIZE(SHORT); SIZE(USHORT); SIZE(WORD);
    SIZE(BYTE); SIZE(BOOL); SIZE(CHAR); SIZE(WCHAR); SIZE(LPSTR); SIZE(PSTR); SIZE(LPCSTR); SIZE(PCSTR);
    SIZE(LPWSTR); SIZE(PWSTR); SIZE(LPCWSTR); SIZE(PCWSTR); SIZE(PBYTE); SIZE(LPBYTE); SIZE(PWORD); SIZE(LPWORD);
    SIZE(PDWORD); SIZE(LPDWORD); SIZE(PLONG); SIZE(LPLONG); SIZE(INT_PTR); SIZE(LONG_PTR); SIZE(UINT_PTR);
    SIZE(ULONG_PTR); SIZE(DWORD_PTR); SIZE(LPARAM); SIZE(LRESULT); SIZE(WPARAM); SIZE(HANDLE); SIZE(PVOID);
    SIZE(LPVOID); SIZE(LPCVOID); SIZE(MMRESULT); SIZE(MMVERSION); SIZE(FOURCC); SIZE(HPSTR); SIZE(HMMIO);
    SIZE(HTASK); SIZE(LPMMIOPROC); SIZE(PTCHAR); SIZE(LPTSTR); SIZE(PTSTR); SIZE(LPCTSTR); SIZE(PCTSTR);
    SIZE(GUID); SIZE(struct _GUID); SIZE(LPGUID); SIZE(LPCGUID);
    printf("TCHAR is the size of a TEXT character: %d\n", (int)(sizeof(TCHAR) == sizeof(TEXT("x")[0])));
    printf("VOID and LPCVOID: %d\n", nothing == NULL && constant != NULL);
}

static void structures(void)
{
    SIZE(MMIOINFO); SIZE(struct _MMIOINFO); SIZE(PMMIOINFO); SIZE(NPMMIOINFO); SIZE(LPMMIOINFO); SIZE(LPCMMIOINFO);
    OFFSET(MMIOINFO, dwFlags); OFFSET(MMIOINFO, fccIOProc); OFFSET(MMIOINFO, pIOProc); OFFSET(MMIOINFO, wErrorRet);
    OFFSET(MMIOINFO, htask); OFFSET(MMIOINFO, cchBuffer); OFFSET(MMIOINFO, pchBuffer); OFFSET(MMIOINFO, pchNext);
    OFFSET(MMIOINFO, pchEndRead); OFFSET(MMIOINFO, pchEndWrite); OFFSET(MMIOINFO, lBufOffset);
    OFFSET(MMIOINFO, lDiskOffset); OFFSET(MMIOINFO, adwInfo); OFFSET(MMIOINFO, dwReserved1);
    OFFSET(MMIOINFO, dwReserved2); OFFSET(MMIOINFO, hmmio);
    SIZE(MMCKINFO); SIZE(struct _MMCKINFO); SIZE(PMMCKINFO); SIZE(NPMMCKINFO); SIZE(LPMMCKINFO); SIZE(LPCMMCKINFO);
    OFFSET(MMCKINFO, ckid); OFFSET(MMCKINFO, cksize); OFFSET(MMCKINFO, fccType); OFFSET(MMCKINFO, dwDataOffset);
    OFFSET(MMCKINFO, dwFlags);
    SIZE(WAVEFORMAT); SIZE(struct waveformat_tag); SIZE(PWAVEFORMAT); SIZE(NPWAVEFORMAT); SIZE(LPWAVEFORMAT);
    OFFSET(WAVEFORMAT, wFormatTag); OFFSET(WAVEFORMAT, nChannels); OFFSET(WAVEFORMAT, nSamplesPerSec);
    OFFSET(WAVEFORMAT, nAvgBytesPerSec); OFFSET(WAVEFORMAT, nBlockAlign);
    SIZE(PCMWAVEFORMAT); SIZE(struct pcmwaveformat_tag); SIZE(PPCMWAVEFORMAT); SIZE(NPPCMWAVEFORMAT);
    SIZE(LPPCMWAVEFORMAT); OFFSET(PCMWAVEFORMAT, wf); OFFSET(PCMWAVEFORMAT, wBitsPerSample);
    SIZE(WAVEFORMATEX); SIZE(struct tWAVEFORMATEX); SIZE(PWAVEFORMATEX); SIZE(NPWAVEFORMATEX); SIZE(LPWAVEFORMATEX);
    SIZE(LPCWAVEFORMATEX); OFFSET(WAVEFORMATEX, wFormatTag); OFFSET(WAVEFORMATEX, nChannels);
    OFFSET(WAVEFORMATEX, nSamplesPerSec); OFFSET(WAVEFORMATEX, nAvgBytesPerSec); OFFSET(WAVEFORMATEX, nBlockAlign);
    OFFSET(WAVEFORMATEX, wBitsPerSample); OFFSET(WAVEFORMATEX, cbSize);
    SIZE(WAVEFORMATEXTENSIBLE); SIZE(PWAVEFORMATEXTENSIBLE); OFFSET(WAVEFORMATEXTENSIBLE, Format);
    OFFSET(WAVEFORMATEXTENSIBLE, Samples); OFFSET(WAVEFORMATEXTENSIBLE, Samples.wValidBitsPerSample);
    OFFSET(WAVEFORMATEXTENSIBLE, Samples.wSamplesPerBlock); OFFSET(WAVEFORMATEXTENSIBLE, Samples.wReserved);
    OFFSET(WAVEFORMATEXTENSIBLE, dwChannelMask); OFFSET(WAVEFORMATEXTENSIBLE, SubFormat);
    SIZE(WAVEFORMATPCMEX); SIZE(PWAVEFORMATPCMEX); SIZE(NPWAVEFORMATPCMEX); SIZE(LPWAVEFORMATPCMEX);
    SIZE(WAVEFORMATIEEEFLOATEX); SIZE(PWAVEFORMATIEEEFLOATEX); SIZE(NPWAVEFORMATIEEEFLOATEX);
    SIZE(LPWAVEFORMATIEEEFLOATEX);
    SIZE(ADPCMCOEFSET); SIZE(struct adpcmcoef_tag); SIZE(PADPCMCOEFSET); SIZE(NPADPCMCOEFSET); SIZE(LPADPCMCOEFSET);
    OFFSET(ADPCMCOEFSET, iCoef1); OFFSET(ADPCMCOEFSET, iCoef2);
    SIZE(ADPCMWAVEFORMAT); SIZE(struct adpcmwaveformat_tag); SIZE(PADPCMWAVEFORMAT); SIZE(NPADPCMWAVEFORMAT);
    SIZE(LPADPCMWAVEFORMAT); OFFSET(ADPCMWAVEFORMAT, wfx); OFFSET(ADPCMWAVEFORMAT, wSamplesPerBlock);
    OFFSET(ADPCMWAVEFORMAT, wNumCoef); OFFSET(ADPCMWAVEFORMAT, aCoef);
    SIZE(IMAADPCMWAVEFORMAT); SIZE(struct ima_adpcmwaveformat_tag); SIZE(PIMAADPCMWAVEFORMAT);
    SIZE(NPIMAADPCMWAVEFORMAT); SIZE(LPIMAADPCMWAVEFORMAT); OFFSET(IMAADPCMWAVEFORMAT, wfx);
    OFFSET(IMAADPCMWAVEFORMAT, wSamplesPerBlock);
    SIZE(GSM610WAVEFORMAT); SIZE(struct gsm610waveformat_tag); SIZE(PGSM610WAVEFORMAT); SIZE(NPGSM610WAVEFORMAT);
    SIZE(LPGSM610WAVEFORMAT); OFFSET(GSM610WAVEFORMAT, wfx); OFFSET(GSM610WAVEFORMAT, wSamplesPerBlock);
    SIZE(MPEGLAYER3WAVEFORMAT); SIZE(struct mpeglayer3waveformat_tag); SIZE(PMPEGLAYER3WAVEFORMAT);
    SIZE(NPMPEGLAYER3WAVEFORMAT); SIZE(LPMPEGLAYER3WAVEFORMAT); OFFSET(MPEGLAYER3WAVEFORMAT, wfx);
    OFFSET(MPEGLAYER3WAVEFORMAT, wID); OFFSET(MPEGLAYER3WAVEFORMAT, fdwFlags); OFFSET(MPEGLAYER3WAVEFORMAT, nBlockSize);
    OFFSET(MPEGLAYER3WAVEFORMAT, nFramesPerBlock); OFFSET(MPEGLAYER3WAVEFORMAT, nCodecDelay);
    OFFSET(GUID, Data1); OFFSET(GUID, Data2); OFFSET(GUID, Data3); OFFSET(GUID, Data4);
}

static void guids(void)
{
    static const unsigned long pcm_parts[] = {STATIC_KSDATAFORMAT_SUBTYPE_PCM};
    static const unsigned long float_parts[] = {STATIC_KSDATAFORMAT_SUBTYPE_IEEE_FLOAT};
    static const unsigned long alaw_parts[] = {STATIC_KSDATAFORMAT_SUBTYPE_ALAW};
    static const unsigned long mulaw_parts[] = {STATIC_KSDATAFORMAT_SUBTYPE_MULAW};
    static const unsigned long adpcm_parts[] = {STATIC_KSDATAFORMAT_SUBTYPE_ADPCM};
    static const unsigned long base_parts[] = {STATIC_KSDATAFORMAT_SUBTYPE_WAVEFORMATEX};
    static const unsigned long flac_parts[] = {DEFINE_WAVEFORMATEX_GUID(WAVE_FORMAT_FLAC)};
    GUID made;
    LPGUID target = &made;
    LPCGUID source = &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    REFGUID pcm = GUID_ARG(KSDATAFORMAT_SUBTYPE_PCM);
    show_guid("KSDATAFORMAT_SUBTYPE_WAVEFORMATEX", &KSDATAFORMAT_SUBTYPE_WAVEFORMATEX);
    show_guid("KSDATAFORMAT_SUBTYPE_PCM", &KSDATAFORMAT_SUBTYPE_PCM);
    show_guid("KSDATAFORMAT_SUBTYPE_IEEE_FLOAT", &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT);
    show_guid("KSDATAFORMAT_SUBTYPE_ALAW", &KSDATAFORMAT_SUBTYPE_ALAW);
    show_guid("KSDATAFORMAT_SUBTYPE_MULAW", &KSDATAFORMAT_SUBTYPE_MULAW);
    show_guid("KSDATAFORMAT_SUBTYPE_ADPCM", &KSDATAFORMAT_SUBTYPE_ADPCM);
    show_guid("HEADERS_TEST_GUID", &HEADERS_TEST_GUID);
    printf("STATIC parts: %lu %lx %lx %lx %lx %lx %lx, flac %lx, last %lx\n",
           (unsigned long)(sizeof pcm_parts / sizeof pcm_parts[0]), pcm_parts[0], float_parts[0], alaw_parts[0],
           mulaw_parts[0], adpcm_parts[0], base_parts[0], flac_parts[0], pcm_parts[10]);
    INIT_WAVEFORMATEX_GUID(target, WAVE_FORMAT_MULAW);
    printf("INIT_WAVEFORMATEX_GUID is MULAW: %d\n", IsEqualGUID(GUID_ARG(made), GUID_ARG(KSDATAFORMAT_SUBTYPE_MULAW)));
    printf("EXTRACT_WAVEFORMATEX_ID: 0x%x\n", (unsigned)EXTRACT_WAVEFORMATEX_ID(source));
    printf("IS_VALID_WAVEFORMATEX_GUID float, test: %d %d\n", IS_VALID_WAVEFORMATEX_GUID(source),
           IS_VALID_WAVEFORMATEX_GUID(&HEADERS_TEST_GUID));
    printf("IsEqualGUID pcm/pcm, pcm/float: %d %d\n", IsEqualGUID(pcm, GUID_ARG(KSDATAFORMAT_SUBTYPE_PCM)),
           IsEqualGUID(pcm, GUID_ARG(KSDATAFORMAT_SUBTYPE_IEEE_FLOAT)));
}

static void strings(void)
{
    char a[16];
    WCHAR w[16];
    TCHAR t[16];
    static const WCHAR wide_ab[] = {'a', 'b', 0};
    static const WCHAR wide_cde[] = {'c', 'd', 'e', 0};
    printf("lstrlenA: %d %d\n", lstrlenA("abc"), lstrlenA(NULL));
    printf("lstrcpyA: %s\n", lstrcpyA(a, "abc"));
    printf("lstrcatA: %s\n", lstrcatA(a, "de"));
    printf("lstrcpynA: %s\n", lstrcpynA(a, "abcdef", 4));
    lstrcpyW(w, wide_ab);
    lstrcatW(w, wide_cde);
    printf("lstrcpyW+lstrcatW: %d %c%c\n", lstrlenW(w), (char)w[0], (char)w[4]);
    lstrcpynW(w, wide_cde, 3);
    printf("lstrcpynW: %d %c%c\n", lstrlenW(w), (char)w[0], (char)w[1]);
    lstrcpy(t, TEXT("tx"));
    lstrcat(t, _T("t"));
    lstrcpyn(t + 3, _TEXT("abc"), 2);
    printf("lstrlen TCHAR: %d\n", lstrlen(t));
    ZeroMemory(a, sizeof a);
    FillMemory(a, 3, 'z');
    CopyMemory(a + 3, "yy", 2);
    MoveMemory(a + 1, a, 4);
    printf("memory: %s\n", a);
}

/* The calling-convention and pointer-size words of 16-bit Windows still appear in
 * declarations. */
static LONG WINAPI near_far(const char FAR *a, const char NEAR *b)
{
    return (LONG)(strlen(a) + strlen(b));
}

static LRESULT CALLBACK headers_proc(LPSTR info, UINT msg, LPARAM a, LPARAM b)
{
    (void)info;
    if (msg == MMIOM_OPEN || msg == MMIOM_CLOSE)
        return 0;
    return msg >= MMIOM_USER ? a + b : 0;
}

static void functions(void)
{
    char name[MAX_PATH], block[64], back[8];
    WCHAR wname[] = {'h', 'd', 'r', '.', 'b', 'i', 'n', 0};
    WCHAR wrenamed[] = {'h', 'd', 'r', '2', '.', 'b', 'i', 'n', 0};
    WCHAR wfourcc[] = {'w', 'a', 'v', 'e', 0};
    TCHAR tname[MAX_PATH];
    MMIOINFO info;
    MMCKINFO riff, ck;
    MMIOPROC *proc = headers_proc;
    LPMMIOPROC installed;
    FOURCC hdr = mmioStringToFOURCCA("hdr", MMIO_TOUPPER);
    HMMIO h;
    LONG r;
    MMRESULT result;
    printf("WINAPI, FAR, NEAR: %ld\n", (long)near_far("ab", "c"));
    printf("mmioStringToFOURCCA: 0x%lx\n", (unsigned long)hdr);
    printf("mmioStringToFOURCCW: 0x%lx\n", (unsigned long)mmioStringToFOURCCW(wfourcc, MMIO_TOUPPER));
    printf("mmioStringToFOURCC: 0x%lx\n", (unsigned long)mmioStringToFOURCC(TEXT("ab"), 0));
    installed = mmioInstallIOProcA(hdr, proc, MMIO_INSTALLPROC);
    printf("mmioInstallIOProcA: %d\n", installed == proc);
    printf("mmioInstallIOProcW: %d\n", mmioInstallIOProcW(hdr, NULL, MMIO_FINDPROC) == proc);
    printf("mmioInstallIOProc: %d\n", mmioInstallIOProc(hdr, proc, MMIO_REMOVEPROC) == proc);

    memset(&info, 0, sizeof info);
    info.pIOProc = proc;
    strcpy(name, "x.hdr+y");
    h = mmioOpenA(name, &info, MMIO_READ);
    printf("mmioSendMessage: %ld\n", (long)mmioSendMessage(h, MMIOM_USER, 40, 2));
    printf("mmioClose proc: %u\n", (unsigned)mmioClose(h, 0));

    h = mmioOpenW(wname, NULL, MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF);
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('H', 'D', 'R', ' ');
    printf("mmioCreateChunk: %u\n", (unsigned)mmioCreateChunk(h, &riff, MMIO_CREATERIFF));
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    mmioCreateChunk(h, &ck, 0);
    printf("mmioWrite: %ld\n", (long)mmioWrite(h, "hello", 5));
    memset(&info, 0, sizeof info);
    printf("mmioGetInfo: %u\n", (unsigned)mmioGetInfo(h, &info, 0));
    info.pchNext[0] = '!';
    info.pchNext++;
    info.dwFlags |= MMIO_DIRTY;
    printf("mmioSetInfo: %u\n", (unsigned)mmioSetInfo(h, &info, 0));
    result = mmioAscend(h, &ck, 0);
    printf("mmioAscend: %u %lu\n", (unsigned)result, (unsigned long)ck.cksize);
    mmioAscend(h, &riff, 0);
    printf("mmioFlush: %u\n", (unsigned)mmioFlush(h, 0));
    printf("mmioClose: %u\n", (unsigned)mmioClose(h, 0));
    printf("mmioRenameW: %u\n", (unsigned)mmioRenameW(wname, wrenamed, NULL, 0));
    printf("mmioRenameA: %u\n", (unsigned)mmioRenameA("hdr2.bin", "hdr3.bin", NULL, 0));
    lstrcpy(tname, TEXT("hdr3.bin"));
    printf("mmioRename: %u\n", (unsigned)mmioRename(tname, TEXT("hdr4.bin"), NULL, 0));

    lstrcpy(tname, TEXT("hdr4.bin"));
    h = mmioOpen(tname, NULL, MMIO_READ);
    printf("mmioOpen: %d\n", h != NULL);
    printf("mmioSetBuffer: %u\n", (unsigned)mmioSetBuffer(h, NULL, 16, 0));
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    result = mmioAdvance(h, &info, MMIO_READ);
    printf("mmioAdvance: %u %ld\n", (unsigned)result, (long)(info.pchEndRead - info.pchNext));
    printf("mmioSeek: %ld\n", (long)mmioSeek(h, 0, SEEK_SET));
    memset(&riff, 0, sizeof riff);
    result = mmioDescend(h, &riff, NULL, MMIO_FINDRIFF);
    printf("mmioDescend: %u %lu\n", (unsigned)result, (unsigned long)riff.cksize);
    mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK);
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, 6);
    printf("mmioRead: %ld %.6s\n", (long)r, back);
    mmioClose(h, 0);

    memset(block, 'm', sizeof block);
    memset(&info, 0, sizeof info);
    info.fccIOProc = FOURCC_MEM;
    info.pchBuffer = block;
    info.cchBuffer = sizeof block;
    h = mmioOpenA(NULL, &info, MMIO_READ);
    printf("mmioOpenA memory: %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    mmioClose(h, 0);
}

int main(void)
{
    int failures = 0;
    constants();
    results();
    format_tags();
    base_types();
    structures();
    guids();
    strings();
    functions();
#ifdef MMIO_HEADERS_SECOND_UNIT
    failures = mmio_second_unit(&KSDATAFORMAT_SUBTYPE_PCM, &HEADERS_TEST_GUID);
#endif
    return failures;
}
