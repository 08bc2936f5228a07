/* posix-only: this program is not built for Windows (the runner skips it under Wine).
 *
 * What only the POSIX side has: file descriptors in adwInfo[0] (a NULL name with the
 * DOS procedure adopts the caller's descriptor at its current offset; MMIO_FHOPEN at
 * close hands it back open), the built-in DOS procedure called straight from C and
 * wrapped by a custom procedure, reentrant calls from a procedure into its own file
 * (MMSYSERR_INVALHANDLE, not a deadlock), one handle shared by threads (and closed
 * under a reading thread), and sizes
 * past what the 32-bit fields hold (an RF64 file, sparse, of 5 GiB). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>
#include "suite.h"

static void adopt_descriptor(void)
{
    MMIOINFO info;
    HMMIO h;
    char back[8];
    LONG r;
    int fd = open("fd.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("fd write: %ld\n", (long)write(fd, "0123456789", 10));
    lseek(fd, 3, SEEK_SET);
    memset(&info, 0, sizeof info);
    info.adwInfo[0] = (DWORD)fd;
    info.cchBuffer = 4;
    h = mmioOpenA(NULL, &info, MMIO_READWRITE);
    printf("adopt open: %d wErrorRet=%u\n", h != NULL, (unsigned)info.wErrorRet);
    printf("adopt pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, 3);
    printf("adopt read: %ld %.3s\n", (long)r, back);
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("adopt adwInfo[0] is fd: %d\n", info.adwInfo[0] == (DWORD)fd);
    printf("adopt write: %ld\n", (long)mmioWrite(h, "ab", 2));
    printf("adopt close fhopen: %u\n", (unsigned)mmioClose(h, MMIO_FHOPEN));
    printf("adopt fd still open: %d\n", fcntl(fd, F_GETFD) >= 0);
    printf("adopt fd offset: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
    lseek(fd, 0, SEEK_SET);
    memset(back, 0, sizeof back);
    printf("adopt fd content: %ld %.8s\n", (long)read(fd, back, 8), back);

    lseek(fd, 0, SEEK_SET);
    memset(&info, 0, sizeof info);
    info.adwInfo[0] = (DWORD)fd;
    h = mmioOpenA(NULL, &info, MMIO_READ);
    printf("adopt again: %d\n", h != NULL);
    printf("adopt close: %u\n", (unsigned)mmioClose(h, 0));
    printf("adopt fd closed: %d\n", fcntl(fd, F_GETFD) < 0);

    memset(&info, 0, sizeof info);
    info.adwInfo[0] = 987654;
    h = mmioOpenA(NULL, &info, MMIO_READ);
    printf("adopt bad fd: %d wErrorRet=%u\n", h == NULL, (unsigned)info.wErrorRet);
}

/* A named file: adwInfo[0] is the descriptor the DOS procedure opened. */
static void named_descriptor(void)
{
    MMIOINFO info;
    HMMIO h = mmioOpenA("fd.bin", NULL, MMIO_READ);
    memset(&info, 0, sizeof info);
    mmioGetInfo(h, &info, 0);
    printf("named fd valid: %d\n", fcntl((int)info.adwInfo[0], F_GETFD) >= 0);
    printf("named fd size: %ld\n", (long)lseek((int)info.adwInfo[0], 0, SEEK_END));
    printf("named fd cloexec: %d\n", (fcntl((int)info.adwInfo[0], F_GETFD) & FD_CLOEXEC) != 0);
    mmioClose(h, 0);
}

/* The DOS procedure from mmioInstallIOProc(FOURCC_DOS, NULL, MMIO_FINDPROC), called
 * directly with an MMIOINFO of our own. */
