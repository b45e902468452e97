# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.dlxh-installed

.PHONY: demo test lint docs clean install templates bench

install: $(STAMP)

# The Lai Châu example plugin is not installed: an installed plugin takes part in every
# synthesis and render of this environment, and an example must not change what a user's own
# data produces. Its tests import it from plugins/dlxh-laichau/src (pytest's pythonpath); an
# environment made by an older Makefile has it uninstalled here.
$(STAMP): pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	-$(PY) -m pip uninstall --quiet --yes dlxh-laichau 2>/dev/null
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/dlxh demo examples/data --documents examples/documents --out out
	$(VENV)/bin/dlxh aggregate examples/network --period 2026-10 --level commune --as-of 2026-10-31 \
		--number 31 --signer "Nguyễn Văn Hùng" -o out/bao-cao-tong-hop-2026-10.docx > /dev/null
	@echo "  out/bao-cao-tong-hop-2026-10.docx (synthesis of examples/network)"
	$(VENV)/bin/dlxh survey report examples/survey --out out --plan-number 12 --number 27

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests examples plugins tools bench
	$(VENV)/bin/ruff format --check src tests examples plugins tools bench
	$(VENV)/bin/mypy --strict src

test: lint
	$(VENV)/bin/pytest -q
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet --site-dir $(VENV)/site

docs: $(STAMP)
	$(VENV)/bin/mkdocs serve

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache site

templates: $(STAMP)
	$(VENV)/bin/dlxh templates build --all

# Writes bench/RESULTS.md (and prints it); every number in it comes from this one run.
bench: $(STAMP)
	{ echo "# Benchmark results"; echo; echo "Produced by \`make bench\` on $$(date -u +%F)," \
	  "$$(nproc) cores, $$(uname -m). Each section is printed by the script named."; echo; \
	  echo "## bench/render_bench.py"; echo; $(PY) bench/render_bench.py | sed 's/^#/###/'; echo; \
	  echo "## bench/batch_bench.py"; echo; $(PY) bench/batch_bench.py | sed 's/^#/###/'; echo; \
	  echo "## bench/pdf_bench.py"; echo; $(PY) bench/pdf_bench.py | sed 's/^#/###/'; echo; \
	  echo "## bench/survey_bench.py"; echo; echo '```text'; $(PY) bench/survey_bench.py; echo '```'; \
	  echo; echo "## bench/check_realdocs.py"; echo; $(PY) bench/check_realdocs.py | sed 's/^#/###/'; \
	  echo; echo "## bench/analysis_bench.py"; echo; $(PY) bench/analysis_bench.py; \
	} > bench/RESULTS.md.tmp && mv bench/RESULTS.md.tmp bench/RESULTS.md && cat bench/RESULTS.md
