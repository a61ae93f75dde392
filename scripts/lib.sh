# Shared helpers for the project's scripts. Source it; do not run it.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
TREE=$BUILD/linux
VANILLA_TREE=$BUILD/linux-vanilla

# Which kernel and config every script works on, from the environment (the
# Makefile exports both; they are never arguments):
#   KERNEL  patched (build/linux, the series) or vanilla (build/linux-vanilla,
#           the same base without it)
#   CONFIG  a fragment in kernel/configs/: test (KASAN, lockdep) or bench (-O2)
KERNEL=${KERNEL:-patched}
CONFIG=${CONFIG:-test}
export KERNEL CONFIG

# no_args "$@": scripts that take KERNEL and CONFIG from the environment
# refuse the positional arguments they once took.
no_args() { [ $# = 0 ] || die "no arguments: set KERNEL=patched|vanilla and CONFIG=test|bench in the environment"; }

die() { printf 'error: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

# base_get KEY: a value from kernel/BASE.
base_get() { sed -n "s/^$1=//p" "$TOP/kernel/BASE"; }

# series_patches: the patch file names listed in kernel/series, in order.
series_patches() { sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$TOP/kernel/series"; }

# tree_for KERNEL: the source tree for "patched" or "vanilla".
tree_for() {
	case "$1" in
	patched) echo "$TREE" ;;
	vanilla) echo "$VANILLA_TREE" ;;
	*) die "KERNEL must be 'patched' or 'vanilla', not '$1'" ;;
	esac
}

# objdir_for KERNEL CONFIG: where that kernel is built with that config.
objdir_for() { echo "$BUILD/obj/$1-$2"; }

# series_sum: one checksum over kernel/BASE, kernel/series and the patches,
# recorded when build/linux is created or exported, to notice a stale tree.
series_sum() {
	(cd "$TOP/kernel" && cat BASE series && series_patches | sed 's|^|patches/|' | xargs -r cat) |
		sha256sum | cut -d' ' -f1
}

# ensure_tree KERNEL: create the source tree if it is missing and warn when
# build/linux no longer matches kernel/.
ensure_tree() {
	local t
	t=$(tree_for "$1")
	if [ ! -e "$t" ]; then
		KERNEL=$1 "$TOP/scripts/kernel-tree.sh"
	elif [ "$1" = patched ] && [ "$(cat "$BUILD/.linux-series-sum" 2>/dev/null)" != "$(series_sum)" ]; then
		note "warning: build/linux does not match kernel/series."
		note "         'make export' if build/linux holds your newest work,"
		note "         'make kernel-tree' to regenerate it from kernel/."
	fi
}