static void direct_dos_calls(void)
{
    LPMMIOPROC dos = mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC);
    MMIOINFO info;
    char name[] = "direct.bin", back[8];
    LRESULT r;
    memset(&info, 0, sizeof info);
    info.dwFlags = MMIO_CREATE | MMIO_READWRITE;
    r = dos((LPSTR)&info, MMIOM_OPEN, (LPARAM)name, 0);
    printf("dos open: %ld fd valid: %d\n", (long)r, fcntl((int)info.adwInfo[0], F_GETFD) >= 0);
    r = dos((LPSTR)&info, MMIOM_WRITE, (LPARAM) "hello", 5);
    printf("dos write: %ld diskoff=%ld\n", (long)r, (long)info.lDiskOffset);
    r = dos((LPSTR)&info, MMIOM_SEEK, 1, SEEK_SET);
    printf("dos seek: %ld diskoff=%ld\n", (long)r, (long)info.lDiskOffset);
    memset(back, 0, sizeof back);
    r = dos((LPSTR)&info, MMIOM_READ, (LPARAM)back, 8);
    printf("dos read: %ld %.4s diskoff=%ld\n", (long)r, back, (long)info.lDiskOffset);
    printf("dos close: %ld\n", (long)dos((LPSTR)&info, MMIOM_CLOSE, 0, 0));
    memset(&info, 0, sizeof info);
    printf("dos open missing: %ld\n", (long)dos((LPSTR)&info, MMIOM_OPEN, (LPARAM) "missing.bin", 0));
}

/* A procedure that logs and hands every message to the DOS procedure. */
static LPMMIOPROC dos_proc;

static LRESULT CALLBACK wrapper(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    LRESULT r = dos_proc(p, msg, a, b);
    printf("wrapper msg %u: %ld\n", msg, (long)r);
    return r;
}

static void wrapped_dos(void)
{
    HMMIO h;
    char back[8];
    LONG r;
    dos_proc = mmioInstallIOProcA(FOURCC_DOS, NULL, MMIO_FINDPROC);
    h = open_with_proc("direct.bin", wrapper, MMIO_READ);
    printf("wrapped open: %d\n", h != NULL);
    memset(back, 0, sizeof back);
    r = mmioRead(h, back, 5);
    printf("wrapped read: %ld %.5s\n", (long)r, back);
    printf("wrapped close: %u\n", (unsigned)mmioClose(h, 0));
}

/* A procedure calling back into its own file is refused, not deadlocked. */
static LRESULT CALLBACK reentrant(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    MMIOINFO *info = (MMIOINFO *)p;
    (void)a;
    (void)b;
    if (msg == MMIOM_USER) {
        printf("reentrant seek: %ld\n", (long)mmioSeek(info->hmmio, 0, SEEK_SET));
        printf("reentrant getinfo: %u\n", (unsigned)mmioGetInfo(info->hmmio, info, 0));
        printf("reentrant close: %u\n", (unsigned)mmioClose(info->hmmio, 0));
        return 42;
    }
    return 0;
}

static void reentrancy(void)
{
    HMMIO h = open_with_proc("re", reentrant, MMIO_READ);
    printf("reentrant send: %ld\n", (long)mmioSendMessage(h, MMIOM_USER, 0, 0));
    printf("reentrant handle still open: %u\n", (unsigned)mmioClose(h, 0));
}

/* Four threads append 500 records each through one buffered handle. */
static HMMIO shared;

static void *writer(void *arg)
{
    char record[8];
    int i, id = (int)(size_t)arg;
    for (i = 0; i < 500; i++) {
        snprintf(record, sizeof record, "%d%06d", id, i);
        mmioWrite(shared, record, 7);
    }
    return NULL;
}

