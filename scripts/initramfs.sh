#!/usr/bin/env bash
# Build the guest's initramfs for one kernel: KERNEL=... CONFIG=... initramfs.sh
# Holds busybox, guest/ scripts (guest/jobs/NAME.sh is job NAME), our static programs, modules and selftests,
# and the kernel's modules. No host root file system goes in.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

no_args "$@"
kernel=$KERNEL
config=$CONFIG
src=$(tree_for "$kernel")
obj=$(objdir_for "$kernel" "$config")
[ -x "$obj/usr/gen_init_cpio" ] || die "build the kernel first (${obj#"$TOP"/})"

root=$obj/initramfs-root
rm -rf "$root"
mkdir -p "$root"/{bin,pmn/bin,pmn/jobs,pmn/tests,pmn/selftests,lib}
cp /bin/busybox "$root/bin/busybox"
cp "$TOP/guest/init" "$root/init"
cp "$TOP"/guest/*.sh "$TOP/guest/kunit.list" "$root/pmn/"
cp "$TOP"/guest/jobs/*.sh "$root/pmn/jobs/"
cp "$TOP"/guest/tests/*.sh "$root/pmn/tests/"
[ -d "$obj/modroot/lib/modules" ] && cp -a "$obj/modroot/lib/modules" "$root/lib/"

# Debian's own tools, as users run them, with the shared libraries and the
# dynamic loader they need (scripts/deps.sh installs them on the host).
# The bench adds redis-server, the benchmark's real application: Debian
# ships it as redis-check-rdb, which runs as the server under that name.
host_programs="/usr/bin/numactl /usr/bin/daxctl"
[ "$config" = bench ] && host_programs="$host_programs /usr/bin/redis-check-rdb"
for prog in $host_programs; do
	[ -x "$prog" ] || die "$prog is missing; run make deps"
	mkdir -p "$root$(dirname "$prog")"
	cp -L "$prog" "$root$prog"
	ldd "$prog" | grep -o '/[^ ]*' | while read -r lib; do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
done

[ "$config" = bench ] && ln -s redis-check-rdb "$root/usr/bin/redis-server"

cflags=(-static -O2 -g0 -Wall -I "$obj/usr-headers/include" -I "$src/tools/testing/selftests" -I "$src/tools/include/uapi")
for c in "$TOP"/guest/programs/*.c; do
	[ -f "$c" ] || continue
	gcc "${cflags[@]}" -o "$root/pmn/bin/$(basename "$c" .c)" "$c" -lm ||
		die "could not build guest/programs/$(basename "$c")"
done
# Out-of-tree modules (guest/modules/NAME/), built against this kernel so
# the same source runs on the patched and the vanilla kernel.
mkdir -p "$root/pmn/modules"
for m in "$TOP"/guest/modules/*/; do
	[ -f "$m/Kbuild" ] || continue
	name=$(basename "$m")
	ext=$obj/ext/$name
	rm -rf "$ext"
	mkdir -p "$ext"
	cp "$m"/* "$ext/"
	make -s -C "$src" O="$obj" ARCH=x86_64 M="$ext" modules >/dev/null ||
		die "could not build guest/modules/$name"
	cp "$ext/$name.ko" "$root/pmn/modules/"
done
# The selftests of guest/selftests.list, built by the kernel's own
# tools/testing/selftests/mm/Makefile (static, against this kernel's headers),
# as a maintainer would build them.
selftests=()
while read -r src_file; do
	case "$src_file" in ''|'#'*) continue ;; esac
	[ -f "$src/$src_file" ] || { note "skipping selftest $src_file: not in this kernel tree"; continue; }
	selftests+=("$(basename "$src_file" .c)")
done < "$TOP/guest/selftests.list"
if [ ${#selftests[@]} -gt 0 ]; then
	out=$obj/selftests
	mkdir -p "$out"
	make -s -C "$src/tools/testing/selftests/mm" OUTPUT="$out" \
		KHDR_INCLUDES="-isystem $obj/usr-headers/include" EXTRA_CFLAGS=-static \
		"${selftests[@]/#/$out/}" >/dev/null ||
		die "could not build the selftests with tools/testing/selftests/mm/Makefile"
	for t in "${selftests[@]}"; do
		cp "$out/$t" "$root/pmn/selftests/"
	done
fi

# A gen_init_cpio list: no root privileges needed for /dev/console.
list=$obj/initramfs.list
{
	echo "dir /dev 755 0 0"
	echo "nod /dev/console 600 0 0 c 5 1"
	(cd "$root" && find . -mindepth 1 | sort) | while read -r p; do
		p=${p#.}
		if [ -L "$root$p" ]; then
			echo "slink $p $(readlink "$root$p") 777 0 0"
		elif [ -d "$root$p" ]; then
			echo "dir $p 755 0 0"
		else
			echo "file $p $root$p $(stat -c %a "$root$p") 0 0"
		fi
	done
} > "$list"
"$obj/usr/gen_init_cpio" "$list" > "$obj/initramfs.cpio"
note "initramfs ready: ${obj#"$TOP"/}/initramfs.cpio ($(du -h "$obj/initramfs.cpio" | cut -f1))"
