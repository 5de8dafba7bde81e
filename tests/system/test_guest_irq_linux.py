# SPDX-License-Identifier: GPL-2.0-only
"""Debian's arm64 Linux kernel as a guest, on the vGIC: it boots to a
busybox /init with its virtual timer ticking on every vCPU, IPIs between
its vCPUs (SGIs), its console's receive interrupt (pl011, SPI 1), then
powers off over PSCI; its guest gives back everything.

Needs the kernel Image and a static busybox (Debian linux-image-arm64
and busybox-static, arm64) in $MV_LINUX_DIR (default
build/deps/arm64-linux: Image, busybox); tools/bootstrap.sh fetches them.
"""

import os
import re
import subprocess
import time

import pytest

from conftest import ESCAPE

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LINUX_DIR = os.environ.get("MV_LINUX_DIR",
                           os.path.join(TOP, "build", "deps", "arm64-linux"))

INIT = b"""#!/bin/busybox sh
/bin/busybox mount -t proc proc /proc
echo LINUX-GUEST-UP
/bin/busybox cat /proc/interrupts
echo LINUX-READ-LINE
read line
echo "LINUX-GOT: $line"
/bin/busybox grep pl011 /proc/interrupts
/bin/busybox poweroff -f
"""

# Guest memory map: RAM 256 MiB at 0x40000000 with the Image at its
# start, the DTB at +64 MiB, the initramfs at +128 MiB (booting.rst).
DTB_OFF, INITRD_OFF = 0x4000000, 0x8000000

GUEST_DTS = """/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	compatible = "linux,dummy-virt";
	interrupt-parent = <&gic>;
	chosen {
		bootargs = "console=ttyAMA0 rdinit=/init quiet";
		stdout-path = "/pl011@9000000";
		linux,initrd-start = <0x0 0x%(initrd)x>;
		linux,initrd-end = <0x0 0x%(initrd_end)x>;
	};
	memory@40000000 {
		device_type = "memory";
		reg = <0x0 0x40000000 0x0 0x10000000>;
	};
	cpus {
		#address-cells = <1>;
		#size-cells = <0>;
%(cpus)s	};
	psci {
		compatible = "arm,psci-1.0", "arm,psci-0.2";
		method = "hvc";
	};
	gic: interrupt-controller@8000000 {
		compatible = "%(gic_compat)s";
		#interrupt-cells = <3>;
		interrupt-controller;
		reg = %(gic_reg)s;
	};
	timer {
		compatible = "arm,armv8-timer";
		interrupts = <1 13 %(tf)s>, <1 14 %(tf)s>, <1 11 %(tf)s>,
			     <1 10 %(tf)s>;
		always-on;
	};
	apb_pclk: clock {
		compatible = "fixed-clock";
		#clock-cells = <0>;
		clock-frequency = <24000000>;
	};
	pl011@9000000 {
		compatible = "arm,pl011", "arm,primecell";
		reg = <0x0 0x09000000 0x0 0x1000>;
		interrupts = <0 1 4>;
		clocks = <&apb_pclk>, <&apb_pclk>;
		clock-names = "uartclk", "apb_pclk";
	};
};
"""

CPU_DTS = """		cpu@%d {
			device_type = "cpu";
			compatible = "arm,cortex-a57";
			reg = <%d>;
			enable-method = "psci";
		};
"""

GIC_REGION = {
    3: ('gic@8000000 { compatible = "arm,gic-v3";\n'
        '\t\t\tguest_physical_addr = <0x0 0x08000000>;\n'
        '\t\t\tphysical_size = <0x0 0x100000>; };\n'),
    2: ('gic@8000000 { compatible = "arm,cortex-a15-gic";\n'
        '\t\t\tguest_physical_addr = <0x0 0x08000000>;\n'
        '\t\t\tphysical_size = <0x0 0x20000>; };\n'),
}


def need(name):
    path = os.path.join(LINUX_DIR, name)
    if not os.path.isfile(path):
        pytest.fail("no %s: tools/bootstrap.sh fetches the Debian arm64 "
                    "kernel and busybox-static" % path)
    with open(path, "rb") as f:
        return f.read()


def newc(entries):
    """A cpio newc archive of (name, mode, data) with directories."""
    out = bytearray()
    for ino, (name, mode, data) in enumerate(
            list(entries) + [("TRAILER!!!", 0, b"")]):
        raw = name.encode() + b"\0"
        fields = [ino + 1, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
                  len(raw), 0]
        out += b"070701" + "".join("%08x" % v for v in fields).encode()
        out += raw + b"\0" * (-(110 + len(raw)) % 4)
        out += data + b"\0" * (-len(data) % 4)
    return bytes(out)


