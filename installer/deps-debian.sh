#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what building and testing Liftoff needs on Debian 12 (bookworm), from Debian's packages.
# Uses sudo when not run as root. `--list` prints the package names and installs nothing
# (installer/check-deps-closure.sh reads the list that way).
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
PACKAGES=(
    build-essential cmake ninja-build pkg-config git ccache
    dpkg-dev desktop-file-utils appstream xvfb xauth
    qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
    libqt6sql6-sqlite libqt6svg6 qt6-qpa-plugins libgl1-mesa-dev
    libyaml-cpp-dev libsimdjson-dev libgit2-dev qtkeychain-qt6-dev
    python3 openssl
    # keychain: QtKeychain loads libsecret at run time; the keychain tests run GNOME Keyring's Secret
    # Service on a private bus (dbus-run-session) and read entries back with secret-tool.
    libsecret-1-0 gnome-keyring dbus-daemon libsecret-tools
    # team store (issue 13): the QPSQL driver, and a PostgreSQL server that the store tests start
    # in a temporary folder (initdb/pg_ctl in /usr/lib/postgresql/15/bin; no cluster is used).
    libqt6sql6-psql postgresql
)
if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${PACKAGES[@]}"
    exit 0
fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
