#!/bin/sh
# Make a terminal's CUPS keep nothing of a job once it is over: no document files
# (a certificate carries the resident's name and ID number) and no job history.
# CUPS' defaults keep both for a day. Idempotent; run by `install.sh --system`.
#
#   deploy/cups-kiosk.sh [path/to/cupsd.conf]     (default /etc/cups/cupsd.conf)
#
# cupsd.conf has no include directive, so the two settings are rewritten in place.
# Keep them in step with CUPSD_PRIVACY_DIRECTIVES in drivers/document_printer.py
# (tests/printing/test_spool_privacy.py checks both).
set -eu
conf="${1:-/etc/cups/cupsd.conf}"
[ -f "$conf" ] || { echo "cups-kiosk: $conf not found (is cups-daemon installed?)" >&2; exit 1; }
tmp="$(mktemp "$conf.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
grep -v -E '^[[:space:]]*(PreserveJobFiles|PreserveJobHistory)([[:space:]]|$)|^# kiosk-terminal:' \
    "$conf" >"$tmp" || true
cat >>"$tmp" <<'CONF'
# kiosk-terminal: nothing of a resident's job is kept once it is over
PreserveJobFiles No
PreserveJobHistory No
CONF
chmod --reference="$conf" "$tmp"
chown --reference="$conf" "$tmp" 2>/dev/null || true
mv "$tmp" "$conf"
trap - EXIT
