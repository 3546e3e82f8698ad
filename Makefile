# SPDX-License-Identifier: GPL-3.0-or-later
# Thin wrapper over meson; the scripts in build-aux/ do the work.
#   make run     install what is missing, build, open the app on a demo database
#   make check   install what is missing, build, run every test (+ ASan/UBSan unit run)
#   make bench   build, run the benchmarks
BUILDDIR ?= build
ASANDIR ?= build-asan
MESON ?= meson

DEMO_DB := $(BUILDDIR)/demo.db

.PHONY: all deps build run check check-format bench format po-update clean

all: build

deps:
	@sh build-aux/install-deps.sh

build:
	@MESON=$(MESON) sh build-aux/setup.sh $(BUILDDIR)
	$(MESON) compile -C $(BUILDDIR)

run: deps build
	@test -f $(DEMO_DB) || $(BUILDDIR)/src/cli/mailroom-cli demo --db $(DEMO_DB) \
		--contacts 2000 --lockers 120 --packages 500 \
		|| { rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm; exit 1; }
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data $(BUILDDIR)/src/gui/mailroom --db $(DEMO_DB)

check: deps
	@sh build-aux/check.sh $(BUILDDIR) $(ASANDIR)

check-format:
	@sh tests/check-format.sh .

bench: build
	@if [ -f tests/bench/run-all.sh ]; then \
		BUILDDIR=$(BUILDDIR) bash tests/bench/run-all.sh $(BUILDDIR); \
	else \
		echo "no benchmarks yet (tests/bench/run-all.sh)"; \
	fi

format:
	@sh tests/check-format.sh --fix .

po-update:
	sh build-aux/gen-pot.sh . po/mailroom.pot
	@for lang in $$(sed -e 's/#.*//' po/LINGUAS); do \
		echo "msgmerge po/$$lang.po"; \
		msgmerge --quiet --update --backup=none po/$$lang.po po/mailroom.pot || exit 1; \
		msgfmt --statistics -o /dev/null po/$$lang.po; \
	done

clean:
	rm -rf $(BUILDDIR) $(ASANDIR)
