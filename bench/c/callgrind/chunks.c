/* Build a RIFF of 100,001 small chunks (create, write, ascend), then FINDRIFF + FINDCHUNK to the last. */
#include <mmsystem.h>
#include <stdio.h>
int main(void){
  HMMIO h = mmioOpenA("riff.bin", NULL, MMIO_CREATE|MMIO_READWRITE|MMIO_ALLOCBUF);
  MMCKINFO r={0}, c={0}; r.fccType=mmioFOURCC('T','E','S','T');
  mmioCreateChunk(h,&r,MMIO_CREATERIFF);
  for (int i=0;i<100000;i++){ c.ckid=mmioFOURCC('a','b','c','d'); c.cksize=0; mmioCreateChunk(h,&c,0); mmioWrite(h,"xyz",(i%7)+0>3?3:1); mmioAscend(h,&c,0);}
  c.ckid=mmioFOURCC('l','a','s','t'); mmioCreateChunk(h,&c,0); mmioWrite(h,"x",1); mmioAscend(h,&c,0);
  mmioAscend(h,&r,0);
  mmioSeek(h,0,SEEK_SET);
  MMCKINFO p={0}, k={0}; p.fccType=mmioFOURCC('T','E','S','T');
  if (mmioDescend(h,&p,NULL,MMIO_FINDRIFF)) return 3;
  k.ckid=mmioFOURCC('l','a','s','t');
  if (mmioDescend(h,&k,&p,MMIO_FINDCHUNK)) return 4;
  printf("found at %lu\n",(unsigned long)k.dwDataOffset);
  return mmioClose(h,0);
}
