/*
 * Concurrency stress test of libmmio: 8 threads open, read, write, seek, flush,
 * descend/ascend and close private and shared handles, install and remove their own
 * I/O procedure, and swap shared handles out and close them while other threads are
 * using them.
 *
 * Every call on a shared handle must either work or return MMSYSERR_INVALHANDLE
 * (-1 for mmioRead/mmioWrite/mmioSeek), also in bursts of 4-byte reads and writes
 * (the calls the buffer serves in the export itself); every private handle must work exactly;
 * a closed handle must stay invalid; no descriptor may leak. Run it under valgrind
 * to check memory (.ci/valgrind). Prints "ok <counts>" and exits 0 on success.
 *
 * Usage: stress DIR [ITERATIONS]
 */
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mmsystem.h>

#define THREADS 8
#define SHARED 4

static _Atomic(HMMIO) shared[SHARED];
static atomic_long worked, refused, forged;
static const char *dir;
static int iterations = 3000;

#define FAIL(...)                                                                     \
    do {                                                                              \
        fprintf(stderr, "FAIL line %d: ", __LINE__);                                  \
        fprintf(stderr, __VA_ARGS__);                                                 \
        fprintf(stderr, "\n");                                                        \
        exit(1);                                                                      \
    } while (0)

/* A result of a call on a shared handle: it worked or the handle was invalid. */
static void shared_result(MMRESULT rc, MMRESULT ok_alt, const char *what) {
    if (rc == MMSYSERR_NOERROR || rc == ok_alt)
        atomic_fetch_add(&worked, 1);
    else if (rc == MMSYSERR_INVALHANDLE)
        atomic_fetch_add(&refused, 1);
    else
        FAIL("%s on a shared handle returned %u", what, rc);
}

static void shared_count(LONG n, LONG asked, const char *what) {
    if (n >= 0 && n <= asked)
        atomic_fetch_add(&worked, 1);
    else if (n == -1)
        atomic_fetch_add(&refused, 1);
    else
        FAIL("%s on a shared handle returned %ld of %ld", what, (long)n, (long)asked);
}

static unsigned next_random(unsigned *state) {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    return *state;
}

/* A memory file with an internal buffer that grows. */
static HMMIO open_memory(void) {
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.fccIOProc = FOURCC_MEM;
    info.adwInfo[0] = 256;
    HMMIO h = mmioOpenA(NULL, &info, MMIO_READWRITE | MMIO_CREATE);
    if (!h)
        FAIL("memory open failed: %u", info.wErrorRet);
    return h;
}

static HMMIO open_shared_file(void) {
    char name[512];
    snprintf(name, sizeof name, "%s/shared.bin", dir);
    HMMIO h = mmioOpenA(name, NULL, MMIO_READWRITE | MMIO_DENYNONE | MMIO_ALLOCBUF);
    if (!h)
        FAIL("shared file open failed");
    return h;
}

/* A procedure that reads zeros and swallows writes. */
static LRESULT CALLBACK zero_proc(LPSTR p, UINT msg, LPARAM l1, LPARAM l2) {
    MMIOINFO *info = (MMIOINFO *)p;
    switch (msg) {
    case MMIOM_OPEN:
    case MMIOM_CLOSE:
        return 0;
    case MMIOM_READ:
        memset((char *)l1, 0, (size_t)l2);
        info->lDiskOffset += (LONG)l2;
        return l2;
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
        info->lDiskOffset += (LONG)l2;
        return l2;
    case MMIOM_SEEK:
        if (l2 == SEEK_SET)
            info->lDiskOffset = (LONG)l1;
        else if (l2 == SEEK_CUR)
            info->lDiskOffset += (LONG)l1;
        else
            info->lDiskOffset = 1 << 20;
        return info->lDiskOffset;
    default:
        return 0;
    }
}