def guest_dtb(tmp_path, gic, vcpus, initrd_size):
    tf = "0x%x04" % ((1 << vcpus) - 1) if gic == 2 else "4"
    reg = ("<0x0 0x08000000 0x0 0x10000>, <0x0 0x080a0000 0x0 0x%x>"
           % (0x20000 * vcpus) if gic == 3 else
           "<0x0 0x08000000 0x0 0x10000>, <0x0 0x08010000 0x0 0x2000>")
    initrd = 0x40000000 + INITRD_OFF
    src = GUEST_DTS % dict(
        initrd=initrd, initrd_end=initrd + initrd_size,
        cpus="".join(CPU_DTS % (i, i) for i in range(vcpus)),
        gic_compat="arm,gic-v3" if gic == 3 else "arm,cortex-a15-gic",
        gic_reg=reg, tf=tf)
    dts = tmp_path / "linux.dts"
    dts.write_text(src)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                    str(tmp_path / "linux.dtb"), str(dts)], check=True)
    return (tmp_path / "linux.dtb").read_bytes()


def linux_desc(gic, vcpus):
    off = "".join("vcpu%d { poweroff; };" % i for i in range(1, vcpus))
    return f"""\tlinux {{
\t\tvcpu_count = <{vcpus}>;
\t\tvcpu_template {{ start_pc = <0x0 0x40000000>;
\t\t\tboot_args = <0x0 0x{0x40000000 + DTB_OFF:x}>; }};
\t\tvcpus {{ {off} }};
\t\taspace {{
\t\t\tram@40000000 {{ device_type = "alloced_ram";
\t\t\t\tguest_physical_addr = <0x0 0x40000000>;
\t\t\t\tphysical_size = <0x0 0x10000000>; align_order = <21>;
\t\t\t\tload_images = "Image", "linux.dtb@0x{DTB_OFF:x}",
\t\t\t\t\t"initrd.cpio@0x{INITRD_OFF:x}"; }};
\t\t\t{GIC_REGION[gic]}\t\t\tuart0@9000000 {{ compatible = "arm,pl011";
\t\t\t\tguest_physical_addr = <0x0 0x09000000>;
\t\t\t\tphysical_size = <0x0 0x1000>; interrupts = <0 1 4>; }};
\t\t}};
\t}};
"""


@pytest.mark.parametrize("gic,vcpus,smp", [(3, 1, 2), (3, 2, 2), (2, 2, 2),
                                           (3, 2, 1)],
                         ids=["gic3-1vcpu", "gic3-2vcpu", "gic2-2vcpu",
                              "gic3-2vcpu-1cpu"])
def test_guest_irq_linux(guest_vm, tmp_path, gic, vcpus, smp):
    image, busybox = need("Image"), need("busybox")
    initrd = newc([("bin", 0o40755, b""), ("proc", 0o40755, b""),
                   ("bin/busybox", 0o100755, busybox),
                   ("init", 0o100755, INIT)])
    files = [("Image", image), ("initrd.cpio", initrd),
             ("linux.dtb", guest_dtb(tmp_path, gic, vcpus, len(initrd)))]
    gs = guest_vm(nodes=[linux_desc(gic, vcpus)], files=files, mem="1G",
                  gic=gic, smp=smp, timeout=60)
    before = gs.figures()
    gs.create("linux")
    vm = gs.vm
    t0 = time.monotonic()
    gs.cmd("guest kick linux")
    vm.send_line("vserial bind linux/uart0")
    vm.expect_exact("LINUX-GUEST-UP", 60)
    text = vm.expect_exact("LINUX-READ-LINE", 10)
    boot_s = time.monotonic() - t0
    timer = re.search(r"\s11:((?:\s+\d+){%d})\s+GIC\S*\s+27 Level\s+"
                      r"arch_timer" % vcpus, text)
    assert timer, text
    assert all(int(n) > 10 for n in timer.group(1).split()), text
    if vcpus > 1:
        ipis = re.search(r"IPI1:((?:\s+\d+){%d})" % vcpus, text)
        assert ipis and all(int(n) > 0 for n in ipis.group(1).split()), text
    time.sleep(0.2)
    vm.send("hello vgic\r")
    vm.expect_exact("LINUX-GOT: hello vgic", 10)
    # The console's receive interrupt (SPI 1, INTID 33) was taken.
    m = vm.expect(r"\d+:((?:\s+\d+){%d})\s+GIC\S*\s+33 Level\s+"
                  r"uart-pl011" % vcpus, 10)
    assert sum(int(n) for n in m.group(1).split()) > 0, m.group(0)
    vm.expect_exact("linux: halted (PSCI SYSTEM_OFF: powered off)", 20)
    vm.send(ESCAPE)
    vm.expect_exact("[vserial: unbound linux/uart0]")
    vm.expect_prompt()
    assert boot_s < 30, boot_s
    gs.destroy("linux")
    assert gs.figures() == before
