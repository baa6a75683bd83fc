#!/usr/bin/env bash
# install-deps.sh [--bench] - make sure everything skillcert needs is installed.
#
# Reads deps/debian-packages.txt (the one list of Debian packages), installs
# only the packages that are missing (apt-get, non-interactive, no recommends;
# `apt-get update` only when something is missing), then runs `npm ci` when
# node_modules is absent or older than package-lock.json.
#
# List format (see the header of deps/debian-packages.txt):
#   PACKAGE [cmd:COMMAND] [bench]     '#' starts a comment
# Lines tagged [bench] are installed only with --bench. A cmd:COMMAND tag
# skips the package when COMMAND is already on PATH.
#
# Runs on every `make test`, so the nothing-to-do path is a single dpkg-query
# call plus a couple of file tests, and prints one line.
set -euo pipefail

usage() { echo "usage: $0 [--bench]" >&2; exit 2; }

want_bench=0
for arg in "$@"; do
    case "$arg" in
        --bench) want_bench=1 ;;
        -h|--help) usage ;;
        *) echo "install-deps: unknown argument: $arg" >&2; usage ;;
    esac
done

root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
list="$root_dir/deps/debian-packages.txt"
[[ -r "$list" ]] || { echo "install-deps: cannot read $list" >&2; exit 1; }

# --- 1. Parse the list -------------------------------------------------------
wanted=()        # packages to check, in list order
while IFS= read -r line || [[ -n "$line" ]]; do
    line=${line%%#*}
    read -r -a words <<<"$line"
    (( ${#words[@]} )) || continue
    pkg=${words[0]}
    skip=0
    for tag in "${words[@]:1}"; do
        case "$tag" in
            '[bench]') (( want_bench )) || skip=1 ;;
            cmd:?*)    if command -v "${tag#cmd:}" >/dev/null 2>&1; then skip=1; fi ;;
            *) echo "install-deps: $list: unknown tag '$tag' for $pkg" >&2; exit 1 ;;
        esac
    done
    (( skip )) || wanted+=("$pkg")
done <"$list"

# --- 2. Which of them are missing? (one dpkg-query call for all) ------------
missing=()
if (( ${#wanted[@]} )); then
    declare -A installed=()
    # Unknown packages make dpkg-query print to stderr and exit 1; ignore that.
    while read -r name status; do
        [[ "$status" == "install ok installed" ]] && installed[$name]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true)
    for pkg in "${wanted[@]}"; do
        [[ -n "${installed[$pkg]:-}" ]] || missing+=("$pkg")
    done
fi

if (( ${#missing[@]} )); then
    if (( EUID == 0 )); then
        as_root=()
    elif command -v sudo >/dev/null 2>&1; then
        as_root=(sudo)
    else
        echo "install-deps: missing packages: ${missing[*]}" >&2
        echo "install-deps: need root or sudo to install them; run as root or install them yourself" >&2
        exit 1
    fi
    echo "install-deps: installing ${missing[*]}"
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# --- 3. npm packages (playwright-core; echarts, embedded by the Makefile) ---
npm_note=""
if [[ -f "$root_dir/package.json" ]]; then
    stamp="$root_dir/node_modules/.package-lock.json"
    lock="$root_dir/package-lock.json"
    if [[ ! -e "$stamp" || ( -e "$lock" && "$lock" -nt "$stamp" ) ]]; then
        command -v npm >/dev/null 2>&1 || { echo "install-deps: npm not found" >&2; exit 1; }
        echo "install-deps: npm ci"
        (cd "$root_dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
        npm_note=", node_modules installed"
    else
        npm_note=", node_modules up to date"
    fi
fi

if (( ${#missing[@]} )); then
    echo "install-deps: installed ${#missing[@]} Debian package(s)$npm_note"
else
    echo "install-deps: all ${#wanted[@]} Debian packages present$npm_note"
fi
