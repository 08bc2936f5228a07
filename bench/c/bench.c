/* The C rows of the mmio benchmark table (issue 6), one source for every build:
 *
 *   native: cc -O2 bench.c -I crates/mmio-sys/include -L target/release -lmmio
 *   Wine:   x86_64-w64-mingw32-gcc -O2 bench.c -lwinmm   (run with wine64)
 *
 * Usage: bench DIR MIB REPEATS. DIR is where the files go (Wine: a Z:\ path), MIB the
 * size of the big file. Every case runs REPEATS times; the median is printed as
 * "case value unit", one line each. The native build also prints the read(2),
 * write(2) and stdio baselines.
 */
#ifdef _WIN32
#include <windows.h>
#include <mmsystem.h>
#define SEP "\\"
#else
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <time.h>
#include <unistd.h>
#include "mmsystem.h"
#define SEP "/"
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUFSIZE 8192
#define CHUNKS 100000

static char dir[512];
static long big_len;
static volatile uint64_t sink;

static double now(void) {
#ifdef _WIN32
    LARGE_INTEGER f, t;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart / (double)f.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
#endif
}

static char *path(const char *name) {
    static char buf[4][600];
    static int k;
    char *p = buf[k++ & 3];
    snprintf(p, 600, "%s%s%s", dir, SEP, name);
    return p;
}

static void die(const char *what) {
    fprintf(stderr, "bench: %s failed\n", what);
    exit(1);
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
    qsort(v, n, sizeof *v, cmp);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static HMMIO open_file(const char *name, DWORD flags, int buffered) {
    MMIOINFO info;
    memset(&info, 0, sizeof info);
    info.cchBuffer = buffered ? BUFSIZE : 0;
    HMMIO h = mmioOpen((LPSTR)name, &info, flags | (buffered ? MMIO_ALLOCBUF : 0));
    if (!h) die(name);
    return h;
}

/* ---- the files ---- */

static void make_big(void) {
    FILE *f = fopen(path("big.bin"), "wb");
    if (!f) die("create big.bin");
    static unsigned char block[1 << 16];
    uint32_t x = 0x9E3779B9u;
    for (long done = 0; done < big_len; done += sizeof block) {
        for (size_t i = 0; i < sizeof block; i++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            block[i] = (unsigned char)x;
        }
        fwrite(block, 1, sizeof block, f);
    }
    fclose(f);
}

/* A chunk header: the id, then the size little-endian. */
static void header(unsigned char h[8], const char *id, uint32_t size) {
    unsigned char bytes[8] = {id[0], id[1], id[2], id[3], size, size >> 8, size >> 16, size >> 24};
    memcpy(h, bytes, 8);
}

static void put32(FILE *f, const char *id, uint32_t size) {
    unsigned char h[8];
    header(h, id, size);
    fwrite(h, 1, 8, f);
}

static uint32_t leaf_size(long i) { return (uint32_t)(i * 7 % 61); }

/* A RIFF 'BNCH' form of CHUNKS chunks: CHUNKS - 1 'leaf' chunks then one 'last'. */
static void make_chunks(void) {
    FILE *f = fopen(path("chunks.riff"), "wb");
    if (!f) die("create chunks.riff");
    uint32_t body = 4;
    for (long i = 0; i < CHUNKS; i++) body += 8 + ((leaf_size(i) + 1) & ~1u);
    put32(f, "RIFF", body);
    fwrite("BNCH", 1, 4, f);
    static const char fill[64];
    for (long i = 0; i < CHUNKS; i++) {
        uint32_t n = leaf_size(i);
        put32(f, i == CHUNKS - 1 ? "last" : "leaf", n);
        fwrite(fill, 1, (n + 1) & ~1u, f);
    }
    fclose(f);
}

/* ---- the cases: each returns its figure ---- */

static double read4_ns(void) {
    HMMIO h = open_file(path("big.bin"), MMIO_READ, 1);
    long calls = big_len / 4;
    uint32_t word, sum = 0;
    double t = now();
    for (long i = 0; i < calls; i++) {
        if (mmioRead(h, (HPSTR)&word, 4) != 4) die("mmioRead 4");
        sum += word;
    }
    t = now() - t;
    mmioClose(h, 0);
    sink += sum;
    return t * 1e9 / calls;
}

static char block64[1 << 16];

static double read64k_gbs(void) {
    HMMIO h = open_file(path("big.bin"), MMIO_READ, 1);
    long total = 0, n;
    double t = now();
    while ((n = mmioRead(h, block64, sizeof block64)) > 0) total += n;
    t = now() - t;
    mmioClose(h, 0);
    if (total != big_len) die("mmioRead 64 KiB");
    return total / t / 1e9;
}

static double advance_gbs(void) {
    HMMIO h = open_file(path("big.bin"), MMIO_READ, 1);
    MMIOINFO info;
    uint64_t sum = 0;
    long total = 0;
    double t = now();
    mmioGetInfo(h, &info, 0);
    for (;;) {
        if (info.pchNext >= info.pchEndRead) {
            total += (long)(info.pchEndRead - info.pchBuffer);
            if (mmioAdvance(h, &info, MMIO_READ) != 0) die("mmioAdvance");
            if (info.pchNext >= info.pchEndRead) break;
        }
        sum += (unsigned char)*info.pchNext++;
    }
    mmioSetInfo(h, &info, 0);
    t = now() - t;
    mmioClose(h, 0);
    sink += sum;
    return big_len / t / 1e9;
}

static double write4_ns(void) {
    long calls = big_len / 4;
    double t = now();
    HMMIO h = open_file(path("written.bin"), MMIO_WRITE | MMIO_CREATE, 1);
    for (long i = 0; i < calls; i++) {
        uint32_t word = (uint32_t)i;
        if (mmioWrite(h, (const char *)&word, 4) != 4) die("mmioWrite 4");
    }
    if (mmioClose(h, 0) != 0) die("mmioClose");
    t = now() - t;
    return t * 1e9 / calls;
}

static double find_ms(int buffered) {
    double t = now();
    HMMIO h = open_file(path("chunks.riff"), MMIO_READ, buffered);
    MMCKINFO riff, ck;
    memset(&riff, 0, sizeof riff);
    memset(&ck, 0, sizeof ck);
    riff.fccType = mmioFOURCC('B', 'N', 'C', 'H');
    if (mmioDescend(h, &riff, NULL, MMIO_FINDRIFF) != 0) die("FINDRIFF");
    ck.ckid = mmioFOURCC('l', 'a', 's', 't');
    if (mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK) != 0) die("FINDCHUNK");
    mmioClose(h, 0);
    t = now() - t;
    if (ck.cksize != leaf_size(CHUNKS - 1)) die("FINDCHUNK size");
    return t * 1e3;
}

