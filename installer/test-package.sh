#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package from a built tree, installs it with apt and runs the INSTALLED binary
# the way a Debian user would (issue 12). .ci/run calls it after the tests:
#
#   installer/test-package.sh BUILD_DIR
#
# 1. `cpack -G DEB` in BUILD_DIR (dependencies from dpkg-shlibdeps), the package's files listed;
# 2. `apt-get install ./liftoff_*.deb` (sudo when not root);
# 3. /usr/bin/liftoff --version; the installed .desktop file and metainfo validate; the man page,
#    icons and bash completion are where Debian looks for them, and the completion completes;
# 4. /usr/bin/liftoff --demo under xvfb-run (a real X server, the xcb platform): LIFTOFF_BENCH_STARTUP
#    makes it quit once the checklist is painted, so it ends by itself with exit 0;
# 5. `liftoff check` with no display variables against `liftoff demo-server`, on a project made by
#    `liftoff init`: infra.health passes, the verdict is No-Go (the manual must items are pending),
#    exit 1.
set -euo pipefail
build=$(cd "${1:?usage: test-package.sh BUILD_DIR}" && pwd)
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
fail() {
    echo "test-package: $*" >&2
    exit 1
}
work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# 1. the package
rm -f "$build"/liftoff_*.deb
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
debs=("$build"/liftoff_*.deb)
[ -f "${debs[0]}" ] || fail "cpack wrote no liftoff_*.deb"
deb=${debs[0]}
echo "test-package: $(basename "$deb"), $(du -k "$deb" | cut -f1) KiB"
dpkg-deb -f "$deb" Depends | grep -q 'libqt6core6' || fail "Depends has no libqt6core6: shlibdeps did not run"
# Team mode opens postgresql:// stores through the QPSQL plugin, which no shared library pulls in.
dpkg-deb -f "$deb" Depends | grep -q 'libqt6sql6-psql' || fail "Depends has no libqt6sql6-psql: postgresql:// stores would not open"
for path in ./usr/bin/liftoff ./usr/share/applications/io.liftoff.Liftoff.desktop \
            ./usr/share/metainfo/io.liftoff.Liftoff.metainfo.xml ./usr/share/man/man1/liftoff.1.gz \
            ./usr/share/bash-completion/completions/liftoff ./usr/share/icons/hicolor/scalable/apps/io.liftoff.Liftoff.svg \
            ./usr/share/icons/hicolor/{16x16,22x22,24x24,32x32,48x48,64x64,128x128,256x256}/apps/io.liftoff.Liftoff.png; do
    dpkg-deb -c "$deb" | awk '{print $6}' | grep -qx "$path" || fail "the package lacks $path"
done

# 2. install it as a user would
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$deb" >"$work/apt.log" 2>&1 \
    || { cat "$work/apt.log" >&2; fail "apt-get install failed"; }
[ "$(dpkg-query -W -f '${Status}' liftoff)" = "install ok installed" ] || fail "dpkg does not list liftoff as installed"

# 3. the installed files
want="liftoff $(dpkg-deb -f "$deb" Version)"
got=$(env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM /usr/bin/liftoff --version)
[ "$got" = "$want" ] || fail "/usr/bin/liftoff --version says '$got', want '$want'"
desktop-file-validate /usr/share/applications/io.liftoff.Liftoff.desktop || fail "desktop-file-validate"
appstreamcli validate --no-net /usr/share/metainfo/io.liftoff.Liftoff.metainfo.xml || fail "appstreamcli validate"
gzip -dc /usr/share/man/man1/liftoff.1.gz | grep -q '^\.TH LIFTOFF 1' || fail "the installed man page is not troff"
reply=$(bash --norc --noprofile -c '
    source /usr/share/bash-completion/completions/liftoff
    COMP_WORDS=(liftoff mark infra.he); COMP_CWORD=2; _liftoff; echo "${COMPREPLY[*]}"')
[ "$reply" = "infra.health" ] || fail "the installed completion gives '$reply' for 'liftoff mark infra.he'"

# 4. the GUI on the demo, under a real (virtual) X server
export HOME="$work/home"
mkdir -p "$HOME"
status=0
QT_QPA_PLATFORM=xcb LIFTOFF_BENCH_STARTUP=1 timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" \
    /usr/bin/liftoff --demo >"$work/demo.out" 2>"$work/demo.err" || status=$?
[ $status -eq 0 ] || { cat "$work/demo.err" >&2; fail "liftoff --demo under xvfb exited $status"; }
grep -q 'checklist-painted-ms=' "$work/demo.err" || { cat "$work/demo.err" >&2; fail "liftoff --demo never painted the checklist"; }
echo "test-package: liftoff --demo under xvfb: $(grep -o 'first-paint-ms=.*' "$work/demo.err")"

# 5. headless check against the demo service
headless() { env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM LIFTOFF_DB="$work/liftoff.sqlite" /usr/bin/liftoff "$@"; }
# Not through headless(): the background pid must be liftoff itself, so cleanup() stops it.
env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM LIFTOFF_DB="$work/liftoff.sqlite" /usr/bin/liftoff demo-server \
    >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=""
for _ in $(seq 100); do
    url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/server.out" || true)
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.err" >&2; fail "liftoff demo-server printed no URL"; }
mkdir "$work/project"
(cd "$work/project" && headless init . >/dev/null) || fail "liftoff init failed"
sed -i "s#https://api.example.com#$url#" "$work/project/liftoff.yaml"
grep -q "$url" "$work/project/liftoff.yaml" || fail "liftoff init's project has no https://api.example.com to point at the demo"
headless --config "$work/project/liftoff.yaml" deploy new --env production --version 1.0.0 >/dev/null \
    || fail "liftoff deploy new failed"
status=0
headless --config "$work/project/liftoff.yaml" check >"$work/check.out" 2>"$work/check.err" || status=$?
[ $status -eq 1 ] || { cat "$work/check.out" "$work/check.err" >&2; fail "liftoff check exited $status, want 1 (No-Go)"; }
grep -qE '^pass +infra\.health ' "$work/check.out" || { cat "$work/check.out" >&2; fail "infra.health did not pass against the demo service"; }
grep -qx 'Verdict: No-Go' "$work/check.out" || fail "liftoff check printed no 'Verdict: No-Go'"
echo "test-package: installed liftoff: --version, --demo under xvfb and a headless check (exit 1, No-Go) ok"
