/* The floor of a 4-byte read through a validated, locked handle, in plain C, to set
 * beside libmmio's mmioRead (bench/callgrind). Usage: floor CASE, CASE one of
 *
 *   none       nothing (the start-up, subtracted from the others)
 *   call       bench.c's read4 loop calling a function that copies 4 bytes out of a
 *              buffer and moves on (starting over at its end, as a refill would)
 *   lockcopy   the same behind a handle checked as libmmio checks one: the slot from
 *              the value's low bits, one compare-and-swap taking the slot's lock (the
 *              thread pointer as the owner), the value compared with the slot's, the
 *              count and pointer checked, the window checked against the end of the
 *              data, the copy, a release store giving the lock back
 *
 * Each case makes 2 Mi calls (-DCALLS=N for another count: timing it needs more,
 * e.g. gcc -O2 -std=c11 -DCALLS='(64L << 20)' floor.c && time ./a.out lockcopy).
 */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef CALLS
#define CALLS (2L << 20)
#endif
#define BUF 8192

struct file {
    unsigned char *buf;
    size_t next, end;
};

struct slot {
    _Atomic uintptr_t owner;
    uintptr_t value;
    struct file *file;
};

static struct slot table[1 << 10];
static unsigned char block[BUF];
static struct file the_file = {block, 0, BUF};

__attribute__((noinline)) long plain_read(void *h, char *dst, long n) {
    struct file *f = h;
    if (f->next + (size_t)n > f->end) f->next = 0;
    memcpy(dst, f->buf + f->next, 4);
    f->next += (size_t)n;
    return n;
}

__attribute__((noinline)) long locked_read(void *h, char *dst, long n) {
    uintptr_t v = (uintptr_t)h, me, expected = 0;
    struct slot *s = &table[v & 1023];
    if (n <= 0 || !dst) return -1;
    __asm__("mov %%fs:0, %0" : "=r"(me));
    if (!atomic_compare_exchange_strong_explicit(&s->owner, &expected, me, memory_order_acquire,
                                                 memory_order_relaxed))
        return -1;
    long result = -1;
    struct file *f = s->file;
    if (s->value == v && f) {
        if (f->next + (size_t)n > f->end) f->next = 0;
        memcpy(dst, f->buf + f->next, 4);
        f->next += (size_t)n;
        result = n;
    }
    atomic_store_explicit(&s->owner, 0, memory_order_release);
    return result;
}

int main(int argc, char **argv) {
    const char *which = argc > 1 ? argv[1] : "none";
    uint32_t word, sum = 0;
    if (!strcmp(which, "call")) {
        for (long i = 0; i < CALLS; i++) {
            if (plain_read(&the_file, (char *)&word, 4) != 4) return 1;
            sum += word;
        }
    } else if (!strcmp(which, "lockcopy")) {
        void *h = (void *)(uintptr_t)((5u << 10) | 7);
        table[7].value = (uintptr_t)h;
        table[7].file = &the_file;
        for (long i = 0; i < CALLS; i++) {
            if (locked_read(h, (char *)&word, 4) != 4) return 1;
            sum += word;
        }
    } else if (strcmp(which, "none")) {
        fprintf(stderr, "usage: floor none|call|lockcopy\n");
        return 2;
    }
    printf("%u\n", sum);
    return 0;
}