static double find_buffered_ms(void) { return find_ms(1); }
static double find_unbuffered_ms(void) { return find_ms(0); }

static double build_ms(void) {
    static const char data[64];
    double t = now();
    HMMIO h = open_file(path("built.riff"), MMIO_WRITE | MMIO_CREATE, 1);
    MMCKINFO riff, ck;
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('B', 'N', 'C', 'H');
    if (mmioCreateChunk(h, &riff, MMIO_CREATERIFF) != 0) die("create RIFF");
    for (long i = 0; i < CHUNKS; i++) {
        memset(&ck, 0, sizeof ck);
        ck.ckid = mmioFOURCC('l', 'e', 'a', 'f');
        if (mmioCreateChunk(h, &ck, 0) != 0) die("create chunk");
        long n = leaf_size(i) | 1;
        if (mmioWrite(h, data, n) != n) die("write chunk");
        if (mmioAscend(h, &ck, 0) != 0) die("ascend chunk");
    }
    if (mmioAscend(h, &riff, 0) != 0) die("ascend RIFF");
    if (mmioClose(h, 0) != 0) die("close");
    t = now() - t;
    return t * 1e3;
}

#ifndef _WIN32
/* ---- native baselines ---- */

static double posix_read64k_gbs(void) {
    int fd = open(path("big.bin"), O_RDONLY);
    if (fd < 0) die("open");
    long total = 0, n;
    double t = now();
    while ((n = read(fd, block64, sizeof block64)) > 0) total += n;
    t = now() - t;
    close(fd);
    return total / t / 1e9;
}

/* The byte loop of advance_gbs, over a buffer that read(2) refills. */
static double posix_loop_gbs(void) {
    int fd = open(path("big.bin"), O_RDONLY);
    if (fd < 0) die("open");
    static char buf[BUFSIZE];
    char *next = buf, *end = buf;
    uint64_t sum = 0;
    double t = now();
    for (;;) {
        if (next >= end) {
            long n = read(fd, buf, BUFSIZE);
            if (n < 0) die("read");
            next = buf, end = buf + n;
            if (next >= end) break;
        }
        sum += (unsigned char)*next++;
    }
    t = now() - t;
    close(fd);
    sink += sum;
    return big_len / t / 1e9;
}

