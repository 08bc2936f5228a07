#!/bin/sh
# Installs libmmio for C programs: the shared and static libraries, the header (and
# the windows.h stub), and a pkg-config file.
#
#   crates/mmio-sys/install.sh PREFIX        e.g. /usr/local or $HOME/.local
#
# Then (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig if PREFIX is not a system prefix):
#   shared:  cc prog.c $(pkg-config --cflags --libs mmio)
#   static:  cc prog.c $(pkg-config --cflags mmio) PREFIX/lib/libmmio.a -lpthread -ldl -lm
# See docs/c-abi.md.
#
# MMIO_PROFILE selects the cargo profile (default: release).
set -eu
[ $# -eq 1 ] || { echo "usage: $0 PREFIX" >&2; exit 2; }
prefix=$1
profile=${MMIO_PROFILE:-release}
here=$(cd "$(dirname "$0")" && pwd)
cargo build --quiet --manifest-path "$here/Cargo.toml" -p mmio-sys --profile "$profile"
target=$(cargo metadata --format-version 1 --no-deps --manifest-path "$here/Cargo.toml" |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
case $profile in dev) outdir=$target/debug ;; *) outdir=$target/$profile ;; esac
version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/Cargo.toml" | head -n 1)

install -d "$prefix/lib/pkgconfig" "$prefix/include/mmio/compat"
install -m 0755 "$outdir/libmmio.so" "$prefix/lib/libmmio.so"
install -m 0644 "$outdir/libmmio.a" "$prefix/lib/libmmio.a"
install -m 0644 "$here/include/mmsystem.h" "$prefix/include/mmio/mmsystem.h"
install -m 0644 "$here/include/compat/windows.h" "$prefix/include/mmio/compat/windows.h"
cat > "$prefix/lib/pkgconfig/mmio.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include/mmio
compatdir=\${includedir}/compat

Name: mmio
Description: Windows Multimedia File I/O (mmio*, mmsystem.h) for Linux
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lmmio
Libs.private: -lpthread -ldl -lm
PC
echo "installed libmmio $version into $prefix (pkg-config: $prefix/lib/pkgconfig/mmio.pc)"
