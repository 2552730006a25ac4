# ngnmm — see README.md. Every target works on a fresh Debian bookworm machine
# with Go at /usr/local/go, as root or with sudo (docker/install.sh installs
# what is missing and skips what is there). Where make itself is missing, the
# README's ./lab and ./test install it and run `make lab` / `make test`.
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(shell /usr/local/go/bin/go env GOPATH 2>/dev/null)/bin:$(PATH)
export GOTOOLCHAIN := local
# Notebooks' quick settings (plotting.Pick) in make test; `make test QUICK=0` runs the paper's settings.
QUICK ?= 1

.PHONY: help lab test test-go test-notebooks test-image fresh-machine install bench strip clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

lab: ## install what is missing, start Jupyter on notebooks/ (127.0.0.1, token), print the URL
	scripts/lab.sh

test: install ## go vet, go test, notebooks, browser check, lints; ends with "N passed, M failed, K skipped"
	NGNMM_QUICK=$(QUICK) scripts/test.sh

test-go: ## only go vet + go test (library and tools modules)
	scripts/test.sh vet go tools

test-notebooks: install ## only execute the notebooks and check their charts in the browser
	NGNMM_QUICK=$(QUICK) scripts/test.sh notebooks browser

test-image: ## build the Dockerfile with buildah and run the image offline (root; podman, runc; ~20 min)
	scripts/test-image.sh

fresh-machine: ## the README's commands in a fresh debootstrapped bookworm root (root; ~15 min)
	scripts/fresh-machine.sh

install: ## install/verify the test toolchain (Debian packages, GoNB kernel, goimports)
	docker/install.sh test

bench: ## benchmarks of the hot paths (one run each, modest on 2 cores)
	go test -run '^$$' -bench . -benchmem -count 1 ./...

strip: ## remove outputs from notebooks/*.ipynb as they are committed (also git's clean filter, set by make lab)
	/usr/bin/python3 scripts/nbstrip.py --in-place notebooks/*.ipynb

clean: ## remove generated figures, local echarts assets and cached notebook results (package cache)
	rm -rf notebooks/figures notebooks/assets "$${NGNMM_CACHE:-$${XDG_CACHE_HOME:-$$HOME/.cache}/ngnmm/results}"