static double fread4_ns(void) {
    FILE *f = fopen(path("big.bin"), "rb");
    if (!f) die("fopen");
    setvbuf(f, NULL, _IOFBF, BUFSIZE);
    long calls = big_len / 4;
    uint32_t word, sum = 0;
    double t = now();
    for (long i = 0; i < calls; i++) {
        if (fread(&word, 1, 4, f) != 4) die("fread");
        sum += word;
    }
    t = now() - t;
    fclose(f);
    sink += sum;
    return t * 1e9 / calls;
}

static double fwrite4_ns(void) {
    long calls = big_len / 4;
    double t = now();
    FILE *f = fopen(path("written.bin"), "wb");
    if (!f) die("fopen");
    setvbuf(f, NULL, _IOFBF, BUFSIZE);
    for (long i = 0; i < calls; i++) {
        uint32_t word = (uint32_t)i;
        if (fwrite(&word, 1, 4, f) != 4) die("fwrite");
    }
    fclose(f);
    t = now() - t;
    return t * 1e9 / calls;
}
/* The floor of write4: the same 4-byte stores into a buffer that write(2) empties,
 * the file created and closed inside the timing. */
static double posix_write4_ns(void) {
    static char buf[BUFSIZE];
    long calls = big_len / 4, fill = 0;
    double t = now();
    int fd = open(path("written.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open");
    for (long i = 0; i < calls; i++) {
        uint32_t word = (uint32_t)i;
        if (fill == BUFSIZE) {
            if (write(fd, buf, BUFSIZE) != BUFSIZE) die("write");
            fill = 0;
        }
        memcpy(buf + fill, &word, 4);
        fill += 4;
    }
    if (write(fd, buf, fill) != fill || close(fd) != 0) die("write");
    t = now() - t;
    return t * 1e9 / calls;
}

/* The floor of build: the bytes build writes, put together by hand (every size known
 * before its header) in a buffer that write(2) empties. */
static double posix_build_ms(void) {
    static char buf[BUFSIZE];
    static const char data[64];
    long fill = 0;
    double t = now();
    int fd = open(path("built.riff"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open");
    uint32_t body = 4;
    for (long i = 0; i < CHUNKS; i++) body += 8 + ((leaf_size(i) | 1) + 1);
    header((unsigned char *)buf, "RIFF", body);
    memcpy(buf + 8, "BNCH", 4);
    fill = 12;
    for (long i = 0; i < CHUNKS; i++) {
        uint32_t n = leaf_size(i) | 1;
        if (fill + 8 + n + 1 > BUFSIZE) {
            if (write(fd, buf, fill) != fill) die("write");
            fill = 0;
        }
        header((unsigned char *)buf + fill, "leaf", n);
        memcpy(buf + fill + 8, data, n);
        buf[fill + 8 + n] = 0;
        fill += 8 + n + 1;
    }
    if (write(fd, buf, fill) != fill || close(fd) != 0) die("write");
    t = now() - t;
    return t * 1e3;
}
#endif

struct bench_case {
    const char *name, *unit;
    double (*run)(void);
};

static const struct bench_case cases[] = {
    {"read4", "ns", read4_ns},
    {"read64k", "GB/s", read64k_gbs},
    {"advance_loop", "GB/s", advance_gbs},
    {"write4", "ns", write4_ns},
    {"find_buffered", "ms", find_buffered_ms},
    {"find_unbuffered", "ms", find_unbuffered_ms},
    {"build", "ms", build_ms},
#ifndef _WIN32
    {"posix_read64k", "GB/s", posix_read64k_gbs},
    {"posix_loop", "GB/s", posix_loop_gbs},
    {"fread4", "ns", fread4_ns},
    {"fwrite4", "ns", fwrite4_ns},
    {"posix_write4", "ns", posix_write4_ns},
    {"posix_build", "ms", posix_build_ms},
#endif
};

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench DIR MIB REPEATS [CASE]\n");
        return 2;
    }
    snprintf(dir, sizeof dir, "%s", argv[1]);
    big_len = atol(argv[2]) << 20;
    int repeats = atoi(argv[3]);
    if (big_len <= 0 || repeats <= 0 || repeats > 100) die("arguments");
    make_big();
    make_chunks();
    double v[100];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (argc > 4 && strcmp(argv[4], cases[c].name) != 0) continue;
        for (int r = 0; r < repeats; r++) v[r] = cases[c].run();
        printf("%s %.4g %s\n", cases[c].name, median(v, repeats), cases[c].unit);
        fflush(stdout);
    }
    remove(path("big.bin"));
    remove(path("chunks.riff"));
    remove(path("written.bin"));
    remove(path("built.riff"));
    return 0;
}
