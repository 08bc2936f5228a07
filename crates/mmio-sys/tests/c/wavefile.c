/* WAVE files read and written the way published Windows code does it: the CWaveFile
 * class of Microsoft's DirectX samples and the programs built on it, and an audio
 * plugin framework's writer. Reading: mmioDescend into RIFF 'WAVE', FINDCHUNK 'fmt ',
 * mmioRead into a PCMWAVEFORMAT, then a WAVEFORMATEX with cbSize (and for
 * WAVE_FORMAT_EXTENSIBLE a WAVEFORMATEXTENSIBLE), seek back to the form and
 * FINDCHUNK 'data', samples through direct buffer access (mmioGetInfo, mmioAdvance,
 * mmioSetInfo). Writing: mmioCreateChunk for the form, 'fmt ' (its size preset to
 * sizeof(PCMWAVEFORMAT), fixed by mmioAscend when more is written), a 'fact'
 * placeholder and 'data'; samples written straight into the buffer with
 * mmioAdvance(MMIO_WRITE); the 'fact' value patched at the end, once by descending
 * again (CWaveFile) and once with mmioSeek + mmioWrite (the plugin framework).
 * Every file written is compared byte for byte with the file built by hand. */
#include <windows.h>
#include <mmsystem.h>
#include <mmreg.h>
#include <ks.h>
#include <ksmedia.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE 20000

/* ---- the bytes a file should have, built by hand ---- */

static unsigned char *put32(unsigned char *p, DWORD v)
{
    p[0] = (unsigned char)v, p[1] = (unsigned char)(v >> 8), p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
    return p + 4;
}

static unsigned char *put_chunk(unsigned char *p, const char *id, const void *data, DWORD size)
{
    memcpy(p, id, 4);
    p = put32(p + 4, size);
    memcpy(p, data, size);
    p += size;
    if (size & 1)
        *p++ = 0;
    return p;
}

/* RIFF 'WAVE' with 'fmt ', 'fact' and 'data'; returns the length. */
static long expected_file(unsigned char *out, const void *fmt, DWORD fmt_size, DWORD fact, const BYTE *data,
                          DWORD n)
{
    unsigned char fact_bytes[4], *p = out + 12;
    put32(fact_bytes, fact);
    p = put_chunk(p, "fmt ", fmt, fmt_size);
    p = put_chunk(p, "fact", fact_bytes, 4);
    p = put_chunk(p, "data", data, n);
    memcpy(out, "RIFF", 4);
    put32(out + 4, (DWORD)(p - out - 8));
    memcpy(out + 8, "WAVE", 4);
    return (long)(p - out);
}

/* Compares a file with the expected bytes; prints the first difference. */
static void check_bytes(const char *name, const unsigned char *want, long want_len)
{
    static unsigned char got[MAX_FILE + 1];
    FILE *f = fopen(name, "rb");
    long len = f ? (long)fread(got, 1, sizeof got, f) : -1, i;
    if (f)
        fclose(f);
    for (i = 0; i < len && i < want_len && got[i] == want[i]; i++)
        ;
    if (len == want_len && i == len)
        printf("%s: %ld bytes, as built by hand\n", name, len);
    else
        printf("%s: %ld bytes, expected %ld; first difference at %ld\n", name, len, want_len, i);
}

/* The header of a file, up to the first data byte, in hex. */
static void show_head(const char *name, long n)
{
    unsigned char head[80];
    FILE *f = fopen(name, "rb");
    long got = f ? (long)fread(head, 1, (size_t)n, f) : 0, i;
    if (f)
        fclose(f);
    printf("%s head:", name);
    for (i = 0; i < got; i++)
        printf("%s%02x", i % 4 ? "" : " ", head[i]);
    printf("\n");
}

/* ---- writing, as CWaveFile does ---- */

typedef struct {
    HMMIO hmmio;
    MMCKINFO riff;    /* the form */
    MMCKINFO ck;      /* 'data' */
    MMCKINFO fact;
    MMIOINFO out;     /* the buffer state between writes */
} WaveWriter;

