#!/usr/bin/env bash
# Build Fluent Bit v5.1.1 (the peer of the end-to-end benchmark) from a git clone or mirror of fluent/fluent-bit.
#   usage: build.sh GIT_DIR     (the git dir of a clone of https://github.com/fluent/fluent-bit with tag v5.1.1)
# Idempotent: extracts the tag to $TMPDIR/fluentbit-src once, configures $TMPDIR/fluentbit-build once,
# then runs make (a no-op when up to date). Prints the binary path as the last line of stdout;
# progress goes to stderr, the full compiler output to $TMPDIR/fluentbit-build/build.log.
# Build: Release (-O2 -g -DNDEBUG + upstream hardening; cmake says IPO unsupported, so no LTO), minimal plugins
# (in: tail tcp http dummy; filter: parser; out: s3 file null stdout), no LuaJIT/WASM/Kafka.
# Some snapshots lack the blob of lib/sqlite-amalgamation-*/sqlite3.c, so that file is left out
# of the extraction and Debian's libsqlite3 is linked (FLB_PREFER_SYSTEM_LIB_SQLITE=On).
set -euo pipefail

MIRROR=${1:?usage: build.sh MIRROR_GIT_DIR (the git dir of a fetched fluent/fluent-bit snapshot)}
TAG=v5.1.1
TMPDIR=${TMPDIR:-/tmp}
SRC=$TMPDIR/fluentbit-src
BUILD=$TMPDIR/fluentbit-build
BIN=$BUILD/bin/fluent-bit

die() { echo "fluentbit/build.sh: FAILED: $*" >&2; exit 1; }
say() { echo "fluentbit/build.sh: $*" >&2; }

# 1. build dependencies (Debian packages)
PKGS="git cmake make gcc g++ flex bison pkg-config libyaml-dev libssl-dev libsqlite3-dev zlib1g-dev"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || die "missing Debian packages ($missing) and not root; install them first"
    say "installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q $missing >&2 || { apt-get update -q >&2 && apt-get install -y -q $missing >&2; } \
        || die "apt-get install$missing"
fi
pkg-config --exists sqlite3 || die "pkg-config cannot find sqlite3 (libsqlite3-dev)"

# 2. source
gitm() { git -c "safe.directory=*" -C "$MIRROR" "$@"; }
if [ ! -f "$SRC/.extracted-$TAG" ]; then
    [ -e "$MIRROR" ] || die "mirror $MIRROR not found (pass the git dir as \$1)"
    gitm rev-parse -q --verify "$TAG^{commit}" >/dev/null || die "tag $TAG not in $MIRROR"
    rm -rf "$SRC" "$SRC.tmp"; mkdir -p "$SRC.tmp"
    say "extracting $TAG from $MIRROR"
    # git archive still prints an 'invalid object' line for the excluded missing blob; keep it quiet.
    gitm archive "$TAG" -- . ':(exclude)lib/sqlite-amalgamation-*/sqlite3.c' 2>"$SRC.tmp/.archive.err" \
        | tar -x -C "$SRC.tmp" || { cat "$SRC.tmp/.archive.err" >&2; die "git archive $TAG | tar"; }
    [ -f "$SRC.tmp/CMakeLists.txt" ] && [ -f "$SRC.tmp/plugins/out_s3/s3.c" ] || die "extracted tree incomplete"
    touch "$SRC.tmp/.extracted-$TAG"; mv "$SRC.tmp" "$SRC"
fi

# 3. configure (once) and build
mkdir -p "$BUILD"
if [ ! -f "$BUILD/Makefile" ]; then
    say "configuring in $BUILD"
    ( cd "$BUILD" && nice -n 10 cmake "$SRC" \
        -DFLB_RELEASE=On -DFLB_DEBUG=Off \
        -DFLB_MINIMAL=On \
        -DFLB_IN_TAIL=On -DFLB_IN_TCP=On -DFLB_IN_HTTP=On -DFLB_IN_DUMMY=On \
        -DFLB_FILTER_PARSER=On \
        -DFLB_OUT_S3=On -DFLB_OUT_FILE=On -DFLB_OUT_NULL=On -DFLB_OUT_STDOUT=On \
        -DFLB_LUAJIT=Off -DFLB_WASM=Off -DFLB_KAFKA=Off -DFLB_ZIG=Off -DFLB_PROXY_GO=Off \
        -DFLB_CUSTOM_CALYPTIA=Off -DFLB_EXAMPLES=Off -DFLB_SHARED_LIB=Off \
        -DFLB_PREFER_SYSTEM_LIB_SQLITE=On ) >"$BUILD/configure.log" 2>&1 \
        || { tail -30 "$BUILD/configure.log" >&2; rm -f "$BUILD/Makefile"; die "cmake configure (see $BUILD/configure.log)"; }
fi
say "building (make -j2, log $BUILD/build.log)"
start=$(date +%s)
( cd "$BUILD" && nice -n 10 make -j2 fluent-bit-bin ) >"$BUILD/build.log" 2>&1 \
    || { grep -m5 -E "error|Error" "$BUILD/build.log" >&2 || true; tail -20 "$BUILD/build.log" >&2; die "make (see $BUILD/build.log)"; }
[ -x "$BIN" ] || die "build finished but $BIN is missing"
"$BIN" --version >/dev/null 2>&1 || die "$BIN --version does not run"
say "ok in $(( $(date +%s) - start ))s: $("$BIN" --version 2>/dev/null | head -1)"
echo "$BIN"
