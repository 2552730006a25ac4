# syntax=docker/dockerfile:1
# ngnmm lab image: Go + GoNB + Jupyter Notebook (Debian packages), the same
# stack and the same install script (docker/install.sh) as `make lab` and CI.
#
#   docker build -t ngnmm .
#   mkdir -p work && docker run --rm -p 127.0.0.1:8888:8888 -v "$PWD/work:/home/ngnmm/work" ngnmm
#
# Everything is pinned: the Go image (tag = go.mod's Go version; add its digest
# with --build-arg GO_DIGEST=sha256:…), the Debian packages (NGNMM_APT_PIN=1,
# versions in docker/install.sh), GoNB (go.mod's tool directive, checked
# against GONB_VERSION), goimports (install.sh), echarts (npm tarball and
# echarts.min.js SHA-256). Notebooks are executed during the build with
# GOPROXY=off, so a broken notebook fails the build and the Go build cache is
# warm for the first run. See README.md, "Docker".

ARG GO_VERSION=1.26.8
# Digest of golang:${GO_VERSION}-bookworm for bit-for-bit rebuilds, e.g.
# docker buildx imagetools inspect golang:1.26.8-bookworm --format '{{json .Manifest.Digest}}'
ARG GO_DIGEST=
ARG ECHARTS_VERSION=5.4.3

# --- echarts.min.js from the npm registry, checksummed -----------------------
FROM golang:${GO_VERSION}-bookworm${GO_DIGEST:+@}${GO_DIGEST} AS echarts
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ARG ECHARTS_VERSION
ARG ECHARTS_TGZ_SHA256=89f6b509a83b3694645a8ec0dc8808999bb96610eac9e718fbda4726bb694eaf
ARG ECHARTS_JS_SHA256=1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19
WORKDIR /x
RUN curl -fsSL -o echarts.tgz "https://registry.npmjs.org/echarts/-/echarts-${ECHARTS_VERSION}.tgz" \
 && echo "${ECHARTS_TGZ_SHA256}  echarts.tgz" | sha256sum -c - \
 && tar -xzf echarts.tgz package/dist/echarts.min.js package/LICENSE package/NOTICE \
 && echo "${ECHARTS_JS_SHA256}  package/dist/echarts.min.js" | sha256sum -c -

# --- the lab ------------------------------------------------------------------
FROM golang:${GO_VERSION}-bookworm${GO_DIGEST:+@}${GO_DIGEST} AS lab
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
ENV DEBIAN_FRONTEND=noninteractive GOTOOLCHAIN=local PYDEVD_DISABLE_FILE_VALIDATION=1

# Debian packages (root): Jupyter Notebook, nbconvert, ipykernel, tini — pinned versions.
COPY docker/install.sh /usr/local/share/ngnmm/docker/install.sh
RUN NGNMM_APT_PIN=1 /usr/local/share/ngnmm/docker/install.sh image apt \
 && apt-get clean && rm -rf /var/lib/apt/lists/*

# A non-root user owns everything below.
# (NB_UID: match your host user so that files in the mounted work folder are yours.)
ARG NB_UID=1000
RUN useradd --create-home --shell /bin/bash --uid "${NB_UID}" ngnmm \
 && mkdir -p /home/ngnmm/work /home/ngnmm/data \
 && chown -R "${NB_UID}:${NB_UID}" /home/ngnmm
USER ${NB_UID}
ENV HOME=/home/ngnmm GOPATH=/home/ngnmm/go NGNMM_DATA=/home/ngnmm/data \
    PATH=/home/ngnmm/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
WORKDIR /home/ngnmm/ngnmm

# Go modules, the GoNB kernel (built from go.mod) and goimports: same script as make lab / CI.
ARG GONB_VERSION=v0.11.4
COPY --chown=${NB_UID}:${NB_UID} go.mod go.sum ./
COPY --chown=${NB_UID}:${NB_UID} docker/install.sh docker/install.sh
RUN go mod download \
 && GONB_VERSION="${GONB_VERSION}" docker/install.sh image go kernel

# The repository, and echarts for offline charts (served by Jupyter under /files/).
COPY --chown=${NB_UID}:${NB_UID} . .
COPY --from=echarts --chown=${NB_UID}:${NB_UID} /x/package/dist/echarts.min.js /x/package/LICENSE /x/package/NOTICE notebooks/assets/
ENV NGNMM_ECHARTS_ASSETS=/files/ngnmm/notebooks/assets/

# Connectomes into the data cache (SHA-256 verified by package data), then
# every notebook executed offline (GOPROXY=off): a broken notebook fails the build.
# Files already in the build context under docker/data/ (laid out like $NGNMM_DATA,
# git-ignored) seed the cache, for builds that cannot reach the download hosts
# (scripts/test-image.sh); `ngnmm data fetch` verifies them and downloads only what is missing.
ARG NGNMM_DATASETS="aal90 tvb66 tvb76 enigma-dk68"
ARG NGNMM_QUICK=1
RUN go build ./... \
 && go install ./cmd/ngnmm \
 && if [ -d docker/data ]; then chmod -R u+w docker/data && cp -R docker/data/. "${NGNMM_DATA}/" && rm -rf docker/data; fi \
 && for d in ${NGNMM_DATASETS}; do ngnmm data fetch "$d"; done \
 && GOPROXY=off NGNMM_QUICK="${NGNMM_QUICK}" scripts/run-notebooks.sh notebooks \
 && rm -rf notebooks/figures

# Your own notebooks: mount a folder here (docker run -v "$PWD/work:/home/ngnmm/work").
VOLUME ["/home/ngnmm/work"]
EXPOSE 8888
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["/home/ngnmm/ngnmm/docker/start.sh"]
