#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What the Debian package ships besides the binary, as the build wrote it:
#
#   test-desktop-files.sh LIFTOFF_BINARY INSTALLER_BUILD_DIR SOURCE_DIR
#
# the man page has every command and global option of `liftoff --help`; the bash completion offers
# the subcommands, their subcommands, options, option values and the checklist's item IDs (the
# completion function is called as bash calls it, with COMP_WORDS and COMP_CWORD); the icons have
# their sizes; the .desktop file and the AppStream metainfo validate. Runs with no display.
set -euo pipefail
unset DISPLAY WAYLAND_DISPLAY QT_QPA_PLATFORM
export LC_ALL=C
liftoff=${1:?usage: test-desktop-files.sh LIFTOFF INSTALLER_BUILD_DIR SOURCE_DIR}
build=${2:?}
source_dir=${3:?}
failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

help=$("$liftoff" --help)
# The command names of the Commands: block (first word of each indented line).
mapfile -t commands < <(sed -n '/^Commands:/,/^$/p' <<<"$help" | sed -n 's/^  \([a-z][a-z-]*\).*/\1/p')
[ ${#commands[@]} -ge 10 ] || fail "found only ${#commands[@]} commands in liftoff --help"
mapfile -t items < <(grep -o '"id": *"[^"]*"' "$source_dir/resources/checklist.json" | sed 's/.*"\([^"]*\)"$/\1/')
[ ${#items[@]} -ge 40 ] || fail "found only ${#items[@]} item IDs in checklist.json"

# --- man page
man=$build/liftoff.1
[ -s "$man" ] || fail "$man missing"
[ -s "$man.gz" ] || fail "$man.gz missing"
cmp -s "$man" <(gzip -dc "$man.gz") || fail "$man.gz is not $man compressed"
grep -q '^\.TH LIFTOFF 1 ' "$man" || fail "man page has no .TH LIFTOFF 1"
grep -q "liftoff $("$liftoff" --version | awk '{print $2}')" "$man" || fail "man page does not name the version"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS "GLOBAL OPTIONS" "EXIT STATUS"; do
    grep -qx "\.SH $section" "$man" || fail "man page has no section $section"
done
for command in "${commands[@]}"; do
    grep -q "^\\\\fB${command//-/\\\\-}\\b" "$man" || fail "man page has no entry for command $command"
done
for option in db config deployment version demo; do
    grep -q "^\\\\fB\\\\-\\\\-$option" "$man" || fail "man page has no entry for --$option"
done
# The per-command help is in it too (a line only `liftoff help check` prints).
grep -q 'Runs the probes of the deployment' "$man" || fail "man page lacks the help of check"
if command -v man >/dev/null; then
    rendered=$(MANWIDTH=80 man --warnings -l "$man" 2>&1 >/dev/null) || fail "man -l failed"
    [ -z "$rendered" ] || fail "man --warnings: $rendered"
fi

# --- bash completion
completion=$build/completion/liftoff
[ -s "$completion" ] || fail "$completion missing"
bash -n "$completion" || fail "completion has a syntax error"
# Runs the completion in a fresh bash for the words given (the last one is being completed) and
# prints COMPREPLY sorted, one per line.
complete_words() {
    bash --norc --noprofile -c '
        source "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
        _liftoff liftoff "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf "%s\n" "${COMPREPLY[@]}"' bash "$completion" "$@" | sort -u
}
expect() {
    local want=$1
    shift
    local got
    got=$(complete_words "$@" | tr '\n' ' ' | sed 's/ $//')
    [ "$got" = "$want" ] || fail "complete '$*': got '$got', want '$want'"
}
[ "$(bash --norc --noprofile -c 'source "$1"; complete -p liftoff' bash "$completion")" = "complete -F _liftoff liftoff" ] \
    || fail "the completion does not register _liftoff for liftoff"
expect "$(printf '%s\n' "${commands[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')" liftoff ""
expect "demo-server deploy" liftoff de
expect "list new release" liftoff deploy ""
expect "bless import run" liftoff eval ""
expect "get set" liftoff --config x.yaml flag ""
expect "off on" liftoff flag set ""
expect "api.keys-in-env api.keys-scoped" liftoff mark api.k
expect "api.keys-in-env api.keys-scoped" liftoff --db x.sqlite mark api.k
expect "$(printf '%s\n' "${items[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')" liftoff mark ""
expect "fail na pass waived" liftoff mark infra.https --status ""
expect "infra.health,infra.health infra.health,infra.hosting infra.health,infra.https" liftoff check --only infra.health,infra.h
expect "infra.cors" liftoff check --only=infra.c
expect "json junit" liftoff check --format j
expect "deploy post pre" liftoff check --phase ""
for option in --only --phase --format --strict --approve --config --db --help; do
    complete_words liftoff check -- | grep -qx -- "$option" || fail "complete 'liftoff check --' lacks $option"
done
expect "--strict" liftoff check --s
complete_words liftoff status -- | grep -qx -- --config || fail "global options are not offered after a command"
expect "auto jsonl langfuse litellm otel" liftoff calls stats --input-format ""
expect "$(printf '%s\n' "${commands[@]}" | sort -u | tr '\n' ' ' | sed 's/ $//')" liftoff help ""
expect "" liftoff deploy new --env ""
expect "copy" liftoff store ""
for option in --from --to; do
    complete_words liftoff store copy -- | grep -qx -- "$option" || fail "complete 'liftoff store copy --' lacks $option"
done

# --- icons
for size in 16 22 24 32 48 64 128 256; do
    png=$build/icons/${size}x${size}/apps/io.liftoff.Liftoff.png
    if [ ! -s "$png" ]; then
        fail "$png missing"
        continue
    fi
    # The IHDR chunk: width and height as big-endian 32-bit numbers at bytes 16 and 20.
    dims=$(od -An -tu1 -j16 -N8 "$png" | awk '{print $1*16777216+$2*65536+$3*256+$4 "x" $5*16777216+$6*65536+$7*256+$8}')
    [ "$dims" = "${size}x${size}" ] || fail "$png is $dims"
done

# --- desktop file and AppStream metainfo
desktop-file-validate "$source_dir/installer/linux/io.liftoff.Liftoff.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$source_dir/installer/linux/io.liftoff.Liftoff.metainfo.xml" >/dev/null \
    || fail "appstreamcli validate --no-net"
grep -q "<release version=\"$("$liftoff" --version | awk '{print $2}')\"" \
    "$source_dir/installer/linux/io.liftoff.Liftoff.metainfo.xml" || fail "the metainfo has no release of this version"

if [ $failures -gt 0 ]; then
    echo "$failures failures" >&2
    exit 1
fi
echo "man page, completion (${#commands[@]} commands, ${#items[@]} items), icons, desktop file and metainfo: ok"
