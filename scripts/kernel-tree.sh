#!/usr/bin/env bash
# Create a kernel source tree from the pinned base.
#
#   KERNEL=patched kernel-tree.sh   build/linux: a git repository with one
#                                   base commit, then one commit per
#                                   kernel/series entry (the default)
#   KERNEL=vanilla kernel-tree.sh   build/linux-vanilla: the base alone, no git
#
# A tree that holds work not yet exported is never thrown away.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

no_args "$@"
kind=$KERNEL
dest=$(tree_for "$kind")
tarball=$(base_get tarball)
want_version=$(base_get version)
want_sum=$(base_get sha256)
package=$(base_get package)

[ -f "$tarball" ] || die "$tarball is missing (install $package)"
have_version=$(dpkg-query -W -f='${Version}' "$package" 2>/dev/null || echo unknown)
if [ "$have_version" != "$want_version" ]; then
	note "warning: $package is $have_version, kernel/BASE pins $want_version;"
	note "         patches will be applied with 3-way merge or fuzz"
	base_is_pinned=0
else
	base_is_pinned=1
fi

# Deterministic identities and dates for the commits we create, so the same
# inputs always give the same base commit id.
export GIT_AUTHOR_NAME="Private nodes harness" GIT_AUTHOR_EMAIL="harness@localhost"
export GIT_COMMITTER_NAME="$GIT_AUTHOR_NAME" GIT_COMMITTER_EMAIL="$GIT_AUTHOR_EMAIL"
export GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z"

extract() {
	local into=$1 tmp
	tmp=$(mktemp -d "$BUILD/extract.XXXXXX")
	note "extracting $tarball"
	tar -xJf "$tarball" -C "$tmp"
	mv "$tmp"/linux-source-* "$into"
	rmdir "$tmp"
}

mkdir -p "$BUILD"

if [ "$kind" = vanilla ]; then
	[ -d "$dest" ] && [ "$(cat "$dest/.pmn-base" 2>/dev/null)" = "$have_version" ] && exit 0
	rm -rf "$dest"
	extract "$dest"
	echo "$have_version" > "$dest/.pmn-base"
	exit 0
fi

# --- the patched tree ---------------------------------------------------
stamp=$BUILD/.linux-exported-head
if [ -d "$dest/.git" ]; then
	if [ -n "$(git -C "$dest" status --porcelain --untracked-files=no)" ]; then
		die "build/linux has uncommitted changes; commit them and 'make export', or remove build/linux yourself"
	fi
	if [ "$(git -C "$dest" rev-parse HEAD)" != "$(cat "$stamp" 2>/dev/null)" ]; then
		die "build/linux has commits that were never exported; run 'make export' first, or remove build/linux yourself"
	fi
	note "recreating build/linux from kernel/series"
	rm -rf "$dest"
elif [ -e "$dest" ]; then
	die "$dest exists but is not a git repository; remove it"
fi

if [ "$base_is_pinned" = 1 ]; then
	note "checking sha256 of $tarball"
	echo "$want_sum  $tarball" | sha256sum -c --quiet - ||
		die "$tarball does not match the sha256 in kernel/BASE"
fi

extract "$dest"
cd "$dest"
note "creating the base commit (takes a minute)"
git init -q -b main
git config core.autocrlf false
git config gc.auto 0
# Debian's .gitignore ignores every top-level entry ("/*"), which would hide
# new files such as mm/cram.c from 'git add'. Drop those two lines.
sed -i -e '\@^/\*$@d' -e '\@^!/debian/$@d' .gitignore
git add -A
git commit -q -m "Linux $package $have_version (base)"
git tag -f base >/dev/null

while read -r p; do
	f=$TOP/kernel/patches/$p
	[ -f "$f" ] || die "kernel/series names $p but kernel/patches/$p does not exist"
	if git am -q -3 "$f" 2>/dev/null; then
		continue
	fi
	# 3-way failed (for example a newer base lacks the blobs): try fuzz.
	git am --abort 2>/dev/null || true
	git reset -q --hard
	if patch -s -p1 --fuzz=3 --no-backup-if-mismatch -r - < "$f" >/dev/null; then
		git add -A
		msg=$(mktemp)
		git mailinfo "$msg" /dev/null < "$f" > "$msg.info"
		author=$(sed -n 's/^Author: //p' "$msg.info")
		email=$(sed -n 's/^Email: //p' "$msg.info")
		subject=$(sed -n 's/^Subject: //p' "$msg.info")
		date=$(sed -n 's/^Date: //p' "$msg.info")
		{ echo "$subject"; echo; cat "$msg"; } |
			GIT_AUTHOR_NAME="$author" GIT_AUTHOR_EMAIL="$email" GIT_AUTHOR_DATE="$date" \
			git commit -q -F -
		rm -f "$msg" "$msg.info"
		note "applied $p with fuzz"
	else
		git reset -q --hard
		die "kernel/patches/$p does not apply to $package $have_version"
	fi
done < <(series_patches)

git rev-parse HEAD > "$stamp"
series_sum > "$BUILD/.linux-series-sum"
note "build/linux ready: $(git rev-list --count base..HEAD) patches on $package $have_version"