static void threads(void)
{
    pthread_t t[4];
    char record[8];
    int i, seen[4] = {0, 0, 0, 0}, ok = 1;
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 100;
    shared = mmioOpenA("threads.bin", &info, MMIO_CREATE | MMIO_READWRITE);
    for (i = 0; i < 4; i++)
        pthread_create(&t[i], NULL, writer, (void *)(size_t)i);
    for (i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    printf("threads size: %ld\n", (long)mmioSeek(shared, 0, SEEK_END));
    mmioSeek(shared, 0, SEEK_SET);
    memset(record, 0, sizeof record);
    while (mmioRead(shared, record, 7) == 7) {
        int id = record[0] - '0', n = atoi(record + 1);
        if (id < 0 || id > 3 || n != seen[id])
            ok = 0;
        else
            seen[id]++;
    }
    printf("threads records intact and in order per thread: %d\n", ok && seen[0] == 500 && seen[3] == 500);
    printf("threads close: %u\n", (unsigned)mmioClose(shared, 0));
}

/* One thread reads in a loop while another closes the handle: the reader's next call
 * gets -1 (the handle is stale), never a crash. */
static pthread_mutex_t race_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t race_started = PTHREAD_COND_INITIALIZER;
static int race_reads;

static void *reader(void *arg)
{
    HMMIO h = (HMMIO)arg;
    char c;
    LONG r;
    while ((r = mmioRead(h, &c, 1)) >= 0) {
        if (r == 0)
            mmioSeek(h, 0, SEEK_SET);
        pthread_mutex_lock(&race_lock);
        if (++race_reads == 100)
            pthread_cond_signal(&race_started);
        pthread_mutex_unlock(&race_lock);
    }
    return (void *)(size_t)(r == -1);
}

static void close_race(void)
{
    pthread_t t;
    void *stopped = NULL;
    MMIOINFO info;
    HMMIO h;
    memset(&info, 0, sizeof info);
    info.cchBuffer = 4;
    h = mmioOpenA("fd.bin", &info, MMIO_READ);
    pthread_create(&t, NULL, reader, h);
    pthread_mutex_lock(&race_lock);
    while (race_reads < 100)
        pthread_cond_wait(&race_started, &race_lock);
    pthread_mutex_unlock(&race_lock);
    printf("race close: %u\n", (unsigned)mmioClose(h, 0));
    pthread_join(t, &stopped);
    printf("race reader stopped with -1: %d\n", stopped != NULL);
}

/* Little-endian 32- and 64-bit values into p. */
static void put32(unsigned char *p, unsigned long v)
{
    int i;
    for (i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, unsigned long long v)
{
    put32(p, (unsigned long)(v & 0xFFFFFFFFu));
    put32(p + 4, (unsigned long)(v >> 32));
}

/* An RF64 WAVE file whose data chunk holds 5 GiB (sparse): the 32-bit MMCKINFO fields
 * show 0xFFFFFFFF, positions past 2 GiB make mmioSeek return -1. */
static void big_sizes(void)
{
    const unsigned long long data = 5ULL << 30;
    unsigned char head[64];
    MMCKINFO form, ck;
    HMMIO h;
    int fd;
    memset(head, 0, sizeof head);
    memcpy(head, "RF64", 4);
    put32(head + 4, 0xFFFFFFFFu);
    memcpy(head + 8, "WAVEds64", 8);
    put32(head + 16, 28);
    put64(head + 20, data + 48);
    put64(head + 28, data);
    put64(head + 36, 0);
    put32(head + 44, 0);
    memcpy(head + 48, "data", 4);
    put32(head + 52, 0xFFFFFFFFu);
    fd = open("big.wav", O_RDWR | O_CREAT | O_TRUNC, 0644);
    printf("big header: %ld\n", (long)write(fd, head, 56));
    printf("big truncate: %d\n", ftruncate(fd, (off_t)(56 + data)));
    close(fd);
    h = mmioOpenA("big.wav", NULL, MMIO_READ | MMIO_ALLOCBUF);
    memset(&form, 0, sizeof form);
    form.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    printf("big descend form: %u", (unsigned)mmioDescend(h, &form, NULL, MMIO_FINDRIFF));
    show_fourcc("ckid", form.ckid);
    printf(" cksize=0x%lx\n", (unsigned long)form.cksize);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    printf("big descend data: %u", (unsigned)mmioDescend(h, &ck, &form, MMIO_FINDCHUNK));
    printf(" cksize=0x%lx offset=%lu\n", (unsigned long)ck.cksize, (unsigned long)ck.dwDataOffset);
    printf("big seek to 2 GiB - 1: %ld\n", (long)mmioSeek(h, 0x7FFFFFFF, SEEK_SET));
    printf("big seek past LONG: %ld\n", (long)mmioSeek(h, 1, SEEK_CUR));
    printf("big seek end: %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    printf("big close: %u\n", (unsigned)mmioClose(h, 0));
}

int main(void)
{
    adopt_descriptor();
    named_descriptor();
    direct_dos_calls();
    wrapped_dos();
    reentrancy();
    threads();
    close_race();
    big_sizes();
    return 0;
}
