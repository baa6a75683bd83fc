#!/usr/bin/env bash
# check-source.sh [ROOT] - rules about the source that the compiler does not
# check, over every file under src/ (sub-folders included):
#   1. the include rule between layers (ARCHITECTURE.md): a layer includes
#      only the layers below it, whether by "layer/x.h" or <layer/x.h>, and
#      of another layer only its public header (app/app.h, store/store.h,
#      http/http.h, api/api.h, web/web.h, cli/cli.h; every header of base/,
#      core/ and services/); private headers (app/internal.h, store/db.h,
#      api/common.h, web/layout.h, http/metrics.h ...) stay in their layer;
#   2. engine and library headers stay in the one layer that owns them;
#   3. banned calls: sprintf, vsprintf, strcpy, strcat, atoi, atol, atoll, gets;
#   4. symbol use, whatever the includes bring in: a layer's functions,
#      types and constants (store_, db_, app_, http_, api_, page_, cli_,
#      cmd_, the services' prefixes, sqlite3_, PQ, MHD_, libsodium) are used
#      only where the layer may be included, and the functions a private
#      header declares only inside its layer;
#   5. catalog keys: every key given to the catalog (T(), tr(), app_fail(),
#      error_page(), api_error_msg()) and every literal shaped like one of
#      its keys (a catalog prefix, dotted: "err.x", "val.x", "plan.x" ...)
#      exists in src/core/i18n.c with both Chinese and English text; audit
#      action names (app_audit's action, tables named *actions) and
#      permission names (#define PERM_*) share the shape and are exempt,
#      but every action written as a literal (in app_audit's action
#      argument or a table named *actions[] of src/app/ or src/core/) must
#      have its label "audit.action.<action>" in the catalog;
#   6. html_printf formats use only the conversions it implements
#      (%s %d %ld %lld %zu %%).
# Prints one line per violation and a closing "check-source: N passed,
# N failed" line (one check per rule); exits 1 when anything failed.
#
# Without ROOT it checks this repository and then tests itself: on a copy
# of src/ with one violation of each kind injected at a time it must fail,
# and on the untouched copy pass.
set -u
SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
if [ $# -ge 1 ]; then
	cd "$1" || exit 2
	selftest=0
else
	cd "$(dirname "$0")/.." || exit 2
	selftest=1
fi

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
	[main]="base cli"
)
# the one header another layer may include (none listed: all of them)
declare -A public=(
	[store]="store/store.h"
	[app]="app/app.h"
	[http]="http/http.h"
	[api]="api/api.h"
	[web]="web/web.h"
	[cli]="cli/cli.h"
)

mapfile -t files < <(find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort)

fail_include=0 fail_header=0 fail_banned=0 fail_symbol=0 fail_catalog=0 fail_html=0

# 1. include rule (quote and angle includes of project paths)
for f in "${files[@]}"; do
	rest=${f#src/}
	case "$rest" in */*) layer=${rest%%/*} ;; *) layer=${rest%.c} ;; esac
	[ -n "${allowed[$layer]:-}" ] || { echo "include rule: $f is in no known layer ($layer)"; fail_include=1; }
done
while read -r f inc; do
	rest=${f#src/}
	case "$rest" in */*) layer=${rest%%/*} ;; *) layer=${rest%.c} ;; esac
	[ -n "${allowed[$layer]:-}" ] || continue
	dep=${inc%%/*}
	[ "$dep" != "$inc" ] || continue # "x.h": the same folder
	[ -n "${allowed[$dep]:-}" ] || continue # a library's <dir/x.h>
	case " ${allowed[$layer]} " in
	*" $dep "*) ;;
	*) echo "include rule: $f includes \"$inc\" ($layer may include: ${allowed[$layer]})"
	   fail_include=1; continue ;;
	esac
	if [ "$dep" != "$layer" ] && [ -n "${public[$dep]:-}" ] && [ "$inc" != "${public[$dep]}" ]; then
		echo "include rule: $f includes \"$inc\", private to $dep/ (its interface is ${public[$dep]})"
		fail_include=1
	fi
done < <(awk '/^[ \t]*#[ \t]*include[ \t]*["<]/ {
	s = $0; sub(/^[ \t]*#[ \t]*include[ \t]*["<]/, "", s); sub(/[">].*/, "", s)
	print FILENAME, s }' "${files[@]}")

