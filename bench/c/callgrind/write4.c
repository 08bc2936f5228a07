/* 1,000,000 4-byte mmioWrite calls, then 100,000 in-buffer-or-not seeks: instructions per call under callgrind. */
#include <mmsystem.h>
#include <stdio.h>
int main(void){
  HMMIO h = mmioOpenA("out.bin", NULL, MMIO_CREATE|MMIO_WRITE|MMIO_ALLOCBUF);
  char b[4]={1,2,3,4};
  for (int i=0;i<1000000;i++){ if (mmioWrite(h,b,4)!=4) return 1; }
  for (int i=0;i<100000;i++){ if (mmioSeek(h,i*4,SEEK_SET)<0) return 2; }
  return mmioClose(h,0);
}
