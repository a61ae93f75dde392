#!/usr/bin/env bash
# scan-console.sh LOG: fail, printing each report, if the kernel log holds a
# WARNING, BUG, Oops, KASAN or lockdep report, a hung task or a panic.
set -u
log=${1:?LOG}
pattern='WARNING:|BUG:|Oops|KASAN|UBSAN|possible recursive locking|possible circular locking|inconsistent lock state|lock held when returning|INFO: task .* blocked for more than|Kernel panic|general protection fault|kernel BUG at'
if grep -Eq "$pattern" "$log"; then
	echo "==> the kernel reported problems (from ${log}):" >&2
	grep -En -A 12 "$pattern" "$log" | head -n 200 >&2
	exit 1
fi
exit 0
