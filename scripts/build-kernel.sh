#!/usr/bin/env bash
# Build one kernel out of tree: KERNEL=... CONFIG=... build-kernel.sh
# (see scripts/lib.sh for both; patched and test by default).
# The result is build/obj/KERNEL-CONFIG/ with bzImage and modules installed
# under modroot/. Reruns are incremental.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

no_args "$@"
kernel=$KERNEL
config=$CONFIG
frag=$TOP/kernel/configs/$config.config
[ -f "$frag" ] || die "no config '$config' (kernel/configs/$config.config)"
ensure_tree "$kernel"
src=$(tree_for "$kernel")
obj=$(objdir_for "$kernel" "$config")
mkdir -p "$obj"
kmake() { make -s -C "$src" O="$obj" ARCH=x86_64 -j"$(nproc)" "$@"; }

# Regenerate .config when a fragment changed.
fragments=("$TOP/kernel/configs/common.config" "$frag")
[ "$kernel" = patched ] && fragments+=("$TOP/kernel/configs/series.config")
want=$(cat "${fragments[@]}" | sha256sum | cut -d' ' -f1)
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.pmn-config-sum" 2>/dev/null)" != "$want" ]; then
	note "configuring $kernel kernel with $config config"
	kmake tinyconfig >/dev/null
	"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "${fragments[@]}" >/dev/null
	kmake olddefconfig >/dev/null
	# Every line of the fragments must have survived olddefconfig.
	bad=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=n)
			opt=${line%=n}
			if grep -q "^$opt=" "$obj/.config"; then
				note "config: $opt should be off"
				bad=1
			fi ;;
		CONFIG_*) grep -qxF "$line" "$obj/.config" || { note "config: '$line' was dropped (missing dependency?)"; bad=1; } ;;
		esac
	done < <(cat "${fragments[@]}")
	[ $bad = 0 ] || die "kernel/configs/$config.config does not produce the requested options"
	echo "$want" > "$obj/.pmn-config-sum"
fi

note "building $kernel kernel ($config) in ${obj#"$TOP"/}"
kmake bzImage modules
rm -rf "$obj/modroot"
kmake INSTALL_MOD_PATH="$obj/modroot" INSTALL_MOD_STRIP=1 DEPMOD=/sbin/depmod modules_install >/dev/null
kmake INSTALL_HDR_PATH="$obj/usr-headers" headers_install >/dev/null
note "kernel ready: ${obj#"$TOP"/}/arch/x86/boot/bzImage"
