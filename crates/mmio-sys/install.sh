#!/bin/sh
# Installs libmmio for C programs: the shared library with its versioned name and the
# usual links (libmmio.so -> libmmio.so.1 -> libmmio.so.1.0.0), the static library,
# every header (include/mmio/, and the windows.h family in include/mmio/compat/), and
# two pkg-config files: mmio, and mmio-compat for code that includes <windows.h>.
#
#   crates/mmio-sys/install.sh PREFIX        e.g. /usr/local or $HOME/.local
#
# Then (PKG_CONFIG_PATH=PREFIX/lib/pkgconfig if PREFIX is not a system prefix):
#   shared:  cc prog.c $(pkg-config --cflags --libs mmio)          (or mmio-compat)
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

# The soname build.rs gave the library (libmmio.so.1); the file is named one level
# more precisely, as is the custom.
command -v readelf >/dev/null || { echo "install.sh: needs readelf (binutils)" >&2; exit 1; }
soname=$(readelf -d "$outdir/libmmio.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ -n "$soname" ] || { echo "install.sh: $outdir/libmmio.so has no soname" >&2; exit 1; }
real=$soname.0.0

install -d "$prefix/lib/pkgconfig" "$prefix/include/mmio/compat"
install -m 0755 "$outdir/libmmio.so" "$prefix/lib/$real"
ln -sf "$real" "$prefix/lib/$soname"
ln -sf "$soname" "$prefix/lib/libmmio.so"
install -m 0644 "$outdir/libmmio.a" "$prefix/lib/libmmio.a"
for header in "$here"/include/*.h; do
  install -m 0644 "$header" "$prefix/include/mmio/"
done
for header in "$here"/include/compat/*.h; do
  install -m 0644 "$header" "$prefix/include/mmio/compat/"
done

cat > "$prefix/lib/pkgconfig/mmio.pc" <<PC
prefix=$prefix
libdir=\${prefix}/lib
includedir=\${prefix}/include/mmio
compatdir=\${includedir}/compat

Name: mmio
Description: Windows Multimedia File I/O (mmio*, mmsystem.h, mmreg.h) for Linux
Version: $version
Cflags: -I\${includedir}
Libs: -L\${libdir} -lmmio
Libs.private: -lpthread -ldl -lm
PC
cat > "$prefix/lib/pkgconfig/mmio-compat.pc" <<PC
prefix=$prefix
includedir=\${prefix}/include/mmio
compatdir=\${includedir}/compat

Name: mmio-compat
Description: libmmio for code written for Windows: <windows.h>, <tchar.h>, <ks.h>, <ksmedia.h>, <initguid.h>
Version: $version
Requires: mmio = $version
Cflags: -I\${compatdir}
PC
echo "installed libmmio $version ($real) into $prefix (pkg-config: mmio, mmio-compat in $prefix/lib/pkgconfig)"
