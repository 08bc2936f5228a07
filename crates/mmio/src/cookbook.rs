//! The common jobs, one recipe each. Every example here is compiled and run as a test.
//!
//! - [Read a WAV's samples](#read-a-wavs-samples)
//! - [Write a streaming WAV that becomes RF64](#write-a-streaming-wav-that-becomes-rf64)
//! - [Read and write Broadcast WAVE metadata](#read-and-write-broadcast-wave-metadata)
//! - [Walk every chunk](#walk-every-chunk)
//! - [Repair a crashed recording](#repair-a-crashed-recording)
//! - [Install a custom I/O procedure](#install-a-custom-io-procedure)
//!
//! # Read a WAV's samples
//!
//! [`wav::Reader`](crate::wav::Reader) opens any WAVE file (RIFF, big-endian RIFX,
//! RF64, BW64) and gives its samples as `i16`, `i32` or `f32` whatever the file
//! holds: 8 to 32-bit integers, 32 or 64-bit floats, A-law or mu-law. The conversions
//! are by full scale, so a 24-bit file read as `f32` gives values in `[-1, 1)`.
//!
//! ```
//! use winmmio::wav::{Reader, WaveFormat, Writer};
//! # let dir = std::env::temp_dir().join(format!("cookbook-read-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let path = dir.join("song.wav");
//! # let mut writer = Writer::create(&path, &WaveFormat::pcm(2, 44_100, 24))?;
//! # writer.write_samples(&vec![0.25f32; 2 * 44_100])?;
//! # writer.finish()?;
//!
//! let mut reader = Reader::open(&path)?;
//! let format = reader.format().clone();
//! println!("{format}"); // PCM, 2 channels, 44100 Hz, 24 bits, ...
//! println!("{} frames, {}", reader.frames().unwrap_or(0), reader.duration().unwrap());
//!
//! // The loudest sample, channel by channel.
//! let channels = usize::from(format.channels);
//! let mut peaks = vec![0f32; channels];
//! for (i, sample) in reader.samples::<f32>()?.enumerate() {
//!     let peak = &mut peaks[i % channels];
//!     *peak = peak.max(sample?.abs());
//! }
//! assert_eq!(peaks, [0.25, 0.25]);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! For speed, read blocks with [`read_samples`](crate::wav::Reader::read_samples): the
//! samples are decoded straight from the file's buffer into yours.
//!
//! # Write a streaming WAV that becomes RF64
//!
//! [`wav::Writer`](crate::wav::Writer) writes the header at once, the samples as they
//! come, and the sizes when it finishes. It reserves room for a `ds64` chunk (a
//! `JUNK` chunk right after the RIFF header), so a recording that passes 4 GiB is
//! turned into an RF64 file in place when it finishes, with nothing to set up; under
//! 4 GiB it stays a plain RIFF file every tool reads. If the program stops early (an
//! error returned with `?`, a panic), dropping the writer still fixes the sizes.
//!
//! ```
//! use winmmio::wav::{Reader, WaveFormat, Writer};
//! # let dir = std::env::temp_dir().join(format!("cookbook-write-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let path = dir.join("recording.wav");
//!
//! /// A stand-in for a sound card: a second of a 440 Hz tone per call.
//! fn capture(block: &mut [f32], start: usize) {
//!     for (i, sample) in block.iter_mut().enumerate() {
//!         *sample = (((start + i) as f32) * 440.0 * std::f32::consts::TAU / 48_000.0).sin() * 0.5;
//!     }
//! }
//!
//! let mut writer = Writer::create(&path, &WaveFormat::pcm(1, 48_000, 24))?;
//! let mut block = vec![0f32; 48_000];
//! for second in 0..3 {
//!     capture(&mut block, second * 48_000);
//!     writer.write_samples(&block)?;
//! }
//! writer.finish()?; // sizes (and, past 4 GiB, RF64) fixed; errors reported
//!
//! let reader = Reader::open(&path)?;
//! assert_eq!(reader.duration().unwrap().seconds(), 3.0);
//! // The reserve for ds64 sits at offset 12, where RF64 readers look for it.
//! let bytes = std::fs::read(&path)?;
//! assert_eq!(&bytes[12..16], b"JUNK");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! To a pipe or a socket, which cannot seek back, write with
//! [`wav::StreamWriter`](crate::wav::StreamWriter): the sizes stay 0xFFFFFFFF, which
//! tells readers to take the data to the end.
//!
//! # Read and write Broadcast WAVE metadata
//!
//! [`wav::Metadata`](crate::wav::Metadata) holds the `bext` chunk of Broadcast WAVE
//! (EBU Tech 3285: description, originator, origination date and time, the time
//! reference that places the recording in the day, UMID, loudness, coding history),
//! `LIST INFO` tags, `iXML`, cue points with their labels, `smpl` and `acid`.
//!
//! ```
//! use winmmio::FourCC;
//! use winmmio::wav::{Bext, Cue, Metadata, Reader, WaveFormat, Writer};
//!
//! let rate = 48_000;
//! let mut metadata = Metadata::default();
//! metadata.bext = Some(Bext {
//!     description: "Scene 12, take 3".into(),
//!     originator: "Recorder A".into(),
//!     origination_date: "2024-05-01".into(),
//!     origination_time: "14:30:00".into(),
//!     time_reference: 14 * 3600 * rate, // starts at 14:00:00
//!     coding_history: "A=PCM,F=48000,W=24,M=mono,T=field recorder\r\n".into(),
//!     ..Bext::default()
//! });
//! metadata.set_info(FourCC::new(*b"INAM"), "Scene 12");
//! metadata.cues.push(Cue::at(1, 24_000, "clap"));
//!
//! let file = winmmio::Mmio::memory(Vec::new(), 64 * 1024)?; // or Mmio::create(path)
//! let mut writer = Writer::with_metadata(file, &WaveFormat::pcm(1, rate as u32, 24), &metadata)?;
//! writer.write_samples(&vec![0i32; rate as usize])?;
//! let bytes = writer.finish()?.into_memory()?;
//!
//! let reader = Reader::from_memory(bytes)?;
//! let bext = reader.metadata().bext.as_ref().unwrap();
//! let start = bext.time_reference / rate;
//! assert_eq!((start / 3600, start / 60 % 60), (14, 0));
//! assert_eq!(reader.metadata().cues[0].label.as_deref(), Some("clap"));
//! # Ok::<(), winmmio::Error>(())
//! ```
//!
//! # Walk every chunk
//!
//! [`riff::Walker`](crate::riff::Walker) lists the chunk tree of any RIFF-family file
//! (WAVE, AVI, WebP, ...) reading only headers, and reports what is wrong on the way
//! (sizes past their parent, placeholders of crashed writers, ...), in constant
//! memory.
//!
//! ```
//! use std::io::Cursor;
//! use winmmio::riff::{Event, Walker};
//! use winmmio::wav::{WaveFormat, Writer};
//!
//! let mut writer = Writer::to_memory(&WaveFormat::pcm(1, 8_000, 8))?;
//! writer.write_samples(&[0i16; 3])?;
//! let bytes = writer.finish()?.into_memory()?;
//!
//! let mut tree = String::new();
//! for event in Walker::new(Cursor::new(bytes))? {
//!     match event? {
//!         Event::Enter(c) => tree += &format!("{}{} {}\n", "  ".repeat(c.depth as usize - 1), c.id, c.form.unwrap()),
//!         Event::Leaf(c) => tree += &format!("{}{} {} bytes\n", "  ".repeat(c.depth as usize - 1), c.id, c.size),
//!         Event::Leave(_) => {}
//!         Event::Problem(p) => tree += &format!("problem: {} at {}\n", p.kind, p.offset),
//!         _ => {} // kinds of events added in later versions
//!     }
//! }
//! assert_eq!(tree, "RIFF WAVE\n  JUNK 28 bytes\n  fmt  16 bytes\n  data 3 bytes\n");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Repair a crashed recording
//!
//! A recorder that dies before it fixes its sizes leaves placeholders (0 or 0xFFFFFFFF)
//! and a cut end. [`riff::repair::plan`](crate::riff::repair::plan) reads the file
//! (headers only, and never changing it) and lists every change a repair makes: only
//! size fields, count fields, pad bytes and an incomplete header at the very end, so
//! every sample stays where it is (`docs/repair.md` has the rules). Write the result
//! from [`Plan::repaired`](crate::riff::repair::Plan::repaired) to a new file, check it
//! with [`Plan::verify`](crate::riff::repair::Plan::verify), then put it in place.
//!
//! ```
//! use std::fs::File;
//! use std::io::{Seek, Write};
//! use winmmio::riff::repair;
//! use winmmio::wav::{Reader, WaveFormat, Writer};
//! # let dir = std::env::temp_dir().join(format!("cookbook-repair-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let (crashed, fixed) = (dir.join("crashed.wav"), dir.join("fixed.wav"));
//! # let mut writer = Writer::create(&crashed, &WaveFormat::pcm(1, 8_000, 16))?;
//! # writer.write_samples(&[0.5f32; 800])?;
//! # writer.finish()?;
//! # // What a recorder that died leaves: sizes 0, and the last samples cut off.
//! # let mut bytes = std::fs::read(&crashed)?;
//! # bytes.truncate(bytes.len() - 99);
//! # bytes[4..8].fill(0);
//! # let data = bytes.windows(4).position(|w| w == b"data").unwrap();
//! # bytes[data + 4..data + 8].fill(0);
//! # std::fs::write(&crashed, &bytes)?;
//!
//! let mut input = File::open(&crashed)?;
//! let plan = repair::plan(&mut input)?;
//! for change in plan.changes() {
//!     println!("{change}"); // size of 'data' at 76: 0 -> 1501 (a placeholder ...), ...
//! }
//! let mut output = File::options().read(true).write(true).create_new(true).open(&fixed)?;
//! std::io::copy(&mut plan.repaired(&mut input), &mut output)?;
//! output.flush()?;
//! output.rewind()?;
//! plan.verify(&mut input, &mut output)?; // every byte and every chunk as planned
//!
//! // The samples that were written are all there (the last, cut in half, is not a
//! // whole frame).
//! assert_eq!(Reader::open(&fixed)?.frames(), Some(750));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Install a custom I/O procedure
//!
//! Everything above reads and writes through an I/O procedure, the layer that moves
//! bytes to and from storage. Install your own and every service works on your
//! storage. Here, sounds packed in one in-memory archive are opened by compound name
//! (`archive.pak+name`: the `.pak` extension selects the procedure installed as
//! `PAK `), and read with the WAVE reader.
//!
//! ```
//! use std::collections::HashMap;
//! use std::path::Path;
//! use std::sync::Arc;
//! use winmmio::registry::{self, Scope};
//! use winmmio::wav::{Reader, WaveFormat, Writer};
//! use winmmio::{CloseFlags, ErrorCode, FourCC, IoProc, OpenOptions, ProcRef, ProcState, Result, SeekOrigin};
//!
//! /// One element of the archive, open for reading.
//! struct Pak {
//!     archive: Arc<HashMap<String, Vec<u8>>>,
//!     element: Vec<u8>,
//! }
//!
//! impl IoProc for Pak {
//!     fn open(&mut self, _: &mut ProcState, name: Option<&Path>) -> Result<()> {
//!         let name = name.and_then(|n| n.to_str()).unwrap_or_default();
//!         let (_, element) = name.split_once('+').ok_or(ErrorCode::FileNotFound)?;
//!         self.element = self.archive.get(element).ok_or(ErrorCode::FileNotFound)?.clone();
//!         Ok(())
//!     }
//!     fn close(&mut self, _: &mut ProcState, _: CloseFlags) -> Result<()> {
//!         Ok(())
//!     }
//!     fn read(&mut self, state: &mut ProcState, buf: &mut [u8]) -> Result<usize> {
//!         let rest = self.element.get(state.disk_offset as usize..).unwrap_or_default();
//!         let n = rest.len().min(buf.len());
//!         buf[..n].copy_from_slice(&rest[..n]);
//!         state.disk_offset += n as u64;
//!         Ok(n)
//!     }
//!     fn write(&mut self, _: &mut ProcState, _: &[u8]) -> Result<usize> {
//!         Err(ErrorCode::CannotWrite.into())
//!     }
//!     fn seek(&mut self, state: &mut ProcState, offset: i64, origin: SeekOrigin) -> Result<u64> {
//!         let base = match origin {
//!             SeekOrigin::Start => 0,
//!             SeekOrigin::Current => state.disk_offset,
//!             SeekOrigin::End => self.element.len() as u64,
//!         };
//!         state.disk_offset = base.checked_add_signed(offset).ok_or(ErrorCode::CannotSeek)?;
//!         Ok(state.disk_offset)
//!     }
//! }
//!
//! // An archive with one sound in it.
//! let mut writer = Writer::to_memory(&WaveFormat::pcm(1, 8_000, 16))?;
//! writer.write_samples(&[100i16, 200, 300])?;
//! let beep = writer.finish()?.into_memory()?;
//! let archive = Arc::new(HashMap::from([("beep.wav".to_string(), beep)]));
//!
//! let code = FourCC::new(*b"PAK ");
//! let pak = registry::install(code, ProcRef::from_fn(move || Pak { archive: archive.clone(), element: Vec::new() }), Scope::Thread);
//! let file = OpenOptions::new().open("sounds.pak+beep.wav")?;
//! let samples: Vec<i16> = Reader::new(file)?.samples()?.collect::<Result<_>>()?;
//! assert_eq!(samples, [100, 200, 300]);
//! registry::remove(code, Some(&pak))?;
//! # Ok::<(), winmmio::Error>(())
//! ```
