#!/usr/bin/env bash
# Write the commits of build/linux on top of the base back to
# kernel/patches/ and kernel/series. Deterministic: exporting an unchanged
# tree changes no file.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "build/linux does not exist; run 'make kernel-tree'"
cd "$TREE"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	die "build/linux has uncommitted changes; commit them first (one logical change per commit)"
fi

out=$(mktemp -d "$BUILD/export.XXXXXX")
git format-patch -q --no-numbered --no-signature --zero-commit --full-index \
	--no-binary --stat=80 -o "$out" base..HEAD >/dev/null
rm -f "$TOP"/kernel/patches/*.patch
if compgen -G "$out/*.patch" >/dev/null; then
	mv "$out"/*.patch "$TOP/kernel/patches/"
fi
rmdir "$out"
{
	echo "# Applied in order on top of the base named in kernel/BASE."
	(cd "$TOP/kernel/patches" && ls -1 -- *.patch 2>/dev/null || true)
} > "$TOP/kernel/series"

# Patch 0000: kernel/cover-letter.txt with the series' length, shortlog and
# diffstat filled in (its first line is the subject, "NN" the count, and a
# line "DIFFSTAT" where they go). Not in kernel/series: it changes no file.
count=$(git rev-list --count base..HEAD)
if [ -f "$TOP/kernel/cover-letter.txt" ]; then
	{
		echo "From: $(git log -1 --format='%an <%ae>' HEAD)"
		echo "Subject: $(head -n1 "$TOP/kernel/cover-letter.txt" | sed "s/NN/$count/")"
		echo
		sed -n '2,$p' "$TOP/kernel/cover-letter.txt" | sed '/^DIFFSTAT$/,$d'
		git shortlog base..HEAD
		git diff --stat=72 --summary base HEAD
	} > "$TOP/kernel/patches/0000-cover-letter.patch"
fi
# docs/series.md: its text up to the table's header, then a row per patch.
if [ -f "$TOP/docs/series.md" ]; then
	{
		sed '/^| --- | --- |$/q' "$TOP/docs/series.md"
		n=0
		git log --reverse --format=%s base..HEAD | while IFS= read -r s; do
			n=$((n + 1))
			printf '| %04d | %s |\n' "$n" "$s"
		done
	} > "$TOP/docs/series.md.new"
	mv "$TOP/docs/series.md.new" "$TOP/docs/series.md"
fi
git rev-parse HEAD > "$BUILD/.linux-exported-head"
series_sum > "$BUILD/.linux-series-sum"
note "exported $(git rev-list --count base..HEAD) patches to kernel/patches/"