/* Private memory file: write a RIFF form through direct access and chunk calls, read it back. */
static void private_memory(unsigned seed) {
    HMMIO h = open_memory();
    MMCKINFO riff, ck;
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('T', 'E', 'S', 'T');
    if (mmioCreateChunk(h, &riff, MMIO_CREATERIFF))
        FAIL("create riff");
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mmioCreateChunk(h, &ck, 0))
        FAIL("create chunk");
    unsigned len = 1 + seed % 3000;
    MMIOINFO info;
    if (mmioGetInfo(h, &info, 0))
        FAIL("getinfo");
    for (unsigned i = 0; i < len; i++) {
        if (info.pchNext == info.pchEndWrite && mmioAdvance(h, &info, MMIO_WRITE))
            FAIL("advance");
        *info.pchNext++ = (char)(i * 7 + seed);
        info.dwFlags |= MMIO_DIRTY;
    }
    if (mmioSetInfo(h, &info, 0))
        FAIL("setinfo");
    if (mmioAscend(h, &ck, 0) || mmioAscend(h, &riff, 0))
        FAIL("ascend");
    if (mmioSeek(h, 0, SEEK_SET) != 0)
        FAIL("seek");
    memset(&riff, 0, sizeof riff);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    if (mmioDescend(h, &riff, NULL, MMIO_FINDRIFF) || mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK))
        FAIL("descend");
    if (ck.cksize != len || riff.cksize != 4 + 8 + len + (len & 1))
        FAIL("sizes %u %u for %u bytes", (unsigned)riff.cksize, (unsigned)ck.cksize, len);
    char *back = malloc(len);
    if (mmioRead(h, back, (LONG)len) != (LONG)len)
        FAIL("read back");
    for (unsigned i = 0; i < len; i++)
        if (back[i] != (char)(i * 7 + seed))
            FAIL("byte %u differs", i);
    free(back);
    if (mmioClose(h, 0))
        FAIL("close private");
    if (mmioClose(h, 0) != MMSYSERR_INVALHANDLE || mmioSeek(h, 0, SEEK_SET) != -1)
        FAIL("closed private handle still works");
}

/* Private file with the thread's own procedure, installed for this thread only. */
static void private_proc(int id) {
    FOURCC fcc = mmioFOURCC('Z', 'R', 'O', (char)('0' + id));
    if (mmioInstallIOProcA(fcc, zero_proc, MMIO_INSTALLPROC) != zero_proc)
        FAIL("install");
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.fccIOProc = fcc;
    HMMIO h = mmioOpenA("zero", &info, MMIO_READWRITE | MMIO_ALLOCBUF);
    if (!h)
        FAIL("open with own procedure: %u", info.wErrorRet);
    if (mmioInstallIOProcA(fcc, NULL, MMIO_REMOVEPROC) != NULL)
        FAIL("removed a procedure in use");
    char buf[100] = {1};
    if (mmioWrite(h, buf, sizeof buf) != sizeof buf || mmioSeek(h, 5000, SEEK_SET) != 5000 ||
        mmioRead(h, buf, sizeof buf) != sizeof buf || buf[0] != 0)
        FAIL("zero procedure I/O");
    if (mmioClose(h, 0))
        FAIL("close zero");
    if (mmioInstallIOProcA(fcc, NULL, MMIO_REMOVEPROC) != zero_proc)
        FAIL("remove after close");
}

