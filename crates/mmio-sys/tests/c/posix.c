/* posix-only: this program is not built for Windows (the runner skips it under Wine).
 *
 * What only the POSIX side has: file descriptors in adwInfo[0] (a NULL name with the
 * DOS procedure adopts the caller's descriptor at its current offset; MMIO_FHOPEN at
 * close hands it back open; a failed open leaves it open; a pipe is read and written
 * in sequence), the built-in DOS procedure called straight from C and wrapped by a
 * custom procedure (no descriptor left behind by MMIO_FHOPEN), reentrant calls from a
 * procedure into its own file (MMSYSERR_INVALHANDLE, not a deadlock), one handle
 * shared by threads (and closed under a reading thread), sizes past what the 32-bit
 * fields hold (an RF64 file, sparse, of 5 GiB), and MMIO_GETTEMP cleaning up a name
 * too long for the caller's buffer. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>
#include "suite.h"

/* The number of entries in a directory, "." and ".." left out. */
static int entries(const char *path)
{
    DIR *dir = opendir(path);
    struct dirent *e;
    int n = 0;
    if (dir == NULL)
        return -1;
    while ((e = readdir(dir)) != NULL)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(dir);
    return n;
}

/* The descriptor is open. */
static int is_open(int fd)
{
    return fcntl(fd, F_GETFD) >= 0;
}

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

/* A failed open leaves the caller's descriptor open, whatever failed: invalid flags,
 * or a zeroed MMIOINFO with a NULL name, which adopts descriptor 0. */
static void failed_adoption(void)
{
    MMIOINFO info;
    HMMIO h;
    char back[4];
    int fd = open("fd.bin", O_RDONLY), saved_stdin, p[2];
    long got;
    MMRESULT closed;
    memset(&info, 0, sizeof info);
    info.adwInfo[0] = (DWORD)fd;
    h = mmioOpenA(NULL, &info, MMIO_WRITE | MMIO_READWRITE);
    printf("refused adoption: %d wErrorRet=%u\n", h == NULL, (unsigned)info.wErrorRet);
    memset(back, 0, sizeof back);
    got = (long)read(fd, back, 3);
    printf("refused adoption fd still open and readable: %d %ld %.3s\n", is_open(fd), got, back);
    close(fd);

    /* descriptor 0 replaced by a pipe holding "abc" */
    saved_stdin = dup(0);
    if (pipe(p) != 0 || dup2(p[0], 0) != 0)
        printf("stdin pipe failed\n");
    close(p[0]);
    printf("stdin pipe write: %ld\n", (long)write(p[1], "abc", 3));
    close(p[1]);
    memset(&info, 0, sizeof info);
    h = mmioOpenA(NULL, &info, MMIO_WRITE | MMIO_READWRITE);
    printf("zeroed info refused: %d, stdin still open: %d\n", h == NULL, is_open(0));
    memset(&info, 0, sizeof info);
    h = mmioOpenA(NULL, &info, MMIO_READ);
    memset(back, 0, sizeof back);
    got = mmioRead(h, back, 3);
    printf("zeroed info adopts stdin: %d read: %ld %.3s\n", h != NULL, got, back);
    closed = mmioClose(h, MMIO_FHOPEN);
    printf("zeroed info close fhopen: %u, stdin still open: %d\n", (unsigned)closed, is_open(0));
    dup2(saved_stdin, 0);
    close(saved_stdin);
}

/* Little-endian 32-bit values into p (defined further down). */
static void put32(unsigned char *p, unsigned long v);

/* A pipe has no offset: it is read in sequence, a chunk search skips forward by
 * reading, going back fails (-1), and MMIO_FHOPEN hands it back open. Writing goes
 * through the buffer in sequence too. */
