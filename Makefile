# One entry point per user action. See README.md.
# 'make JOB' (run, test, vm, bench) runs guest/jobs/JOB.sh in the guest.
#   make run      build what is missing, boot, run the demo
#   make test     build the test kernel, boot, run every suite of ours
#                 (SUITES="a b" and CASES="x y" pick suites and cases)
#   make bench    build the bench kernels, patched and vanilla, and compare them
#   make bench-cost  the same, only the series' cost (-icount boots, minutes)
#   make soak     boot and run the CRAM bear for BEAR_SECONDS (default 600):
#                 the case private_node_cram.bear_and_scrub, which make test
#                 runs for 60 s
#   make vm RUN=<file>   boot and run one script or static program; prints
#                 "program exited with status N" (make itself exits 0 or 2:
#                 scripts/vm.sh vm <file> exits with N)
#   make kernel-tree / export / check / clean
# Which kernel and config: KERNEL=patched|vanilla, CONFIG=test|bench. Every
# script reads them from the environment (scripts/lib.sh), never from
# arguments.
KERNEL ?= patched
CONFIG ?= test
export KERNEL CONFIG

.PHONY: all deps kernel-tree export kernel initramfs run test soak bench bench-cost vm check clean

all: test

deps:
	@scripts/deps.sh

kernel-tree: deps
	@scripts/kernel-tree.sh

export:
	@scripts/export.sh

kernel: deps
	@scripts/build-kernel.sh

initramfs: kernel
	@scripts/initramfs.sh

run: initramfs
	@scripts/vm.sh run

test: initramfs
	@scripts/vm.sh test

soak: initramfs
	@b=$${BEAR_SECONDS:-600}; SUITES=private_node_cram CASES=bear_and_scrub BEAR_SECONDS=$$b \
		TIMEOUT=$${TIMEOUT:-$$((b + 1200))} scripts/vm.sh test

bench: deps
	@scripts/bench.sh

bench-cost: deps
	@scripts/bench.sh cost

vm: initramfs
	@test -n "$(RUN)" || { echo "usage: make vm RUN=<host path of a script or static program>"; exit 2; }
	@scripts/vm.sh vm "$(RUN)"

check: deps
	@scripts/check.sh

clean:
	rm -rf build/obj build/vm build/results
