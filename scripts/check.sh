#!/usr/bin/env bash
# 'make check': checkpatch --strict over the series, then build every prefix
# of the series (bisectability) with the test config. Slow; not part of CI.
# Fails on checkpatch errors and on any prefix that does not build;
# checkpatch warnings and checks are printed (justify them in the commit
# message).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_tree patched
cd "$TREE"
status=0
for p in $(series_patches); do
	note "checkpatch $p"
	out=$(./scripts/checkpatch.pl --strict -q "$TOP/kernel/patches/$p" 2>&1) || true
	[ -n "$out" ] && printf '%s\n' "$out"
	if printf '%s\n' "$out" | grep -q '^total: [1-9][0-9]* errors'; then
		status=1
	fi
done
branch=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
obj=$BUILD/obj/bisect-test
mkdir -p "$obj"
cp "$(objdir_for patched test)/.config" "$obj/.config" 2>/dev/null ||
	die "build the test kernel once first (make kernel)"
for c in $(git rev-list --reverse base..HEAD); do
	git checkout -q "$c"
	note "building $(git log -1 --format=%s "$c")"
	make -s -C "$TREE" O="$obj" ARCH=x86_64 olddefconfig >/dev/null
	make -s -C "$TREE" O="$obj" ARCH=x86_64 -j"$(nproc)" bzImage modules || { note "does not build: $c"; status=1; }
done
git checkout -q "$branch"
[ $status = 0 ] && note "every patch builds; no checkpatch errors"
exit $status
