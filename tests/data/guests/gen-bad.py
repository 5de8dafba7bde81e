#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Write bad.dts: one malformed guest per kind of mistake, each with the
# exact error line guest_create() must give in `test-expect`.
import os

MEM = ['device_type = "alloced_ram"', "guest_physical_addr = <0x0 0x40000000>",
       "physical_size = <0x0 0x1000>"]
TPL = "\t\t\tvcpu_template {\n\t\t\t\tstart_pc = <0x0 0x0>;\n\t\t\t};\n"


def region(name, body):
    props = "".join("\t\t\t\t\t%s;\n" % line for line in body)
    return "\t\t\t\t%s {\n%s\t\t\t\t};\n" % (name, props)


def tpl(*props):
    body = "".join("\t\t\t\t%s;\n" % p for p in props)
    return "\t\t\tvcpu_template {\n%s\t\t\t};\n" % body


def vcpus(name, *props):
    body = "".join("\t\t\t\t\t%s;\n" % p for p in props)
    return "\t\t\tvcpus {\n\t\t\t\t%s {\n%s\t\t\t\t};\n\t\t\t};\n" % (name, body)


def guest(name, expect, regions=None, props=(), template=TPL, extra=""):
    if regions is None:
        regions = [("mem", MEM)]
    s = "\t\t%s {\n" % name
    s += '\t\t\ttest-expect = "%s";\n' % expect
    s += "".join("\t\t\t%s;\n" % p for p in props)
    s += template + extra
    if regions != "none":
        s += "\t\t\taspace {\n"
        s += "".join(region(n, b) for n, b in regions)
        s += "\t\t\t};\n"
    return s + "\t\t};\n"


def ram(kind, gpa, hpa, size, *more):
    return ['device_type = "%s"' % kind, "guest_physical_addr = <%s>" % gpa,
            "host_physical_addr = <%s>" % hpa, "physical_size = <%s>" % size] + list(more)


def dev(compat, gpa, size, *more):
    return ["compatible = %s" % compat, "guest_physical_addr = <%s>" % gpa,
            "physical_size = <%s>" % size] + list(more)


