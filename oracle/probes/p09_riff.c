/* Q: descend/ascend/create corner cases: a failed search (MMCKINFO and position
 * afterwards), parent bounds, ascend without DIRTY, odd sizes and pad bytes, and the
 * messages ascend sends to fix a size. */
#include "probe.h"

static const unsigned char riff[] = {
    'R', 'I', 'F', 'F', 42, 0, 0, 0, 'W', 'A', 'V', 'E',          /* 0..12, size 42 -> ends at 50 */
    'f', 'm', 't', ' ', 4, 0, 0, 0, 1, 2, 3, 4,                   /* 12..24 */
    'd', 'a', 't', 'a', 5, 0, 0, 0, 9, 9, 9, 9, 9, 0,             /* 24..38 (pad at 37) */
    'L', 'I', 'S', 'T', 4, 0, 0, 0, 'I', 'N', 'F', 'O',           /* 38..50 */
    'J', 'U', 'N', 'K', 2, 0, 0, 0, 7, 7,                         /* 50..60, outside the form */
};

static void ck_dump(const char *tag, const MMCKINFO *ck)
{
    printf("%s: id=%.4s size=%lu type=%.4s off=%lu flags=%lx\n", tag, (const char *)&ck->ckid,
           (unsigned long)ck->cksize, ck->fccType ? (const char *)&ck->fccType : "0000",
           (unsigned long)ck->dwDataOffset, (unsigned long)ck->dwFlags);
}

