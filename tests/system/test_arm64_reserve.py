# SPDX-License-Identifier: GPL-2.0-only
"""arm64: /memreserve/ entries, reserved-memory nodes and the initrd named
in /chosen are reserved in host RAM (exact frame counts). QEMU's own DTB
has none of them, so the test dumps it, adds them, and boots with -dtb."""

import re
import subprocess

from conftest import ARM64, arm64_argv, image_span_pages
from mvqemu import MvQemu, pages, parse_ram_info

MEMRESERVE = (0x5F000000, 0x2000)
RESERVED_MEMORY = (0x5E000000, 0x300000)
INITRD = (0x48000000, 0x48001800)  # start, end: 6 KiB


def make_dtb(image, tmp_path):
    """QEMU's DTB for the default machine with our three additions."""
    argv = arm64_argv(image)
    m = argv.index("-M") + 1
    argv[m] += ",dumpdtb=" + str(tmp_path / "virt.dtb")
    subprocess.run(argv, check=True, capture_output=True, timeout=30)
    dts = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts",
                          str(tmp_path / "virt.dtb")], check=True,
                         capture_output=True, text=True).stdout
    dts = dts.replace("/dts-v1/;\n", "/dts-v1/;\n/memreserve/ 0x%x 0x%x;\n"
                      % MEMRESERVE, 1)
    node = ("\treserved-memory {\n\t\t#address-cells = <2>;\n"
            "\t\t#size-cells = <2>;\n\t\tranges;\n"
            "\t\tfw@%x {\n\t\t\treg = <0 0x%x 0 0x%x>;\n\t\t\tno-map;\n"
            "\t\t};\n\t};\n" % (RESERVED_MEMORY[0], *RESERVED_MEMORY))
    initrd = ("\t\tlinux,initrd-start = <0x%x>;\n"
              "\t\tlinux,initrd-end = <0x%x>;\n" % INITRD)
    dts = re.sub(r"\n\tchosen \{\n", "\n" + node + "\tchosen {\n" + initrd,
                 dts, count=1)
    (tmp_path / "resv.dts").write_text(dts)
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o",
                    str(tmp_path / "resv.dtb"), str(tmp_path / "resv.dts")],
                   check=True)
    return str(tmp_path / "resv.dtb")


def test_arm64_dt_reservations(arm64_image, tmp_path):
    dtb = make_dtb(arm64_image, tmp_path)
    with MvQemu(arm64_argv(arm64_image, extra=["-dtb", dtb])) as vm:
        vm.boot()
        banks, total = parse_ram_info(vm.cmd("host ram info"))
        size = int(re.search(r"dtb: 0x40000000, (\d+) bytes",
                             vm.boot_log).group(1))
        chosen = vm.cmd("devtree print /chosen")
        assert "linux,initrd-start" in chosen
    expected = (image_span_pages(ARM64, arm64_image) + pages(size)
                + sum(pages(b["meta"]) for b in banks)
                + pages(MEMRESERVE[1]) + pages(RESERVED_MEMORY[1])
                + pages(INITRD[1] - INITRD[0]))
    assert total["reserved"] == expected