G = [
    guest("no_aspace", "/guests/no_aspace: aspace: missing", regions="none"),
    guest("empty_aspace", "/guests/empty_aspace/aspace: 0 regions, need 1..32", regions=[]),
    guest("no_template", "/guests/no_template: vcpu_template: missing", template=""),
    guest("no_start_pc", "/guests/no_start_pc/vcpu_template: start_pc: missing",
          template=tpl("boot_args = <0x0 0x1>")),
    guest("bad_start_pc", "/guests/bad_start_pc/vcpu_template: start_pc: must be one or two cells",
          template=tpl("start_pc = <0x0 0x0 0x0>")),
    guest("tpl_poweroff", "/guests/tpl_poweroff/vcpu_template: poweroff: only for vcpuN nodes (vCPU 0 must start)",
          template=tpl("start_pc = <0x0>", "poweroff")),
    guest("tpl_mpidr", "/guests/tpl_mpidr/vcpu_template: mpidr: only for vcpuN nodes (one per vCPU)",
          template=tpl("start_pc = <0x0>", "mpidr = <0x1>")),
    guest("bad_boot_args", "/guests/bad_boot_args/vcpu_template: boot_args: needs 1..4 values of two cells",
          template=tpl("start_pc = <0x0>", "boot_args = <0x1 0x2 0x3>")),
    guest("zero_vcpus", "/guests/zero_vcpus: vcpu_count: 0 not in 1..4 (CONFIG_GUEST_MAX_VCPUS)",
          props=["vcpu_count = <0>"]),
    guest("many_vcpus", "/guests/many_vcpus: vcpu_count: 5 not in 1..4 (CONFIG_GUEST_MAX_VCPUS)",
          props=["vcpu_count = <5>"]),
    guest("vcpus_cells", "/guests/vcpus_cells: vcpu_count: must be one cell",
          props=["vcpu_count = <0x0 0x1>"]),
    guest("bad_override", "/guests/bad_override/vcpus/vcpu2: not a vCPU of this guest (vcpu0..vcpu1)",
          props=["vcpu_count = <2>"], extra=vcpus("vcpu2")),
    guest("override_name", "/guests/override_name/vcpus/cpu1: not a vCPU of this guest (vcpu0..vcpu1)",
          props=["vcpu_count = <2>"], extra=vcpus("cpu1")),
    guest("vcpu0_off", "/guests/vcpu0_off/vcpus/vcpu0: poweroff: vCPU 0 must start",
          extra=vcpus("vcpu0", "poweroff")),
    guest("bad_host_cpu", "/guests/bad_host_cpu/vcpus/vcpu1: host_cpu: 9 but the host has 4 CPUs",
          props=["vcpu_count = <2>"], extra=vcpus("vcpu1", "host_cpu = <9>")),
    guest("dup_mpidr", "/guests/dup_mpidr/vcpus: mpidr: vcpu0 and vcpu1 share 0x0",
          props=["vcpu_count = <2>"], extra=vcpus("vcpu1", "mpidr = <0x0>")),
    guest("no_size", "/guests/no_size/aspace/mem: physical_size: missing",
          regions=[("mem", MEM[:2])]),
    guest("no_gpa", "/guests/no_gpa/aspace/mem: guest_physical_addr: missing",
          regions=[("mem", [MEM[0], MEM[2]])]),
    guest("zero_size", "/guests/zero_size/aspace/mem: physical_size: must not be 0",
          regions=[("mem", MEM[:2] + ["physical_size = <0x0>"])]),
    guest("odd_gpa", "/guests/odd_gpa/aspace/mem: guest_physical_addr: 0x40000800 not 4 KiB aligned",
          regions=[("mem", [MEM[0], "guest_physical_addr = <0x40000800>", MEM[2]])]),
    guest("odd_size", "/guests/odd_size/aspace/mem: physical_size: 0x1800 not 4 KiB aligned",
          regions=[("mem", MEM[:2] + ["physical_size = <0x1800>"])]),
    guest("size_cells", "/guests/size_cells/aspace/mem: physical_size: must be one or two cells",
          regions=[("mem", MEM[:2] + ["physical_size = <0x0 0x0 0x1000>"])]),
    guest("beyond_ipa", "/guests/beyond_ipa/aspace/mem: physical_size: region ends beyond the 40-bit guest address space",
          regions=[("mem", [MEM[0], "guest_physical_addr = <0xff 0xfffff000>", "physical_size = <0x0 0x2000>"])]),
    guest("no_type", "/guests/no_type/aspace/mem: device_type: missing (alloced_ram, alloced_rom, ram, rom, or a compatible)",
          regions=[("mem", MEM[1:])]),
    guest("unknown_type", "/guests/unknown_type/aspace/mem: device_type: unknown 'flash'",
          regions=[("mem", ['device_type = "flash"'] + MEM[1:])]),
    guest("type_not_string", "/guests/type_not_string/aspace/mem: device_type: not a string",
          regions=[("mem", ["device_type = <1>"] + MEM[1:])]),
    guest("type_and_compat", "/guests/type_and_compat/aspace/mem: device_type: not allowed with compatible",
          regions=[("mem", MEM + ['compatible = "minivisor,testdev"'])]),
    guest("unknown_compat", "/guests/unknown_compat/aspace/dev@9000000: compatible: no emulated device for 'acme,widget'",
          regions=[("mem", MEM), ("dev@9000000", dev('"acme,widget", "acme,gadget"', "0x9000000", "0x1000"))]),
    guest("overlap", "/guests/overlap/aspace/b: guest_physical_addr: 0x40001000 overlaps region 'a' (0x40000000-0x40001fff)",
          regions=[("b", [MEM[0], "guest_physical_addr = <0x40001000>", MEM[2]]),
                   ("a", [MEM[0], "guest_physical_addr = <0x40000000>", "physical_size = <0x2000>"])]),
    guest("overlap_dev", "/guests/overlap_dev/aspace/uart: guest_physical_addr: 0x40000000 overlaps region 'mem' (0x40000000-0x40000fff)",
          regions=[("mem", MEM), ("uart", dev('"arm,pl011"', "0x40000000", "0x1000"))]),
    guest("dev_odd", "/guests/dev_odd/aspace/uart: physical_size: 0x100 not 4 KiB aligned",
          regions=[("uart", dev('"arm,pl011"', "0x9000000", "0x100"))]),
    guest("bad_align", "/guests/bad_align/aspace/mem: align_order: 40 not in 12..30",
          regions=[("mem", MEM + ["align_order = <40>"])]),
    guest("align_on_ram", "/guests/align_on_ram/aspace/ram: align_order: only for alloced_ram and alloced_rom",
          regions=[("ram", ram("ram", "0x0", "0x20000000", "0x1000", "align_order = <21>"))]),
    guest("bad_map_order", "/guests/bad_map_order/aspace/mem: map_order: 31 not in 12..30",
          regions=[("mem", MEM + ["map_order = <31>"])]),
    guest("map_order_dev", "/guests/map_order_dev/aspace/uart: map_order: not for an emulated device",
          regions=[("uart", dev('"arm,pl011"', "0x9000000", "0x1000", "map_order = <12>"))]),
    guest("map_order_align", "/guests/map_order_align/aspace/mem: map_order: 21 needs align_order >= 21 (frames aligned to 0x1000)",
          regions=[("mem", MEM[:2] + ["physical_size = <0x0 0x200000>", "map_order = <21>"])]),
    guest("map_order_gpa", "/guests/map_order_gpa/aspace/ram: map_order: 21: guest_physical_addr 0x1000 is not a multiple of 0x200000",
          regions=[("ram", ram("ram", "0x1000", "0x20000000", "0x200000", "map_order = <21>"))]),
    guest("no_host", "/guests/no_host/aspace/ram: host_physical_addr: missing",
          regions=[("ram", ['device_type = "ram"', "guest_physical_addr = <0x0>", "physical_size = <0x1000>"])]),
    guest("host_on_alloced", "/guests/host_on_alloced/aspace/mem: host_physical_addr: only for ram and rom regions",
          regions=[("mem", MEM + ["host_physical_addr = <0x20000000>"])]),
    guest("host_odd", "/guests/host_odd/aspace/ram: host_physical_addr: 0x20000010 not 4 KiB aligned",
          regions=[("ram", ram("rom", "0x0", "0x20000010", "0x1000"))]),
    guest("host_wraps", "/guests/host_wraps/aspace/ram: host_physical_addr: range wraps around",
          regions=[("ram", ram("ram", "0x0", "0xffffffff 0xfffff000", "0x2000"))]),
    guest("host_in_ram", "/guests/host_in_ram/aspace/ram: host_physical_addr: 0x43fff000-0x44000fff overlaps host RAM",
          regions=[("ram", ram("ram", "0x0", "0x43fff000", "0x2000"))]),
    guest("host_on_device", "/guests/host_on_device/aspace/rom: host_physical_addr: 0x9000000-0x9000fff overlaps pl011@9000000",
          regions=[("rom", ram("rom", "0x0", "0x9000000", "0x1000"))]),
    guest("host_twice", "/guests/host_twice/aspace/b: host_physical_addr: 0x20000000-0x20000fff overlaps guest 'host_twice' region 'a'",
          regions=[("a", ram("ram", "0x0", "0x20000000", "0x1000")),
                   ("b", ram("rom", "0x1000", "0x20000000", "0x1000"))]),
    guest("image_missing", "/guests/image_missing/aspace/mem: load_images: no image 'nope.bin' (embedded or in the boot bundle)",
          regions=[("mem", MEM + ['load_images = "nope.bin"'])]),
    guest("image_big", "/guests/image_big/aspace/mem: load_images: 'big.bin' (8193 bytes at 0x0) does not fit in 0x2000 bytes",
          regions=[("mem", MEM[:2] + ["physical_size = <0x2000>", 'load_images = "boot.bin", "big.bin"'])]),
    guest("image_offset", "/guests/image_offset/aspace/mem: load_images: 'data.bin' (100 bytes at 0xfa0) does not fit in 0x1000 bytes",
          regions=[("mem", MEM + ['load_images = "data.bin@0xfa0"'])]),
    guest("image_far", "/guests/image_far/aspace/mem: load_images: 'data.bin' (100 bytes at 0xffffffffffffff00) does not fit in 0x1000 bytes",
          regions=[("mem", MEM + ['load_images = "data.bin@0xffffffffffffff00"'])]),
    guest("image_syntax", "/guests/image_syntax/aspace/mem: load_images: bad entry 'data.bin@12zz' (name or name@offset)",
          regions=[("mem", MEM + ['load_images = "data.bin@12zz"'])]),
    guest("image_noname", "/guests/image_noname/aspace/mem: load_images: bad entry '@0x10' (name or name@offset)",
          regions=[("mem", MEM + ['load_images = "@0x10"'])]),
    guest("image_many", "/guests/image_many/aspace/mem: load_images: need 1..4 strings",
          regions=[("mem", MEM + ['load_images = "data.bin", "data.bin", "data.bin", "data.bin", "data.bin"'])]),
    guest("image_dev", "/guests/image_dev/aspace/uart: load_images: not for an emulated device",
          regions=[("uart", dev('"arm,pl011"', "0x9000000", "0x1000", 'load_images = "data.bin"'))]),
    guest("long_region", "/guests/long_region/aspace/a-region-name-of-thirty-two-chars: region name longer than 31 bytes",
          regions=[("a-region-name-of-thirty-two-chars", MEM)]),
]

HEADER = """/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Malformed guest descriptions for tests/unit/test_guest_dt.c, one per
 * kind of mistake. Each guest's `test-expect` is the exact line
 * guest_create() must report (the manager ignores unknown properties).
 * The tests use 64 MiB of fake host RAM at 0x40000000, 4 host CPUs,
 * QEMU's virt-gic3.dtb as the host tree and the images boot.bin
 * (4 KiB), data.bin (100 bytes) and big.bin (8193 bytes).
 * Generated by gen-bad.py: edit that, then run build.sh.
 */
/dts-v1/;

/ {
\tguests {
"""

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "bad.dts"), "w") as f:
    f.write(HEADER + "\n".join(G) + "\t};\n};\n")
