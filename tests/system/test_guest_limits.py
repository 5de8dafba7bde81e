# SPDX-License-Identifier: GPL-2.0-only
"""arm64 guests: what must be refused, with nothing leaked.

- host RAM exhaustion: a guest larger than free RAM, and guests created
  until RAM runs out (the one that fails has taken some frames already:
  they must come back);
- malformed guest descriptions from a boot bundle's guests.dtb (loaded
  by tools/qemu-arm64.sh --bundle through QEMU's loader, named in the
  DTB's /chosen as the initrd), each refused with one error line naming
  the node and property;
- a guests.dtb that is not a device tree, and a bundle that is not a cpio
  archive: reported at boot, the built-in guests still work.
"""

from conftest import guest_desc

BAD_NODES = {
    "nosize": ("""\tnosize {
\t\tvcpu_template { start_pc = <0x0 0x0>; };
\t\taspace { mem { device_type = "alloced_ram";
\t\t\tguest_physical_addr = <0x0 0x40000000>; }; };
\t};
""", "/guests/nosize/aspace/mem: physical_size: missing"),
    "overlap": ("""\toverlap {
\t\tvcpu_template { start_pc = <0x0 0x0>; };
\t\taspace {
\t\t\ta { device_type = "alloced_ram";
\t\t\t\tguest_physical_addr = <0x0 0x40000000>;
\t\t\t\tphysical_size = <0x0 0x2000>; };
\t\t\tb { device_type = "alloced_ram";
\t\t\t\tguest_physical_addr = <0x0 0x40001000>;
\t\t\t\tphysical_size = <0x0 0x2000>; };
\t\t};
\t};
""", "/guests/overlap/aspace/b: guest_physical_addr: 0x40001000 overlaps"),
    "nodev": ("""\tnodev {
\t\tvcpu_template { start_pc = <0x0 0x0>; };
\t\taspace { dev@9000000 { compatible = "acme,widget";
\t\t\tguest_physical_addr = <0x0 0x09000000>;
\t\t\tphysical_size = <0x0 0x1000>; }; };
\t};
""", "/guests/nodev/aspace/dev@9000000: compatible: no emulated device"),
    "hostram": ("""\thostram {
\t\tvcpu_template { start_pc = <0x0 0x0>; };
\t\taspace { ram { device_type = "ram";
\t\t\tguest_physical_addr = <0x0 0x40000000>;
\t\t\thost_physical_addr = <0x0 0x44000000>;
\t\t\tphysical_size = <0x0 0x1000>; }; };
\t};
""", "/guests/hostram/aspace/ram: host_physical_addr: 0x44000000-0x44000fff"
     " overlaps host RAM"),
    "ipa41": ("""\tipa41 {
\t\tvcpu_template { start_pc = <0x0 0x0>; };
\t\taspace { mem { device_type = "alloced_ram";
\t\t\tguest_physical_addr = <0x100 0x0>;
\t\t\tphysical_size = <0x0 0x1000>; }; };
\t};
""", "/guests/ipa41/aspace/mem"),
    "vcpus": ("""\tvcpus {
\t\tvcpu_count = <5>;
\t\tvcpu_template { start_pc = <0x0 0x0>; };
\t\taspace { mem { device_type = "alloced_ram";
\t\t\tguest_physical_addr = <0x0 0x40000000>;
\t\t\tphysical_size = <0x0 0x1000>; }; };
\t};
""", "/guests/vcpus: vcpu_count: 5 not in 1..4"),
    "noimage": (guest_desc("noimage", rom_image="missing.bin"),
                "/guests/noimage/aspace/rom@0: load_images"),
}


def test_guest_ram_exhaustion(guest_vm):
    gs = guest_vm(nodes=[guest_desc("huge", ram=512 << 20),
                         guest_desc("g48a", ram=48 << 20),
                         guest_desc("g48b", ram=48 << 20),
                         guest_desc("g48c", ram=48 << 20),
                         guest_desc("g48d", ram=48 << 20),
                         guest_desc("g48e", ram=48 << 20)], mem="256M")
    before = gs.figures()
    out = gs.cmd("guest create huge")
    assert ("error: /guests/huge/aspace/ram@40000000: no 0x20000000 bytes "
            "of host RAM aligned to 0x200000") in out, out
    assert gs.figures() == before
    # Fill RAM: the guest that no longer fits gives back its ROM frames.
    made = []
    for n in ["g48a", "g48b", "g48c", "g48d", "g48e"]:
        out = gs.cmd(f"guest create {n}")
        if "error:" in out:
            assert "no 0x3000000 bytes of host RAM" in out, out
            break
        made.append(n)
    else:
        raise AssertionError("256 MiB held five 48 MiB guests")
    assert len(made) >= 3
    full = gs.figures()
    assert "error:" in gs.cmd(f"guest create {n}")
    assert gs.figures() == full
    # Those that exist run.
    for m in made:
        gs.kick(m)
        assert "hello" in gs.run(m, "hi")
    for m in made:
        gs.destroy(m)
    assert gs.figures() == before
    gs.create("guest0")
    gs.kick("guest0")
    gs.destroy("guest0")
    assert gs.figures() == before


def test_guest_malformed_descriptions(guest_vm):
    gs = guest_vm(nodes=[n for n, _ in BAD_NODES.values()])
    assert "bundle: 1 file(s) at 0x48000000, guests.dtb added" in \
        gs.vm.boot_log
    before = gs.figures()
    for name, (_, msg) in BAD_NODES.items():
        out = gs.cmd(f"guest create {name}")
        assert out.startswith("error: " + msg), (name, out)
        assert len(out.strip().splitlines()) == 1, out
        assert gs.figures() == before, name
    assert "error: /guests/nope: no such guest description" in \
        gs.cmd("guest create nope")
    # The built-in guests are still there and work.
    gs.create("guest0")
    gs.kick("guest0")
    assert "hello" in gs.run("guest0", "hi")
    gs.destroy("guest0")
    assert gs.figures() == before


def test_guest_bad_bundle_guests_dtb(guest_vm):
    gs = guest_vm(files=[("guests.dtb", b"\xd0\x0d\xfe\xed" + b"\xff" * 60)])
    assert "guests.dtb refused (EBADMSG)" in gs.vm.boot_log
    assert ("guests: 4 described: guest0 guest1 guest2 guest3"
            in gs.vm.boot_log)
    gs.create("guest0")
    gs.kick("guest0")
    gs.destroy("guest0")


def test_guest_bad_bundle(guest_vm, tmp_path):
    junk = tmp_path / "junk.cpio"
    junk.write_bytes(b"this is not a cpio archive\n" * 10)
    gs = guest_vm(bundle=str(junk))
    assert "bundle: initrd at 0x48000000 refused:" in gs.vm.boot_log
    gs.create("guest1")
    gs.kick("guest1")
    assert "hello" in gs.run("guest1", "hi")
    gs.destroy("guest1")
