/* 1,000,000 4-byte mmioRead calls on data.bin (8 KiB internal buffer): instructions per call under callgrind. */
#include <mmsystem.h>
#include <stdio.h>
int main(void){
  HMMIO h = mmioOpenA("data.bin", NULL, MMIO_READ|MMIO_ALLOCBUF);
  char b[4]; long sum=0;
  for (int i=0;i<1000000;i++){ if (mmioRead(h,b,4)!=4) return 1; sum+=b[0]; }
  mmioClose(h,0); printf("%ld\n",sum); return 0;
}
