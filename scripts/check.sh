#!/usr/bin/env bash
# 'make check': checkpatch --strict over the series, then build every prefix
# of the series (bisectability) with the test config. Slow; not part of CI.
# ONLY="11 12 13" builds only the prefixes ending at those patch numbers.
# Fails on checkpatch errors that the commit message does not justify (a
# paragraph starting "checkpatch") and on any prefix that does not build;
# warnings and checks are printed (justify them in the commit message).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
ensure_tree patched
cd "$TREE"
status=0
for p in $(series_patches); do
	note "checkpatch $p"
	# Debian's python3 first: its spdxcheck.py needs python3-ply and
	# python3-git (deps.sh), which another python3 in PATH may lack.
	out=$(PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict -q \
		"$TOP/kernel/patches/$p" 2>&1) || true
	[ -n "$out" ] && printf '%s\n' "$out"
	# An error fails the check unless the commit message justifies the
	# checkpatch output (a paragraph starting "checkpatch").
	if printf '%s\n' "$out" | grep -q '^total: [1-9][0-9]* errors' &&
	   ! sed '/^---$/q' "$TOP/kernel/patches/$p" | grep -qi '^checkpatch'; then
		status=1
	fi
done
branch=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
obj=$BUILD/obj/bisect-test
mkdir -p "$obj"
cp "$(objdir_for patched test)/.config" "$obj/.config" 2>/dev/null ||
	die "build the test kernel once first (make kernel)"
n=0
for c in $(git rev-list --reverse base..HEAD); do
	n=$((n + 1))
	if [ -n "${ONLY:-}" ] && ! printf ' %s ' "$ONLY" | grep -q " $n "; then
		continue
	fi
	git checkout -q "$c"
	note "building $(printf %04d "$n") $(git log -1 --format=%s "$c")"
	make -s -C "$TREE" O="$obj" ARCH=x86_64 olddefconfig >/dev/null
	make -s -C "$TREE" O="$obj" ARCH=x86_64 -j"$(nproc)" bzImage modules || { note "does not build: $c"; status=1; }
done
git checkout -q "$branch"
if [ $status = 0 ]; then
	if [ -n "${ONLY:-}" ]; then
		note "prefixes $ONLY build; no unjustified checkpatch errors"
	else
		note "every patch builds; no unjustified checkpatch errors"
	fi
fi
exit $status
