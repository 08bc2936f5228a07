/* RIFF chunks (docs/behavior.md sections 4 and 6): the classic 48-byte write through
 * pchNext / MMIO_DIRTY / mmioAdvance, reading it back with mmioDescend, the search
 * flags, failed searches and their recovery, LIST chunks and pad bytes. */
#include "suite.h"

static void show_ck(const char *tag, MMRESULT r, const MMCKINFO *ck)
{
    printf("%s: %u", tag, (unsigned)r);
    show_fourcc("ckid", ck->ckid);
    printf(" cksize=%lu", (unsigned long)ck->cksize);
    show_fourcc("type", ck->fccType);
    printf(" offset=%lu flags=0x%lx\n", (unsigned long)ck->dwDataOffset, (unsigned long)ck->dwFlags);
}

/* Create RIFF 'WAVE' and 'data', write 8 bytes, then 8, 8 and 3 more straight into the
 * buffer, ascend twice: 48 bytes. */
static void classic_write(void)
{
    MMCKINFO riff, data;
    MMIOINFO info;
    HMMIO h;
    char bytes[64];
    LONG n;

    memset(&riff, 0, sizeof riff);
    memset(&data, 0, sizeof data);
    h = mmioOpenA("classic.wav", NULL, MMIO_CREATE | MMIO_WRITE);
    printf("classic create: %d\n", h != NULL);
    mmioClose(h, 0);
    h = mmioOpenA("classic.wav", NULL, MMIO_ALLOCBUF | MMIO_READWRITE);
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    show_ck("classic create riff", mmioCreateChunk(h, &riff, MMIO_CREATERIFF), &riff);
    data.ckid = mmioFOURCC('d', 'a', 't', 'a');
    show_ck("classic create data", mmioCreateChunk(h, &data, 0), &data);
    memset(bytes, 0x11, 8);
    printf("classic write 8: %ld\n", (long)mmioWrite(h, bytes, 8));

    printf("classic getinfo: %u\n", (unsigned)mmioGetInfo(h, &info, 0));
    printf("classic dirty after write: %d\n", (info.dwFlags & MMIO_DIRTY) != 0);
    memset(info.pchNext, 0x22, 8);
    info.pchNext += 8;
    printf("classic advance 1: %u\n", (unsigned)mmioAdvance(h, &info, MMIO_WRITE));
    show_info("classic after advance 1", &info);

    info.dwFlags |= MMIO_DIRTY;
    memset(info.pchNext, 0x33, 8);
    info.pchNext += 8;
    printf("classic advance 2: %u\n", (unsigned)mmioAdvance(h, &info, MMIO_WRITE));
    show_info("classic after advance 2", &info);

    info.dwFlags |= MMIO_DIRTY;
    memset(info.pchNext, 0x44, 3);
    info.pchNext += 3;
    printf("classic setinfo: %u\n", (unsigned)mmioSetInfo(h, &info, 0));
    show_ck("classic ascend data", mmioAscend(h, &data, 0), &data);
    show_ck("classic ascend riff", mmioAscend(h, &riff, 0), &riff);
    printf("classic pos: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    printf("classic close: %u\n", (unsigned)mmioClose(h, 0));

    h = mmioOpenA("classic.wav", NULL, MMIO_READ);
    n = mmioRead(h, bytes, sizeof bytes);
    printf("classic size: %ld\n", (long)n);
    show_hex("classic bytes", bytes, n);
    mmioClose(h, 0);
}

/* Reads the classic file back with every search flag. */
static void classic_read(void)
{
    MMCKINFO riff, ck;
    HMMIO h = mmioOpenA("classic.wav", NULL, MMIO_READ);
    memset(&riff, 0, sizeof riff);
    show_ck("read descend here", mmioDescend(h, &riff, NULL, 0), &riff);
    printf("read pos in riff: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    memset(&ck, 0, sizeof ck);
    show_ck("read descend data here", mmioDescend(h, &ck, &riff, 0), &ck);
    printf("read pos in data: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    show_ck("read ascend data", mmioAscend(h, &ck, 0), &ck);
    printf("read pos after data: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));

    mmioSeek(h, 0, SEEK_SET);
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    show_ck("read findriff wave", mmioDescend(h, &riff, NULL, MMIO_FINDRIFF), &riff);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    show_ck("read findchunk data", mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), &ck);
    mmioSeek(h, riff.dwDataOffset + 4, SEEK_SET);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('f', 'm', 't', ' ');
    /* not found: the MMCKINFO holds the last header examined (its fccType is unspecified) */
    printf("read findchunk fmt: %u", (unsigned)mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK));
    show_fourcc("last", ck.ckid);
    printf(" cksize=%lu\n", (unsigned long)ck.cksize);
    printf("read recover: %ld\n", (long)mmioSeek(h, riff.dwDataOffset + 4, SEEK_SET));
    memset(&ck, 0, sizeof ck);
    show_ck("read findchunk any", mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), &ck);

    mmioSeek(h, 0, SEEK_SET);
    memset(&riff, 0, sizeof riff);
    riff.fccType = mmioFOURCC('A', 'V', 'I', ' ');
    printf("read findriff avi: %u\n", (unsigned)mmioDescend(h, &riff, NULL, MMIO_FINDRIFF));
    mmioSeek(h, 0, SEEK_SET);
    memset(&riff, 0, sizeof riff);
    show_ck("read findriff any", mmioDescend(h, &riff, NULL, MMIO_FINDRIFF), &riff);
    printf("read findlist: %u\n", (unsigned)mmioDescend(h, &ck, &riff, MMIO_FINDLIST));
    printf("read descend null: %u\n", (unsigned)mmioDescend(h, NULL, NULL, 0));
    mmioClose(h, 0);
}

/* A RIFF with a LIST holding an odd-sized chunk, unbuffered, then read back. */
static void list_and_pad(void)
{
    MMCKINFO riff, list, ck, found;
    HMMIO h;
    char bytes[64];
    LONG n;
    memset(&riff, 0, sizeof riff);
    memset(&list, 0, sizeof list);
    memset(&ck, 0, sizeof ck);
    h = mmioOpenA("list.riff", NULL, MMIO_CREATE | MMIO_READWRITE);
    riff.fccType = mmioFOURCC('T', 'E', 'S', 'T');
    mmioCreateChunk(h, &riff, MMIO_CREATERIFF);
    list.fccType = mmioFOURCC('I', 'N', 'F', 'O');
    show_ck("list create", mmioCreateChunk(h, &list, MMIO_CREATELIST), &list);
    ck.ckid = mmioFOURCC('I', 'N', 'A', 'M');
    show_ck("list create inam", mmioCreateChunk(h, &ck, 0), &ck);
    printf("list write 5: %ld\n", (long)mmioWrite(h, "hello", 5));
    show_ck("list ascend inam", mmioAscend(h, &ck, 0), &ck);
    printf("list pos after pad: %ld\n", (long)mmioSeek(h, 0, SEEK_CUR));
    show_ck("list ascend list", mmioAscend(h, &list, 0), &list);
    show_ck("list ascend riff", mmioAscend(h, &riff, 0), &riff);
    printf("list close: %u\n", (unsigned)mmioClose(h, 0));

    h = mmioOpenA("list.riff", NULL, MMIO_READ);
    n = mmioRead(h, bytes, sizeof bytes);
    show_hex("list bytes", bytes, n);
    mmioSeek(h, 0, SEEK_SET);
    memset(&riff, 0, sizeof riff);
    show_ck("list read riff", mmioDescend(h, &riff, NULL, 0), &riff);
    memset(&found, 0, sizeof found);
    found.fccType = mmioFOURCC('I', 'N', 'F', 'O');
    show_ck("list read findlist", mmioDescend(h, &found, &riff, MMIO_FINDLIST), &found);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('I', 'N', 'A', 'M');
    show_ck("list read inam", mmioDescend(h, &ck, &found, MMIO_FINDCHUNK), &ck);
    memset(bytes, 0, sizeof bytes);
    n = mmioRead(h, bytes, (LONG)ck.cksize);
    printf("list read inam data: %ld %.5s\n", (long)n, bytes);
    mmioClose(h, 0);
}

/* A data chunk with this id holding len bytes of data, created and ascended out of. */
static void write_chunk(HMMIO h, FOURCC id, const char *data, LONG len)
{
    MMCKINFO ck;
    memset(&ck, 0, sizeof ck);
    ck.ckid = id;
    mmioCreateChunk(h, &ck, 0);
    mmioWrite(h, data, len);
    mmioAscend(h, &ck, 0);
}

/* A search inside a LIST ends at the LIST's end: a chunk after it is not found. */
static void bounded_search(void)
{
    MMCKINFO riff, list, ck;
    HMMIO h = mmioOpenA("bounded.riff", NULL, MMIO_CREATE | MMIO_READWRITE);
    memset(&riff, 0, sizeof riff);
    memset(&list, 0, sizeof list);
    riff.fccType = mmioFOURCC('T', 'E', 'S', 'T');
    mmioCreateChunk(h, &riff, MMIO_CREATERIFF);
    list.fccType = mmioFOURCC('I', 'N', 'F', 'O');
    mmioCreateChunk(h, &list, MMIO_CREATELIST);
    write_chunk(h, mmioFOURCC('i', 'n', 'n', 'r'), "1234", 4);
    mmioAscend(h, &list, 0);
    write_chunk(h, mmioFOURCC('o', 'u', 't', 'r'), "5678", 4);
    mmioAscend(h, &riff, 0);
    printf("bounded size: %ld\n", (long)mmioSeek(h, 0, SEEK_END));

    mmioSeek(h, 0, SEEK_SET);
    memset(&riff, 0, sizeof riff);
    mmioDescend(h, &riff, NULL, 0);
    memset(&list, 0, sizeof list);
    show_ck("bounded list", mmioDescend(h, &list, &riff, MMIO_FINDLIST), &list);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('o', 'u', 't', 'r');
    printf("bounded outer from inside the list: %u\n", (unsigned)mmioDescend(h, &ck, &list, MMIO_FINDCHUNK));
    printf("bounded recover: %ld\n", (long)mmioSeek(h, (LONG)list.dwDataOffset + 4, SEEK_SET));
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('i', 'n', 'n', 'r');
    show_ck("bounded inner", mmioDescend(h, &ck, &list, MMIO_FINDCHUNK), &ck);
    mmioAscend(h, &ck, 0);
    mmioAscend(h, &list, 0);
    memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('o', 'u', 't', 'r');
    show_ck("bounded outer from the form", mmioDescend(h, &ck, &riff, MMIO_FINDCHUNK), &ck);
    mmioClose(h, 0);
}

int main(void)
{
    classic_write();
    classic_read();
    list_and_pad();
    bounded_search();
    return 0;
}