# 2. library headers in their own layer
check_header() { # header, allowed directory
	local hits
	hits=$(grep -lE "#[[:space:]]*include[[:space:]]*[<\"]$1[>\"]" "${files[@]}" | grep -v "^src/$2/" || true)
	if [ -n "$hits" ]; then
		echo "header rule: <$1> belongs to src/$2/ only, found in:" $hits
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
check_header 'curl/curl\.h' services
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

# 4. symbol use; 5. catalog keys; 6. html_printf formats (perl: comments
# and string literals need a tokenizer)
rules_env=""
for l in "${!allowed[@]}"; do rules_env+="$l=${allowed[$l]};"; done
privates=""
for f in "${files[@]}"; do
	case "$f" in *.h) ;; *) continue ;; esac
	h=${f#src/}
	l=${h%%/*}
	if [ -n "${public[$l]:-}" ] && [ "$h" != "${public[$l]}" ]; then privates+="$f "; fi
done
perl_out=$(ALLOWED="$rules_env" PRIVATES="$privates" perl -e '
use strict; use warnings;
my %allowed = map { my ($k, $v) = split /=/, $_, 2; ($k => { map { $_ => 1 } split / /, $v }) }
	grep { length } split /;/, $ENV{ALLOWED};
sub slurp { local $/; open my $fh, "<", $_[0] or die "$_[0]: $!"; my $s = <$fh>; close $fh; $s }
sub layer_of { my $f = shift; $f =~ m{^src/([^/]+)/} ? $1 : ($f =~ m{^src/([^/]+)\.c$} ? $1 : "?") }
# comments out (newlines kept, for line numbers); strings kept or emptied
sub strip {
	my ($s, $keep_strings) = @_;
	$s =~ s{(/\*.*?\*/|//[^\n]*|"(?:[^"\\\n]|\\.)*"|\x27(?:[^\x27\\\n]|\\.)*\x27)}{
		my $t = $1;
		$t =~ m{^/} ? ($t =~ tr/\n//) ? "\n" x ($t =~ tr/\n//) : " "
		: $t =~ /^"/ ? ($keep_strings ? $t : "\"\"") : "\x27\x27"
	}gse;
	return $s;
}
sub line_at { my ($s, $pos) = @_; return 1 + (substr($s, 0, $pos) =~ tr/\n//) }

my @files = @ARGV;
my ($bad_sym, $bad_cat, $bad_html) = (0, 0, 0);

# 4. symbols: owner layer => pattern
my $svc = join "|", map { m{([a-z]+)\.h$} ? $1 : () } glob "src/services/*.h";
my %owner = (
	store    => qr/\b(?:store_\w+\s*\(|struct\s+store(?:_conn)?\b|enum\s+store_err\b|STORE_(?:OK|NOT_FOUND|CONFLICT|ERROR)\b)/,
	app      => qr/\b(?:app_\w+\s*\(|struct\s+app(?:_ctx|_error)?\b|enum\s+app_status\b|APP_(?:OK|INVALID|NOT_FOUND|CONFLICT|UNAUTHENTICATED|FORBIDDEN|RATE_LIMITED|UNAVAILABLE|INTERNAL)\b)/,
	http     => qr/\b(?:http_\w+\s*\(|struct\s+http_\w+)/,
	api      => qr/\bapi_\w+\s*\(/,
	web      => qr/\bpage_\w+\s*\(/,
	cli      => qr/\b(?:cli_\w+|cmd_\w+)\s*\(/,
	services => qr/\b(?:$svc)_\w+\s*\(/,
);
# the engines and libraries a layer wraps: used in that layer only
my %engine = (
	store    => qr/\b(?:db_\w+\s*\(|struct\s+db_\w+|sqlite3_\w+|PQ\w+\s*\()/,
	http     => qr/\bMHD_\w+/,
	services => qr/\b(?:crypto_\w+|sodium_\w+|randombytes_\w+|cairo_\w+|pango_\w+|lxw_\w+|workbook_\w+|worksheet_\w+|zip_\w+|XML_\w+|QRcode_\w+|jpeg_\w+|curl_\w+)\s*\(/,
);
# functions declared by private headers
my %private;
for my $h (split / /, $ENV{PRIVATES}) {
	next unless length $h;
	my $t = strip(slurp($h), 0);
	my $l = layer_of($h);
	while ($t =~ /^(?![#\s])[^;{}()]*?\b([a-z_][a-z0-9_]*)\s*\(/mg) { $private{$1} = [$l, $h] }
}
for my $f (@files) {
	my $l = layer_of($f);
	my $t = strip(slurp($f), 0);
	# static functions of the file itself may carry any name
	my %own = map { $_ => 1 } $t =~ /^static\b[^;{=]*?\b([a-z_][a-z0-9_]*)\s*\(/mg;
	for my $o (sort keys %owner) {
		next if $allowed{$l}{$o};
		while ($t =~ /(?<![.>\w])($owner{$o})/g) {
			my $sym = $1;
			next if $sym =~ /^(\w+)\s*\($/ && $own{$1};
			printf "symbol rule: %s:%d uses %s of %s/ (%s may use: %s)\n", $f, line_at($t, $-[1]), $sym, $o, $l,
				join(" ", sort keys %{$allowed{$l}});
			$bad_sym = 1;
		}
	}
	for my $o (keys %engine) {
		next if $l eq $o;
		while ($t =~ /(?<![.>\w])($engine{$o})/g) {
			printf "symbol rule: %s:%d uses %s, which only %s/ may use\n", $f, line_at($t, $-[1]), $1, $o;
			$bad_sym = 1;
		}
	}
	while ($t =~ /(?<![.>\w])([a-z_][a-z0-9_]*)\s*\(/g) {
		my $p = $private{$1} or next;
		next if $p->[0] eq $l;
		printf "symbol rule: %s:%d calls %s, private to %s/ (%s)\n", $f, line_at($t, $-[1]), $1, $p->[0], $p->[1];
		$bad_sym = 1;
	}
}

# 5. catalog keys
my $cat = slurp("src/core/i18n.c");
my %keys;
my ($table) = $cat =~ /catalog\[\]\s*=\s*\{(.*?)\n\};/s or die "no catalog table in src/core/i18n.c\n";
while ($table =~ /^\s*\{"([^"]*)",\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"\}/mg) { $keys{$1} = [$2, $3] }
my %prefix = map { (split /\./)[0] => 1 } keys %keys;
for my $f (@files) {
	my $t = strip(slurp($f), 1);
	$t =~ s/catalog\[\]\s*=\s*\{.*?\n\};/"\n" x (() = $&=~ m{\n}g)/se if $f eq "src/core/i18n.c";
	# audit actions written as literals have their labels (those given to
	# app_audit and to the helpers that call it with the same first
	# arguments)
	my @acts;
	while ($t =~ /\b(?:app_audit|app_appeal_end|app_appeal_resolved)\(\s*[^,]+,\s*[^,]+,\s*([^,]*),/g) {
		my ($arg, $pos) = ($1, $-[1]);
		push @acts, map { [$_, $pos] } $arg =~ /"([^"%]+)"/g;
	}
	if ($f =~ m{^src/(?:app|core)/}) {
		while ($t =~ /\w*actions\[\]\s*=\s*\{([^\}]*)\}/g) {
			my ($b, $pos) = ($1, $-[1]);
			push @acts, map { [$_, $pos] } $b =~ /"([^"]+)"/g;
		}
	}
	for my $a (@acts) {
		next if $keys{"audit.action.$a->[0]"};
		printf "catalog rule: %s:%d audit action \"%s\" has no label audit.action.%s (src/core/i18n.c)\n", $f, line_at($t, $a->[1]), $a->[0], $a->[0];
		$bad_cat = 1;
	}
	# exempt: permission names, audit action names
	$t =~ s/(#\s*define\s+PERM_\w+\s+)"[^"]*"/$1""/g;
	$t =~ s/(\b(?:app_audit|app_appeal_end|app_appeal_resolved)\(\s*[^,]+,\s*[^,]+,\s*)"[^"]*"/$1""/g;
	$t =~ s!(\w*actions\[\]\s*=\s*\{)([^\}]*)\}! my ($a, $b) = ($1, $2); $b =~ s/"[^"]*"/""/g; "$a$b}" !ge;
	my %seen;
	my @found;
	while ($t =~ /\b(?:T|tr)\(\s*[^,()"]+,\s*"([^"]*)"/g) { push @found, [$1, $-[1]] }
	while ($t =~ /\bapp_fail\(\s*[\w&>.-]+,\s*\w+,\s*(?:"[^"]*"|[\w>.-]+),\s*"([^"]*)"/g) { push @found, [$1, $-[1]] }
	while ($t =~ /\berror_page\(\s*[^,]+,\s*[^,]+,\s*"([^"]*)"/g) { push @found, [$1, $-[1]] }
	while ($t =~ /\bapi_error_msg\(\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*[^,]+,\s*"([^"]*)"/g) { push @found, [$1, $-[1]] }
	while ($t =~ /"([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)"/g) { push @found, [$1, $-[1]] if $prefix{(split /\./, $1)[0]} }
	for my $k (@found) {
		my ($key, $pos) = @$k;
		next if $seen{$key}++;
		my $e = $keys{$key};
		if (!$e) {
			printf "catalog rule: %s:%d \"%s\" is not in the catalog (src/core/i18n.c)\n", $f, line_at($t, $pos), $key;
			$bad_cat = 1;
		} elsif ($e->[0] eq "" || $e->[1] eq "") {
			printf "catalog rule: \"%s\" lacks its %s text\n", $key, $e->[0] eq "" ? "Chinese" : "English";
			$bad_cat = 1;
		}
	}
	# 6. html_printf formats
	my $c = strip(slurp($f), 1);
	while ($c =~ /\bhtml_printf\(([^;]*?)\);/gs) {
		my ($args, $pos) = ($1, $-[1]);
		my $fmt = join "", $args =~ /"((?:[^"\\]|\\.)*)"/g;
		while ($fmt =~ /%([-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?.)/g) {
			next if $1 =~ /^(?:s|d|ld|lld|zu|%)$/;
			printf "html rule: %s:%d html_printf has no %%%s (it knows %%s %%d %%ld %%lld %%zu %%%%)\n", $f, line_at($c, $pos), $1;
			$bad_html = 1;
		}
	}
}
print "RESULT $bad_sym $bad_cat $bad_html\n";
' "${files[@]}")
perl_rc=$?
printf '%s\n' "$perl_out" | grep -v '^RESULT ' || true
read -r _ fail_symbol fail_catalog fail_html < <(printf '%s\n' "$perl_out" | grep '^RESULT ' || echo "RESULT 1 1 1")
if [ "$perl_rc" -ne 0 ]; then
	echo "check-source: the perl part failed ($perl_rc)"
	fail_symbol=1 fail_catalog=1 fail_html=1
fi

failed=$((fail_include + fail_header + fail_banned + fail_symbol + fail_catalog + fail_html))
echo "check-source: $((6 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ] || exit 1
[ "$selftest" -eq 1 ] || exit 0

# ---- self-test: each kind of violation, injected into a copy, is caught ----
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-source.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp -r src "$tmp/src"
selfbad=0
# case NAME EXPECTED-RULE FILE TEXT: appends TEXT to FILE (created if new),
# runs the check on the copy, expects failure naming the rule, restores
inject() {
	local name=$1 rule=$2 file=$3 text=$4 out rc
	local had=0
	if [ -e "$tmp/$file" ]; then had=1; cp "$tmp/$file" "$tmp/.orig"; else mkdir -p "$(dirname "$tmp/$file")"; fi
	printf '%s\n' "$text" >>"$tmp/$file"
	out=$(bash "$SELF" "$tmp" 2>&1)
	rc=$?
	if [ "$rc" -eq 0 ] || ! grep -q "^$rule" <<<"$out"; then
		echo "self-test: \"$name\" was not caught (exit $rc; wanted \"$rule\")"
		printf '%s\n' "$out" | tail -5
		selfbad=1
	fi
	if [ "$had" -eq 1 ]; then mv "$tmp/.orig" "$tmp/$file"; else rm -f "$tmp/$file"; fi
	find "$tmp/src" -type d -empty -delete
}
out=$(bash "$SELF" "$tmp" 2>&1) || { echo "self-test: the untouched copy fails:"; echo "$out"; selfbad=1; }
inject 'angle include of store/ in web/' 'include rule' src/web/home.c '#include <store/store.h>'
inject 'quote include in a sub-folder' 'include rule' src/web/extra/x.c '#include "store/store.h"'
inject 'private header of app/' 'include rule' src/web/home.c '#include "app/internal.h"'
inject 'private header of store/' 'include rule' src/app/plan.c '#include "store/db.h"'
inject 'main.c includes store/' 'include rule' src/main.c '#include "store/store.h"'
inject 'library header in a sub-folder' 'header rule' src/app/extra/y.c '#include <sqlite3.h>'
inject 'banned call in a sub-folder' 'banned calls' src/core/extra/z.c 'static void z(char *a) { strcpy(a, "x"); }'
inject 'store_ call in web/' 'symbol rule' src/web/home.c 'static void leak(void) { store_release(store_acquire(0)); }'
inject 'store type in api/' 'symbol rule' src/api/extra/w.c 'struct store_conn *w;'
inject 'db_ call in app/' 'symbol rule' src/app/plan.c 'static int leak(void) { return db_fail(0, "x"); }'
inject 'private app/ function in web/' 'symbol rule' src/web/home.c 'static int leak(void) { return app_finish(0, 0, 0, 0); }'
inject 'app_ call in core/' 'symbol rule' src/core/plan.c 'static int leak(void) { return app_health(0, 0); }'
inject 'libsodium in app/' 'symbol rule' src/app/plan.c 'static void leak(void) { sodium_memzero(0, 0); }'
inject 'missing key through app_fail' 'catalog rule' src/app/plan.c 'static int leak(struct app_error *e) { return app_fail(e, APP_INVALID, NULL,
	"plan.no_such_key"); }'
inject 'missing key through T()' 'catalog rule' src/web/home.c 'static const char *leak(struct page *p) { return T(p, "nosuch_prefix_key"); }'
inject 'missing key by its shape' 'catalog rule' src/core/plan.c 'static const char *const leak = "err.no_such_thing";'
inject 'audit action without its label' 'catalog rule' src/app/plan.c 'static int leak(struct app_ctx *x, struct store_conn *c) { return app_audit(x, c, "plan.no_such_action", "plan", "1", NULL, NULL); }'
inject 'html_printf with %u' 'html rule' src/web/home.c 'static void leak(struct buf *b) { html_printf(b, "<a href=\"/%u\">", 1u); }'
if [ "$selfbad" -ne 0 ]; then
	echo "check-source: self-test failed"
	exit 1
fi
echo "check-source: self-test passed (18 injected violations caught)"