static int writer_open(WaveWriter *w, LPSTR name, const WAVEFORMATEX *wfx)
{
    MMCKINFO fmt;
    DWORD placeholder = (DWORD)-1;
    memset(w, 0, sizeof *w);
    w->hmmio = mmioOpenA(name, NULL, MMIO_ALLOCBUF | MMIO_READWRITE | MMIO_CREATE);
    if (w->hmmio == NULL)
        return 0;
    w->riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    w->riff.cksize = 0;
    if (mmioCreateChunk(w->hmmio, &w->riff, MMIO_CREATERIFF) != 0)
        return 0;
    /* The size is preset for PCM, so that a PCM file needs no size fix at ascend. */
    fmt.ckid = mmioFOURCC('f', 'm', 't', ' ');
    fmt.cksize = sizeof(PCMWAVEFORMAT);
    if (mmioCreateChunk(w->hmmio, &fmt, 0) != 0)
        return 0;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM) {
        if (mmioWrite(w->hmmio, (HPSTR)wfx, sizeof(PCMWAVEFORMAT)) != sizeof(PCMWAVEFORMAT))
            return 0;
    } else if (mmioWrite(w->hmmio, (HPSTR)wfx, (LONG)(sizeof(*wfx) + wfx->cbSize)) !=
               (LONG)(sizeof(*wfx) + wfx->cbSize)) {
        return 0;
    }
    if (mmioAscend(w->hmmio, &fmt, 0) != 0)
        return 0;
    printf("written fmt size: %lu\n", (unsigned long)fmt.cksize);
    w->fact.ckid = mmioFOURCC('f', 'a', 'c', 't');
    w->fact.cksize = 0;
    if (mmioCreateChunk(w->hmmio, &w->fact, 0) != 0 || mmioWrite(w->hmmio, (HPSTR)&placeholder, 4) != 4 ||
        mmioAscend(w->hmmio, &w->fact, 0) != 0)
        return 0;
    w->ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    w->ck.cksize = 0;
    if (mmioCreateChunk(w->hmmio, &w->ck, 0) != 0)
        return 0;
    return mmioGetInfo(w->hmmio, &w->out, 0) == 0;
}

/* Bytes straight into the file's buffer; a full buffer goes out with mmioAdvance. */
static int writer_write(WaveWriter *w, const BYTE *data, UINT n)
{
    UINT i;
    for (i = 0; i < n; i++) {
        if (w->out.pchNext == w->out.pchEndWrite) {
            w->out.dwFlags |= MMIO_DIRTY;
            if (mmioAdvance(w->hmmio, &w->out, MMIO_WRITE) != 0)
                return 0;
        }
        *((BYTE *)w->out.pchNext) = data[i];
        w->out.pchNext++;
    }
    return 1;
}

/* The end of writing: hand the buffer back (dirty), then ascend out of 'data' and the
 * form, which writes both sizes. */
static int writer_finish_data(WaveWriter *w)
{
    w->out.dwFlags |= MMIO_DIRTY;
    if (mmioSetInfo(w->hmmio, &w->out, 0) != 0 || mmioAscend(w->hmmio, &w->ck, 0) != 0 ||
        mmioAscend(w->hmmio, &w->riff, 0) != 0)
        return 0;
    printf("written data size: %lu, form size: %lu\n", (unsigned long)w->ck.cksize, (unsigned long)w->riff.cksize);
    return 1;
}

/* CWaveFile::Close: the sizes, then find 'fact' again from the start and write the
 * sample count into it. */
static int writer_close_descending(WaveWriter *w, DWORD samples)
{
    MMCKINFO fact;
    if (!writer_finish_data(w))
        return 0;
    mmioSeek(w->hmmio, 0, SEEK_SET);
    if (mmioDescend(w->hmmio, &w->riff, NULL, 0) != 0)
        return 0;
    fact.ckid = mmioFOURCC('f', 'a', 'c', 't');
    if (mmioDescend(w->hmmio, &fact, &w->riff, MMIO_FINDCHUNK) == 0) {
        mmioWrite(w->hmmio, (HPSTR)&samples, sizeof(DWORD));
        mmioAscend(w->hmmio, &fact, 0);
    }
    if (mmioAscend(w->hmmio, &w->riff, 0) != 0)
        return 0;
    return mmioClose(w->hmmio, 0) == 0;
}

/* The plugin framework's end: both sizes fixed, then the sample count written where
 * the 'fact' data started. */
static int writer_close_seeking(WaveWriter *w, DWORD samples)
{
    if (!writer_finish_data(w))
        return 0;
    if (mmioSeek(w->hmmio, (LONG)w->fact.dwDataOffset, SEEK_SET) < 0 ||
        mmioWrite(w->hmmio, (HPSTR)&samples, sizeof(DWORD)) != sizeof(DWORD))
        return 0;
    return mmioClose(w->hmmio, 0) == 0;
}

/* ---- reading, as CWaveFile does ---- */

/* Opens a file, reads its format into a new WAVEFORMATEX (with cbSize extra bytes) and
 * finds its 'data' chunk; the caller frees *wfx. */