static void shared_op(unsigned r) {
    int i = (int)(r % SHARED);
    HMMIO h = atomic_load(&shared[i]);
    char buf[256];
    MMIOINFO info;
    MMCKINFO ck;
    switch ((r >> 8) % 10) {
    case 0:
        memset(buf, (int)r, sizeof buf);
        shared_count(mmioWrite(h, buf, (LONG)(r % sizeof buf)), (LONG)(r % sizeof buf), "write");
        break;
    case 1:
        shared_count(mmioRead(h, buf, (LONG)(r % sizeof buf)), (LONG)(r % sizeof buf), "read");
        break;
    case 2: {
        LONG at = mmioSeek(h, (LONG)(r % 5000), SEEK_SET);
        if (at == -1)
            atomic_fetch_add(&refused, 1);
        else if (at != (LONG)(r % 5000))
            FAIL("seek reached %ld", (long)at);
        else
            atomic_fetch_add(&worked, 1);
        break;
    }
    case 3:
        shared_result(mmioFlush(h, 0), MMSYSERR_NOERROR, "flush");
        break;
    case 4:
        shared_result(mmioGetInfo(h, &info, 0), MMSYSERR_NOERROR, "getinfo");
        break;
    case 5:
        memset(&ck, 0, sizeof ck);
        shared_result(mmioDescend(h, &ck, NULL, 0), MMIOERR_CHUNKNOTFOUND, "descend");
        break;
    case 6:
        shared_result((MMRESULT)mmioSendMessage(h, MMIOM_USER + 1, 0, 0), 0, "sendmessage");
        break;
    case 7: {
        /* Swap a fresh handle in and close the old one while others may use it. */
        HMMIO fresh = (r & 0x10000) ? open_memory() : open_shared_file();
        HMMIO old = atomic_exchange(&shared[i], fresh);
        /* MMIO_FHOPEN keeps only a caller's descriptor open: these files are the library's. */
        if (mmioClose(old, (r & 0x20000) ? MMIO_FHOPEN : 0))
            FAIL("close of a swapped-out shared handle");
        if (mmioClose(old, 0) != MMSYSERR_INVALHANDLE)
            FAIL("second close accepted");
        break;
    }
    case 8: {
        /* A burst of 4-byte reads or writes (the fast path: copied under the handle's
         * lock in the call itself) while other threads seek, flush and close it. */
        LONG n = 0;
        for (int k = 0; k < 64 && n != -1; k++) {
            n = (r & 0x40000) ? mmioWrite(h, (const char *)&r, 4) : mmioRead(h, buf, 4);
            if (n != -1 && (n < 0 || n > 4))
                FAIL("4-byte %s on a shared handle returned %ld", (r & 0x40000) ? "write" : "read", (long)n);
        }
        shared_count(n, 4, "4-byte burst");
        break;
    }
    default:
        /* Slot numbers with generation 0, which no handle ever has. */
        if (mmioClose((HMMIO)(uintptr_t)(r % 512 + 1), 0) != MMSYSERR_INVALHANDLE)
            FAIL("a forged handle was accepted");
        atomic_fetch_add(&forged, 1);
        break;
    }
}

static void *worker(void *arg) {
    int id = (int)(intptr_t)arg;
    unsigned state = 0x9e3779b9u * (unsigned)(id + 1);
    for (int n = 0; n < iterations; n++) {
        unsigned r = next_random(&state);
        if (r % 16 == 0)
            private_memory(r);
        else if (r % 16 == 1)
            private_proc(id);
        else
            shared_op(next_random(&state));
    }
    return NULL;
}

static int open_descriptors(void) {
    int n = 0;
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: stress DIR [ITERATIONS]\n");
        return 2;
    }
    dir = argv[1];
    if (argc > 2)
        iterations = atoi(argv[2]);
    char name[512];
    snprintf(name, sizeof name, "%s/shared.bin", dir);
    FILE *f = fopen(name, "wb");
    if (!f || fclose(f))
        FAIL("cannot create %s", name);
    int fds = open_descriptors();
    for (int i = 0; i < SHARED; i++)
        atomic_store(&shared[i], i % 2 ? open_memory() : open_shared_file());
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, worker, (void *)(intptr_t)t))
            FAIL("pthread_create");
    for (int t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    for (int i = 0; i < SHARED; i++)
        if (mmioClose(atomic_load(&shared[i]), 0))
            FAIL("final close");
    if (open_descriptors() != fds)
        FAIL("descriptors leaked: %d open before, %d after", fds, open_descriptors());
    printf("ok %d threads x %d iterations: %ld calls on shared handles worked, %ld hit a closed handle and "
           "returned MMSYSERR_INVALHANDLE, %ld forged handles refused\n",
           THREADS, iterations, atomic_load(&worked), atomic_load(&refused), atomic_load(&forged));
    return 0;
}