static void pipes(void)
{
    static unsigned char wave[12 + 24 + 8 + 3000 + 8 + 6];
    unsigned char *at = wave;
    MMIOINFO info;
    MMCKINFO riff, ck;
    HMMIO h;
    char back[16];
    int p[2];
    long got;
    MMRESULT closed;
    memcpy(at, "RIFF", 4), put32(at + 4, sizeof wave - 8), memcpy(at + 8, "WAVE", 4), at += 12;
    memcpy(at, "fmt ", 4), put32(at + 4, 16), memset(at + 8, 1, 16), at += 24;
    memcpy(at, "junk", 4), put32(at + 4, 3000), memset(at + 8, 'j', 3000), at += 3008;
    memcpy(at, "data", 4), put32(at + 4, 6), memcpy(at + 8, "sample", 6);
    if (pipe(p) != 0)
        printf("pipe failed\n");
    printf("pipe write: %ld\n", (long)write(p[1], wave, sizeof wave));
    close(p[1]);
    memset(&info, 0, sizeof info);
    info.adwInfo[0] = (DWORD)p[0];
    info.cchBuffer = 64;
    h = mmioOpenA(NULL, &info, MMIO_READ);
    printf("pipe adopt: %d wErrorRet=%u\n", h != NULL, (unsigned)info.wErrorRet);
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    printf("pipe descend riff: %u\n", (unsigned)mmioDescend(h, &riff, NULL, MMIO_FINDRIFF));
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    printf("pipe descend data: %u", (unsigned)mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK));
    printf(" size=%lu offset=%lu\n", (unsigned long)ck.cksize, (unsigned long)ck.dwDataOffset);
    memset(back, 0, sizeof back);
    got = mmioRead(h, back, sizeof back);
    printf("pipe read: %ld %.6s\n", got, back);
    printf("pipe seek back: %ld\n", (long)mmioSeek(h, 0, SEEK_SET));
    printf("pipe seek end: %ld\n", (long)mmioSeek(h, 0, SEEK_END));
    closed = mmioClose(h, MMIO_FHOPEN);
    printf("pipe close fhopen: %u, still open: %d\n", (unsigned)closed, is_open(p[0]));
    close(p[0]);

    if (pipe(p) != 0)
        printf("pipe failed\n");
    memset(&info, 0, sizeof info);
    info.adwInfo[0] = (DWORD)p[1];
    info.cchBuffer = 4;
    h = mmioOpenA(NULL, &info, MMIO_WRITE);
    printf("pipe write end adopt: %d\n", h != NULL);
    printf("pipe write: %ld\n", (long)mmioWrite(h, "hello, ", 7));
    printf("pipe write: %ld\n", (long)mmioWrite(h, "pipe", 4));
    closed = mmioClose(h, 0);
    printf("pipe write end close: %u, closed: %d\n", (unsigned)closed, !is_open(p[1]));
    memset(back, 0, sizeof back);
    got = (long)read(p[0], back, sizeof back);
    printf("pipe read back: %ld %.11s\n", got, back);
    close(p[0]);
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

/* The same procedure, silent. */
static LRESULT CALLBACK quiet_wrapper(LPSTR p, UINT msg, LPARAM a, LPARAM b)
{
    return dos_proc(p, msg, a, b);
}

/* MMIO_FHOPEN keeps open only a descriptor the caller handed in: a file the DOS
 * procedure opened by name is closed, also through a wrapping procedure. */
static void wrapped_dos_fhopen(void)
{
    MMIOINFO info;
    char name[] = "direct.bin";
    int i, before = entries("/proc/self/fd"), fd;
    for (i = 0; i < 20; i++)
        mmioClose(open_with_proc("direct.bin", quiet_wrapper, MMIO_READ), MMIO_FHOPEN);
    printf("wrapped fhopen descriptors left: %d\n", entries("/proc/self/fd") - before);
    memset(&info, 0, sizeof info);
    dos_proc((LPSTR)&info, MMIOM_OPEN, (LPARAM)name, 0);
    fd = (int)info.adwInfo[0];
    dos_proc((LPSTR)&info, MMIOM_CLOSE, MMIO_FHOPEN, 0);
    printf("dos opened by name, closed with fhopen: closed %d\n", !is_open(fd));
    fd = open("direct.bin", O_RDONLY);
    memset(&info, 0, sizeof info);
    info.adwInfo[0] = (DWORD)fd;
    dos_proc((LPSTR)&info, MMIOM_OPEN, 0, 0);
    dos_proc((LPSTR)&info, MMIOM_CLOSE, MMIO_FHOPEN, 0);
    printf("dos given a descriptor, closed with fhopen: open %d\n", is_open(fd));
    close(fd);
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

/* MMIO_GETTEMP makes a file to hold the name; when the name does not fit the caller's
 * 128-byte buffer, the call fails and the file goes again. */
static void gettemp_too_long(void)
{
    char dir[121], name[128], before[128];
    WCHAR wname[128];
    HMMIO r;
    memset(dir, 'd', 120);
    dir[120] = 0;
    memset(name, 0, sizeof name);
    mkdir(dir, 0755);
    mkdir("short", 0755);
    snprintf(name, sizeof name, "%s/snd", dir);
    memcpy(before, name, sizeof name);
    r = mmioOpenA(name, NULL, MMIO_GETTEMP);
    printf("gettemp too long: %ld, buffer unchanged: %d, files left: %d\n", (long)(size_t)r,
           memcmp(name, before, sizeof name) == 0, entries(dir));
    widen(before, wname, 128);
    r = mmioOpenW(wname, NULL, MMIO_GETTEMP);
    printf("gettemp w too long: %ld, files left: %d\n", (long)(size_t)r, entries(dir));
    strcpy(name, "short/snd");
    r = mmioOpenA(name, NULL, MMIO_GETTEMP);
    printf("gettemp short: %ld, files: %d, name: %.9s\n", (long)(size_t)r, entries("short"), name);
}

int main(void)
{
    adopt_descriptor();
    failed_adoption();
    pipes();
    named_descriptor();
    direct_dos_calls();
    wrapped_dos();
    wrapped_dos_fhopen();
    reentrancy();
    threads();
    close_race();
    big_sizes();
    gettemp_too_long();
    return 0;
}
