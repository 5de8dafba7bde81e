# SPDX-License-Identifier: GPL-2.0-only
#
# gdb helpers for minivisor under QEMU's gdb stub (`make debug`,
# `make debug-x86`). Use with gdb-multiarch:
#   gdb-multiarch -q build/arm64/minivisor.elf -x tools/gdb/minivisor.gdb
#   (gdb) mv-connect
set pagination off
set confirm off
set print pretty on

define mv-connect
	target remote localhost:1234
end
document mv-connect
Attach to QEMU's gdb stub on localhost:1234 (QEMU started with -s -S).
end

define mv-break-boot
	break init_main
end
document mv-break-boot
Stop in the portable boot sequence (core/init.c), after the port's entry.
end

define mv-break-faults-arm64
	break arm64_handle_sync
	break arm64_handle_unexpected
end
document mv-break-faults-arm64
Stop on every EL2 synchronous exception and on unexpected vectors.
end

define mv-break-faults-x86
	break x86_exception
end
document mv-break-faults-x86
Stop on every CPU exception the x86_64-snp port reports.
end

define mv-arm64-el2
	p/x $ESR_EL2
	p/x $FAR_EL2
	p/x $ELR_EL2
	p/x $HCR_EL2
end
document mv-arm64-el2
Print the EL2 syndrome, fault address, return address and HCR.
end
