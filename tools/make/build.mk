# SPDX-License-Identifier: GPL-2.0-only
#
# Compile rules, included by the top Makefile once $(O) is configured.
# Each directory lists its objects in objects.mk:
#   obj-y += foo.o              always built
#   obj-$(CONFIG_BAR) += bar.o  built when CONFIG_BAR=y
#   subdir-y += sub             descend into sub/objects.mk
# The arch adds flags and the final image in arch/$(ARCH)/arch.mk.

ARCH := $(patsubst "%",%,$(CONFIG_ARCH))
ifeq ($(ARCH),)
$(error $(O)/.config selects no architecture; run a defconfig target)
endif

objs :=
define collect-dir
obj-y :=
subdir-y :=
include $(srctree)/$(1)/objects.mk
objs += $$(addprefix $(1)/,$$(obj-y))
subs-$(subst /,_,$(1)) := $$(subdir-y)
$$(foreach s,$$(subs-$(subst /,_,$(1))),$$(eval $$(call collect-dir,$(1)/$$(s))))
endef

top-dirs := arch/$(ARCH) core mm drivers
$(foreach d,$(top-dirs),$(eval $(call collect-dir,$(d))))

# Flags common to every target; arch.mk adds its own and sets CROSS_COMPILE.
OPT := $(if $(CONFIG_DEBUG),-O1,-O2)
CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wmissing-prototypes -Wstrict-prototypes -g $(OPT) \
	-fno-common -fno-strict-aliasing
CPPFLAGS := -include $(AUTOHEADER) -I$(srctree)/include \
	-I$(srctree)/arch/$(ARCH)/include -I$(O)/include \
	-DMV_VERSION=\"$(VERSION)\"
ASFLAGS := -D__ASSEMBLY__
LDFLAGS :=
LIBS :=

OBJS := $(addprefix $(O)/,$(objs))
DEPFILES := $(OBJS:.o=.d)

include $(srctree)/arch/$(ARCH)/arch.mk

CC := $(CROSS_COMPILE)gcc
LD := $(CROSS_COMPILE)ld
AR := $(CROSS_COMPILE)ar
OBJCOPY := $(CROSS_COMPILE)objcopy
ifneq ($(HOSTCC_OVERRIDE),)
CC := $(HOSTCC_OVERRIDE)
endif


$(O)/%.o: $(srctree)/%.c $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $*.o")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(O)/%.o: $(srctree)/%.S $(AUTOCONF)
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  AS      $*.o")
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(ASFLAGS) -MMD -MP -c $< -o $@

-include $(DEPFILES)

.PHONY: all
all: $(IMAGE)
