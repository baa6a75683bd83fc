#!/usr/bin/env bash
# check-source.sh - rules about the source that the compiler does not check:
#   1. the include rule between layers (ARCHITECTURE.md): a layer includes
#      only the layers below it;
#   2. engine and library headers stay in the one layer that owns them;
#   3. banned calls: sprintf, vsprintf, strcpy, strcat, atoi, atol, atoll, gets.
# Prints one line per violation and a closing "check-source: N passed,
# N failed" line (one check per rule); exits 1 when anything failed.
set -u
cd "$(dirname "$0")/.."

declare -A allowed=(
	[base]="base"
	[core]="base core"
	[store]="base core store"
	[services]="base core services"
	[app]="base core store services app"
	[http]="base http"
	[api]="base core app http api"
	[web]="base core app http web"
	[cli]="base core app http api web cli"
)

fail_include=0 fail_header=0 fail_banned=0

# 1. include rule
for layer in "${!allowed[@]}"; do
	for f in src/"$layer"/*.[ch]; do
		[ -e "$f" ] || continue
		while IFS= read -r inc; do
			dep=${inc%%/*}
			case " ${allowed[$layer]} " in
			*" $dep "*) ;;
			*) echo "include rule: $f includes \"$inc\" ($layer may include: ${allowed[$layer]})"
			   fail_include=1 ;;
			esac
		done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	done
done
while IFS= read -r inc; do
	case "${inc%%/*}" in
	cli|base) ;;
	*) echo "include rule: src/main.c includes \"$inc\" (main may include: cli base)"; fail_include=1 ;;
	esac
done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' src/main.c)

# 2. library headers in their own layer
check_header() { # header, allowed directory
	local hits
	hits=$(grep -rlE "#[[:space:]]*include[[:space:]]*<$1>" src | grep -v "^src/$2/" || true)
	if [ -n "$hits" ]; then
		echo "header rule: <$1> belongs to src/$2/ only, found in: $hits"
		fail_header=1
	fi
}
check_header 'sqlite3\.h' store
check_header 'libpq-fe\.h' store
check_header 'microhttpd\.h' http
check_header 'sodium\.h' services
check_header 'cairo[a-z-]*\.h' services
check_header 'pango/[a-z-]*\.h' services
check_header 'xlsxwriter\.h' services
check_header 'zip\.h' services
check_header 'expat\.h' services
check_header 'csv\.h' services
check_header 'qrencode\.h' services
check_header 'jpeglib\.h' services
check_header 'zlib\.h' services

# 3. banned calls (comments are not exempt: keep the names out of the code)
banned=$(grep -rnE '(^|[^A-Za-z0-9_])(sprintf|vsprintf|strcpy|strcat|atoi|atol|atoll|gets)[[:space:]]*\(' src tools tests/unit tests/store 2>/dev/null || true)
if [ -n "$banned" ]; then
	echo "banned calls (use snprintf, buf_*, str_to_ll):"
	echo "$banned"
	fail_banned=1
fi

failed=$((fail_include + fail_header + fail_banned))
echo "check-source: $((3 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
