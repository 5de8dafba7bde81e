// SPDX-License-Identifier: GPL-2.0-only
/*
 * `guest ...`: the guest lifecycle and inspection from the shell. Output
 * follows docs/shell.md (key value lines); formats are in docs/guests.md.
 */
#include <minivisor/errno.h>
#include <minivisor/guest.h>
#include <minivisor/printk.h>
#include <minivisor/vdev.h>

#include "commands.h"

/* Bytes `guest dumpmem` shows at most (a screenful of lines). */
#define DUMPMEM_MAX 0x1000
#define DUMPMEM_LINE 16

/* The guest called @name, or an error line and NULL. */
static struct guest *guest_cmd_find(const char *op, const char *name, int *err)
{
	struct guest *g = guest_find(name);

	if (!g)
		*err = shell_error(-MV_ENOENT, "guest %s: no guest '%s'", op,
				   name);
	return g;
}

static int guest_cmd_list(int argc, char **argv)
{
	for (unsigned int id = 0; id < CONFIG_GUEST_MAX; id++) {
		struct guest *g = guest_by_id(id);

		if (!g)
			continue;
		printk("guest %u name %s state %s vcpus %u ram 0x%llx vmid %u\n",
		       id, guest_name(g), guest_state_name(guest_state(g)),
		       guest_vcpu_count(g), ULL(guest_ram_size(g)),
		       guest_vmid(g));
	}
	return 0;
}

static int guest_cmd_create(int argc, char **argv)
{
	char msg[GUEST_ERR_MAX];
	struct guest *g;
	int err = guest_create(argv[0], &g, msg, sizeof(msg));

	if (err)
		return shell_error(err, "%s", msg);
	printk("guest %s id %u vmid %u state %s\n", guest_name(g), guest_id(g),
	       guest_vmid(g), guest_state_name(guest_state(g)));
	return 0;
}

static int guest_cmd_destroy(int argc, char **argv)
{
	int err = 0;
	struct guest *g = guest_cmd_find("destroy", argv[0], &err);

	if (!g)
		return err;
	err = guest_destroy(g);
	if (err)
		return shell_error(err, "guest destroy: %s is busy", argv[0]);
	printk("guest %s destroyed\n", argv[0]);
	return 0;
}

/* A lifecycle step: run @fn, then say the new state or why not. */
static int guest_cmd_step(const char *op, const char *name,
			  int (*fn)(struct guest *g))
{
	int err = 0;
	struct guest *g = guest_cmd_find(op, name, &err);

	if (!g)
		return err;
	err = fn(g);
	if (err == -MV_EBUSY || err == -MV_EINVAL)
		return shell_error(err, "guest %s: %s: not allowed in state %s",
				   op, name, guest_state_name(guest_state(g)));
	if (err)
		return shell_error(err, "guest %s: %s: %s", op, name,
				   mv_strerror(err));
	printk("guest %s state %s\n", name, guest_state_name(guest_state(g)));
	return 0;
}

static int guest_halt_shell(struct guest *g)
{
	return guest_halt(g, "shell");
}

static int guest_cmd_kick(int argc, char **argv)
{
	return guest_cmd_step("kick", argv[0], guest_kick);
}

static int guest_cmd_pause(int argc, char **argv)
{
	return guest_cmd_step("pause", argv[0], guest_pause);
}

static int guest_cmd_resume(int argc, char **argv)
{
	return guest_cmd_step("resume", argv[0], guest_resume);
}

static int guest_cmd_reset(int argc, char **argv)
{
	return guest_cmd_step("reset", argv[0], guest_reset);
}

static int guest_cmd_halt(int argc, char **argv)
{
	return guest_cmd_step("halt", argv[0], guest_halt_shell);
}

/* One line: address, then up to 16 bytes in hex. */
static void guest_dump_line(uint64_t gpa, const uint8_t *p, size_t n)
{
	char line[16 + 2 + DUMPMEM_LINE * 3 + 1];
	int len = mv_snprintf(line, sizeof(line), "0x%llx:", ULL(gpa));

	for (size_t i = 0; i < n; i++)
		len += mv_snprintf(line + len, sizeof(line) - len, " %02x",
				   p[i]);
	printk("%s\n", line);
}

static int guest_cmd_dumpmem(int argc, char **argv)
{
	uint8_t buf[DUMPMEM_MAX];
	uint64_t gpa, len;
	int err = 0;
	struct guest *g = guest_cmd_find("dumpmem", argv[0], &err);

	if (!g)
		return err;
	err = cmd_parse_u64("guest dumpmem", "address", argv[1], UINT64_MAX,
			    &gpa);
	if (!err)
		err = cmd_parse_u64("guest dumpmem", "length", argv[2],
				    DUMPMEM_MAX, &len);
	if (err)
		return err;
	if (!len)
		return shell_error(-MV_EINVAL, "guest dumpmem: length 0");
	err = guest_mem_read(g, gpa, buf, len);
	if (err)
		return shell_error(err,
				   "guest dumpmem: %s: 0x%llx+0x%llx is "
				   "not all guest RAM or ROM",
				   argv[0], ULL(gpa), ULL(len));
	for (uint64_t off = 0; off < len; off += DUMPMEM_LINE)
		guest_dump_line(gpa + off, buf + off,
				MIN(DUMPMEM_LINE, len - off));
	return 0;
}

static void guest_region_flags(const struct guest_region *r, char out[4])
{
	out[0] = r->flags & GUEST_REGION_F_READ ? 'r' : '-';
	out[1] = r->flags & GUEST_REGION_F_WRITE ? 'w' : '-';
	out[2] = r->flags & GUEST_REGION_F_EXEC ? 'x' : '-';
	out[3] = '\0';
}

static int guest_cmd_region_list(int argc, char **argv)
{
	const struct guest_region *r;
	int err = 0;
	struct guest *g = guest_cmd_find("region list", argv[0], &err);
	char flags[4];

	if (!g)
		return err;
	for (unsigned int i = 0; (r = guest_region_at(g, i)); i++) {
		guest_region_flags(r, flags);
		printk("region %s gpa 0x%llx size 0x%llx type %s", r->name,
		       ULL(r->gpa), ULL(r->size),
		       guest_region_type_name(r->type));
		if (r->type == GUEST_REGION_EMULATED)
			printk(" device %s", r->vdev->name);
		else
			printk(" hpa 0x%llx", ULL(r->hpa));
		printk(" flags %s\n", flags);
	}
	return 0;
}

static const struct shell_subcmd guest_subcmds[] = {
	{ "list", 0, 0, guest_cmd_list },
	{ "create", 1, 1, guest_cmd_create },
	{ "destroy", 1, 1, guest_cmd_destroy },
	{ "kick", 1, 1, guest_cmd_kick },
	{ "pause", 1, 1, guest_cmd_pause },
	{ "resume", 1, 1, guest_cmd_resume },
	{ "reset", 1, 1, guest_cmd_reset },
	{ "halt", 1, 1, guest_cmd_halt },
	{ "dumpmem", 3, 3, guest_cmd_dumpmem },
	{ "region list", 1, 1, guest_cmd_region_list },
	{ NULL, 0, 0, NULL },
};

const struct shell_cmd shell_cmd_guest = {
	.name = "guest",
	.desc = "create, run and inspect guests",
	.usage = "guest list\n"
		 "guest create <name>\n"
		 "guest destroy <name>\n"
		 "guest kick|pause|resume|reset|halt <name>\n"
		 "guest dumpmem <name> <gpa> <len>\n"
		 "guest region list <name>",
	.subcmds = guest_subcmds,
};
