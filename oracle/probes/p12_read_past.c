/* Q: does a read of at most a buffer's worth that runs past the buffer keep the refilled buffer? */
#include "probe.h"
static void rd(HMMIO h, long n){ static char tmp[256]; printf("read %ld:\n", n); LONG r = mmioRead(h, tmp, n); printf("  -> %ld\n",(long)r);}
int main(void){
  store_fill(100);
  HMMIO h = open_store(MMIO_READ, 16);
  rd(h, 4); show_state("a", h);
  rd(h, 14); show_state("b", h);
  rd(h, 4); show_state("c", h);
  rd(h, 14); show_state("d", h);
  rd(h, 16); show_state("e", h);
  rd(h, 16); show_state("f", h);
  mmioClose(h,0);
  return 0;
}