static void pos(HMMIO h)
{
    printf("  pos=%ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
}

static void garbage(MMCKINFO *ck, FOURCC id, FOURCC type)
{
    memset(ck, 0x5A, sizeof *ck);
    ck->ckid = id;
    ck->fccType = type;
}

int main(void)
{
    memcpy(store, riff, sizeof riff);
    store_len = sizeof riff;
    quiet = 1;
    HMMIO h = open_store(MMIO_READ, 16);
    quiet = 0;
    MMCKINFO parent, ck;
    garbage(&parent, 0, mmioFOURCC('W', 'A', 'V', 'E'));
    printf("descend FINDRIFF -> %u\n", mmioDescend(h, &parent, NULL, MMIO_FINDRIFF));
    ck_dump("  riff", &parent);
    pos(h);
    garbage(&ck, mmioFOURCC('d', 'a', 't', 'a'), 0);
    printf("descend FINDCHUNK data -> %u\n", mmioDescend(h, &ck, &parent, MMIO_FINDCHUNK));
    ck_dump("  ck", &ck);
    pos(h);
    printf("ascend clean odd chunk -> %u\n", mmioAscend(h, &ck, 0));
    ck_dump("  ck", &ck);
    pos(h);
    garbage(&ck, mmioFOURCC('z', 'z', 'z', 'z'), 0);
    printf("descend FINDCHUNK zzzz in RIFF -> %u\n", mmioDescend(h, &ck, &parent, MMIO_FINDCHUNK));
    ck_dump("  ck", &ck);
    pos(h);
    mmioSeek(h, 12, SEEK_SET);
    garbage(&ck, mmioFOURCC('J', 'U', 'N', 'K'), 0);
    printf("descend FINDCHUNK JUNK (outside the parent) -> %u\n", mmioDescend(h, &ck, &parent, MMIO_FINDCHUNK));
    ck_dump("  ck", &ck);
    pos(h);
    mmioSeek(h, 12, SEEK_SET);
    garbage(&ck, 0, mmioFOURCC('I', 'N', 'F', 'O'));
    printf("descend FINDLIST INFO -> %u\n", mmioDescend(h, &ck, &parent, MMIO_FINDLIST));
    ck_dump("  ck", &ck);
    pos(h);
    mmioSeek(h, 12, SEEK_SET);
    garbage(&ck, 0, 0);
    printf("descend FINDCHUNK id 0 -> %u\n", mmioDescend(h, &ck, &parent, MMIO_FINDCHUNK));
    ck_dump("  ck", &ck);
    mmioSeek(h, 12, SEEK_SET);
    garbage(&ck, 0, 0);
    printf("descend FINDLIST type 0 -> %u\n", mmioDescend(h, &ck, &parent, MMIO_FINDLIST));
    ck_dump("  ck", &ck);
    mmioSeek(h, 14, SEEK_SET);
    pos(h);
    garbage(&ck, 0, 0);
    printf("ascend mid-chunk: descend flags 0 at 12 then read 1 then ascend\n");
    mmioSeek(h, 12, SEEK_SET);
    mmioDescend(h, &ck, NULL, 0);
    char c;
    mmioRead(h, &c, 1);
    printf("  ascend -> %u\n", mmioAscend(h, &ck, 0));
    pos(h);
    mmioSeek(h, 56, SEEK_SET);
    garbage(&ck, 0, 0);
    printf("descend 0 on a truncated header at 56 -> %u\n", mmioDescend(h, &ck, NULL, 0));
    ck_dump("  ck", &ck);
    pos(h);
    mmioSeek(h, 60, SEEK_SET);
    garbage(&ck, 0, 0);
    printf("descend 0 at eof -> %u\n", mmioDescend(h, &ck, NULL, 0));
    ck_dump("  ck", &ck);
    pos(h);
    printf("descend NULL ck -> %u\n", mmioDescend(h, NULL, NULL, 0));
    printf("create chunk on read-only -> ");
    garbage(&ck, mmioFOURCC('a', 'b', 'c', 'd'), 0);
    ck.cksize = 0;
    printf("%u\n", mmioCreateChunk(h, &ck, 0));
    mmioClose(h, 0);

    printf("== writing\n");
    store_len = 0;
    quiet = 1;
    h = open_store(MMIO_READWRITE | MMIO_CREATE, 16);
    quiet = 0;
    MMCKINFO form;
    garbage(&form, 0, mmioFOURCC('T', 'E', 'S', 'T'));
    form.cksize = 0;
    printf("create RIFF -> %u\n", mmioCreateChunk(h, &form, MMIO_CREATERIFF));
    ck_dump("  form", &form);
    garbage(&ck, mmioFOURCC('o', 'd', 'd', ' '), 0x11111111);
    ck.cksize = 0;
    printf("create odd -> %u\n", mmioCreateChunk(h, &ck, 0));
    ck_dump("  ck", &ck);
    mmioWrite(h, "abc", 3);
    printf("ascend odd:\n");
    printf("  -> %u\n", mmioAscend(h, &ck, 0));
    ck_dump("  ck", &ck);
    pos(h);
    garbage(&ck, mmioFOURCC('e', 'x', 'a', 'c'), 0);
    ck.cksize = 4;
    printf("create exact (cksize 4) -> %u\n", mmioCreateChunk(h, &ck, 0));
    mmioWrite(h, "wxyz", 4);
    printf("ascend exact:\n");
    printf("  -> %u\n", mmioAscend(h, &ck, 0));
    pos(h);
    garbage(&ck, mmioFOURCC('b', 'a', 'c', 'k'), 0);
    ck.cksize = 0;
    mmioCreateChunk(h, &ck, 0);
    mmioWrite(h, "123456", 6);
    mmioSeek(h, -4, SEEK_CUR);
    printf("ascend after seeking back 4 (written 6):\n");
    printf("  -> %u\n", mmioAscend(h, &ck, 0));
    ck_dump("  ck", &ck);
    pos(h);
    printf("ascend form:\n");
    printf("  -> %u\n", mmioAscend(h, &form, 0));
    ck_dump("  form", &form);
    pos(h);
    mmioClose(h, 0);
    printf("store (%ld):", store_len);
    for (long k = 0; k < store_len; k++)
        printf(store[k] >= 32 && store[k] < 127 ? " %c" : " %d", store[k]);
    printf("\n");
    return 0;
}