static HMMIO reader_open(LPSTR name, WAVEFORMATEX **wfx, MMCKINFO *riff, MMCKINFO *ck)
{
    MMCKINFO fmt;
    PCMWAVEFORMAT pcm;
    WORD extra = 0;
    HMMIO h = mmioOpenA(name, NULL, MMIO_ALLOCBUF | MMIO_READ);
    *wfx = NULL;
    if (h == NULL || mmioDescend(h, riff, NULL, 0) != 0)
        return NULL;
    if (riff->ckid != FOURCC_RIFF || riff->fccType != mmioFOURCC('W', 'A', 'V', 'E'))
        return NULL;
    fmt.ckid = mmioFOURCC('f', 'm', 't', ' ');
    if (mmioDescend(h, &fmt, riff, MMIO_FINDCHUNK) != 0 || fmt.cksize < sizeof(PCMWAVEFORMAT))
        return NULL;
    if (mmioRead(h, (HPSTR)&pcm, sizeof pcm) != sizeof pcm)
        return NULL;
    if (pcm.wf.wFormatTag != WAVE_FORMAT_PCM && mmioRead(h, (HPSTR)&extra, sizeof extra) != sizeof extra)
        return NULL;
    *wfx = (WAVEFORMATEX *)malloc(sizeof(WAVEFORMATEX) + extra);
    memcpy(*wfx, &pcm, sizeof pcm);
    (*wfx)->cbSize = extra;
    if (mmioRead(h, (HPSTR)(*wfx + 1), extra) != extra || mmioAscend(h, &fmt, 0) != 0)
        return NULL;
    /* CWaveFile::ResetFile: back to the start of the form's chunks, then 'data'. */
    if (mmioSeek(h, (LONG)(riff->dwDataOffset + sizeof(FOURCC)), SEEK_SET) == -1)
        return NULL;
    ck->ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mmioDescend(h, ck, riff, MMIO_FINDCHUNK) != 0)
        return NULL;
    return h;
}

/* Reads up to n bytes of samples through direct buffer access; returns the count. */
static DWORD reader_read(HMMIO h, MMCKINFO *ck, BYTE *out, DWORD n)
{
    MMIOINFO in;
    DWORD i;
    if (mmioGetInfo(h, &in, 0) != 0)
        return 0;
    if (n > ck->cksize)
        n = ck->cksize;
    ck->cksize -= n;
    for (i = 0; i < n; i++) {
        if (in.pchNext == in.pchEndRead) {
            if (mmioAdvance(h, &in, MMIO_READ) != 0 || in.pchNext == in.pchEndRead)
                return i;
        }
        out[i] = *((BYTE *)in.pchNext);
        in.pchNext++;
    }
    return mmioSetInfo(h, &in, 0) == 0 ? n : 0;
}

static void show_format(const WAVEFORMATEX *wfx)
{
    printf("format: tag=0x%x channels=%u rate=%lu avg=%lu align=%u bits=%u cbSize=%u\n", (unsigned)wfx->wFormatTag,
           (unsigned)wfx->nChannels, (unsigned long)wfx->nSamplesPerSec, (unsigned long)wfx->nAvgBytesPerSec,
           (unsigned)wfx->nBlockAlign, (unsigned)wfx->wBitsPerSample, (unsigned)wfx->cbSize);
    if (wfx->wFormatTag == WAVE_FORMAT_EXTENSIBLE && wfx->cbSize >= 22) {
        const WAVEFORMATEXTENSIBLE *ext = (const WAVEFORMATEXTENSIBLE *)wfx;
        printf("extensible: valid=%u mask=0x%lx 5.1=%d float=%d pcm=%d tag of subformat=0x%x\n",
               (unsigned)ext->Samples.wValidBitsPerSample, (unsigned long)ext->dwChannelMask,
               ext->dwChannelMask == KSAUDIO_SPEAKER_5POINT1,
               IsEqualGUID(&ext->SubFormat, &KSDATAFORMAT_SUBTYPE_IEEE_FLOAT),
               IsEqualGUID(&ext->SubFormat, &KSDATAFORMAT_SUBTYPE_PCM),
               IS_VALID_WAVEFORMATEX_GUID(&ext->SubFormat) ? (unsigned)EXTRACT_WAVEFORMATEX_ID(&ext->SubFormat) : 0u);
    }
}

/* Reads a file back and checks its samples. */
static void read_back(const char *file, const BYTE *samples, DWORD n)
{
    static BYTE got[MAX_FILE];
    char name[64];
    WAVEFORMATEX *wfx;
    MMCKINFO riff, ck;
    HMMIO h;
    DWORD first, rest;
    strcpy(name, file);
    h = reader_open(name, &wfx, &riff, &ck);
    printf("read %s: %d form size=%lu data size=%lu at %lu\n", file, h != NULL, (unsigned long)riff.cksize,
           (unsigned long)ck.cksize, (unsigned long)ck.dwDataOffset);
    if (h == NULL)
        return;
    show_format(wfx);
    /* in two calls, as a streaming player would */
    first = reader_read(h, &ck, got, n / 3);
    rest = reader_read(h, &ck, got + first, MAX_FILE);
    printf("samples: %lu + %lu, same as written: %d\n", (unsigned long)first, (unsigned long)rest,
           first + rest == n && memcmp(got, samples, n) == 0);
    printf("close: %u\n", (unsigned)mmioClose(h, 0));
    free(wfx);
}

