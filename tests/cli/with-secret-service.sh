#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command against a real Secret Service of its own: a private D-Bus session bus
# (dbus-run-session) with GNOME Keyring's secrets component, its login keyring created and unlocked
# with a throwaway password, in a temporary HOME. The user's own keyring and bus are never touched.
#
#   with-secret-service.sh COMMAND [ARG...]
#
# HOME and the XDG folders are set before the bus starts, so a daemon that D-Bus activates on its
# own uses the temporary folder too. The bus and the daemon end with COMMAND.
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/liftoff-keyring.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
export LIFTOFF_TEST_SECRET_SERVICE=gnome-keyring
status=0
# --unlock reads the login keyring's password from stdin; on an empty HOME it creates that keyring,
# unlocked, so nothing ever prompts. The daemon forks and the pipe's end lets the command start.
dbus-run-session -- sh -c '
    printf %s liftoff-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' with-secret-service "$@" || status=$?
exit "$status"
