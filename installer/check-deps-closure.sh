#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves that installer/deps-debian.sh installs everything a configured build found, so that a
# fresh Debian machine can build what this one built. A machine that keeps packages installed by
# hand (or pulled in as Recommends) cannot show a missing one otherwise.
#
#   installer/check-deps-closure.sh BUILD_DIR
#
# For every CMake package the configure step found (the *_DIR entries of BUILD_DIR/CMakeCache.txt)
# and every pkg-config module it used, finds the Debian package owning its files (dpkg -S) and
# checks that it lies in the Depends closure of the script's list (apt-cache depends --recurse,
# no Recommends or Suggests: what `apt-get install --no-install-recommends` brings). Exit 1 names
# every missing package; 0 when all are covered.
set -euo pipefail
build=${1:?usage: check-deps-closure.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
cache="$build/CMakeCache.txt"
[ -f "$cache" ] || { echo "check-deps-closure: $cache not found; configure first" >&2; exit 2; }

mapfile -t listed < <("$here/deps-debian.sh" --list)
closure=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks \
              --no-replaces --no-enhances "${listed[@]}" | grep -v '^ ' | grep -v '^<' | sed 's/:.*$//' | sort -u)
[ -n "$closure" ] || { echo "check-deps-closure: apt-cache gave no closure; run apt-get update first" >&2; exit 2; }

# The package owning PATH: dpkg knows files by the path they were installed under (/usr/lib or
# /lib on a merged /usr), so the resolved path is tried too.
owner() {
    local path=$1 pkg
    pkg=$(dpkg -S "$path" 2>/dev/null | head -n1 | cut -d: -f1) || true
    if [ -z "$pkg" ]; then
        pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -n1 | cut -d: -f1) || true
    fi
    printf '%s' "$pkg"
}

declare -A needed=()
# CMake config packages: NAME_DIR holds NAMEConfig.cmake or name-config.cmake.
while IFS= read -r dir; do
    [ -d "$dir" ] || continue
    [[ "$dir" == "$build"* ]] && continue
    file=$(find "$dir" -maxdepth 1 \( -iname '*config.cmake' -o -iname '*-config.cmake' \) | head -n1)
    [ -n "$file" ] || continue
    pkg=$(owner "$file")
    if [ -z "$pkg" ]; then
        echo "check-deps-closure: $file belongs to no Debian package (installed by hand?)" >&2
        needed["<none: $file>"]=1
        continue
    fi
    needed["$pkg"]="$file"
done < <(grep -E '^[A-Za-z0-9_.+-]+_DIR:PATH=/' "$cache" | sed 's/^[^=]*=//')

# pkg-config modules: pkg_check_modules records each module it found as NAME_MODULE_NAME.
while IFS= read -r module; do
    pc=$(pkg-config --variable=pcfiledir "$module" 2>/dev/null)/$module.pc || true
    [ -f "$pc" ] || continue
    pkg=$(owner "$pc")
    [ -n "$pkg" ] && needed["$pkg"]="$pc"
done < <(grep -E '^[A-Za-z0-9_]+_MODULE_NAME:INTERNAL=' "$cache" | sed 's/^[^=]*=//')

missing=()
for pkg in "${!needed[@]}"; do
    if [[ "$pkg" == "<none:"* ]] || ! grep -qx "$pkg" <<<"$closure"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    for pkg in "${missing[@]}"; do
        echo "check-deps-closure: the build uses $pkg (${needed[$pkg]}), which installer/deps-debian.sh does not install; add it to PACKAGES" >&2
    done
    exit 1
fi
echo "check-deps-closure: ${#needed[@]} packages the build found are all installed by installer/deps-debian.sh"