static void pcm_file(void)
{
    static BYTE samples[10000];
    static unsigned char want[MAX_FILE];
    char name[] = "pcm.wav";
    WAVEFORMATEX wfx;
    WaveWriter w;
    DWORD i;
    for (i = 0; i < sizeof samples; i++)
        samples[i] = (BYTE)(i * 7 + i / 256);
    memset(&wfx, 0, sizeof wfx);
    wfx.wFormatTag = WAVE_FORMAT_PCM;
    wfx.nChannels = 2;
    wfx.nSamplesPerSec = 22050;
    wfx.wBitsPerSample = 16;
    wfx.nBlockAlign = (WORD)(wfx.nChannels * wfx.wBitsPerSample / 8);
    wfx.nAvgBytesPerSec = wfx.nSamplesPerSec * wfx.nBlockAlign;
    printf("pcm open: %d\n", writer_open(&w, name, &wfx));
    printf("pcm write: %d\n", writer_write(&w, samples, sizeof samples));
    printf("pcm close: %d\n", writer_close_descending(&w, sizeof samples / wfx.nBlockAlign));
    show_head("pcm.wav", 56);
    check_bytes("pcm.wav", want, expected_file(want, &wfx, sizeof(PCMWAVEFORMAT), 2500, samples, sizeof samples));
    read_back("pcm.wav", samples, sizeof samples);
}

static void extensible_file(void)
{
    static BYTE samples[6 * 4 * 51 + 1];
    static unsigned char want[MAX_FILE];
    char name[] = "float51.wav";
    WAVEFORMATEXTENSIBLE ext;
    WaveWriter w;
    DWORD i;
    for (i = 0; i < sizeof samples; i++)
        samples[i] = (BYTE)(255 - i % 251);
    memset(&ext, 0, sizeof ext);
    ext.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    ext.Format.nChannels = 6;
    ext.Format.nSamplesPerSec = 48000;
    ext.Format.wBitsPerSample = 32;
    ext.Format.nBlockAlign = 24;
    ext.Format.nAvgBytesPerSec = 48000 * 24;
    ext.Format.cbSize = sizeof ext - sizeof ext.Format;
    ext.Samples.wValidBitsPerSample = 32;
    ext.dwChannelMask = KSAUDIO_SPEAKER_5POINT1;
    ext.SubFormat = KSDATAFORMAT_SUBTYPE_IEEE_FLOAT;
    printf("extensible open: %d\n", writer_open(&w, name, &ext.Format));
    /* an odd count: the data chunk gets a pad byte */
    printf("extensible write: %d\n", writer_write(&w, samples, sizeof samples));
    printf("extensible close: %d\n", writer_close_seeking(&w, 51));
    show_head("float51.wav", 80);
    check_bytes("float51.wav", want, expected_file(want, &ext, sizeof ext, 51, samples, sizeof samples));
    read_back("float51.wav", samples, sizeof samples);
}

/* What other writers make: a 'LIST' chunk before 'fmt ', and a PCM 'fmt ' of 18 bytes
 * (a WAVEFORMATEX with cbSize 0). */
static void foreign_file(void)
{
    static const BYTE samples[5] = {1, 2, 3, 4, 5};
    unsigned char file[128], fmt[18], *p = file + 12;
    FILE *f = fopen("foreign.wav", "wb");
    memset(fmt, 0, sizeof fmt);
    fmt[0] = 1, fmt[2] = 1, put32(fmt + 4, 8000), put32(fmt + 8, 8000), fmt[12] = 1, fmt[14] = 8;
    p = put_chunk(p, "LIST", "INFOISFT\5\0\0\0mmio\0\0", 18);
    p = put_chunk(p, "fmt ", fmt, sizeof fmt);
    p = put_chunk(p, "data", samples, sizeof samples);
    memcpy(file, "RIFF", 4);
    put32(file + 4, (DWORD)(p - file - 8));
    memcpy(file + 8, "WAVE", 4);
    printf("foreign made: %lu\n", (unsigned long)fwrite(file, 1, (size_t)(p - file), f));
    fclose(f);
    read_back("foreign.wav", samples, sizeof samples);
}

int main(void)
{
    pcm_file();
    extensible_file();
    foreign_file();
    return 0;
}
