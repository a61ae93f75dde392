#!/usr/bin/env bash
# Check that the host has what the project needs; install it with apt-get
# when running as root, otherwise print the exact command to run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# command-or-file  Debian package providing it
needs="
gcc:gcc
make:make
flex:flex
bison:bison
bc:bc
perl:perl
cpio:cpio
xz:xz-utils
depmod:kmod
git:git
awk:gawk
rsync:rsync
python3:python3
qemu-system-x86_64:qemu-system-x86
gnuplot:gnuplot-nox
/bin/busybox:busybox-static
/usr/bin/numactl:numactl
/usr/bin/daxctl:daxctl
/usr/bin/redis-check-rdb:redis-tools
/usr/include/gelf.h:libelf-dev
/usr/include/openssl/opensslv.h:libssl-dev
/usr/lib/x86_64-linux-gnu/libc.a:libc6-dev
/usr/lib/python3/dist-packages/ply:python3-ply
/usr/lib/python3/dist-packages/git:python3-git
$(base_get tarball):$(base_get package)
"

missing=()
for n in $needs; do
	what=${n%%:*} pkg=${n##*:}
	case "$what" in
	/*) [ -e "$what" ] && continue ;;
	*) command -v "$what" >/dev/null 2>&1 && continue ;;
	esac
	missing+=("$pkg")
done
# busybox-static must really be static: the guest has no libc.
if [ -e /bin/busybox ] && ldd /bin/busybox >/dev/null 2>&1; then
	missing+=(busybox-static)
fi

[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
	note "installing missing packages: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
		die "apt-get could not install: ${missing[*]}"
else
	die "missing packages; as root run: $cmd"
fi
