#!/bin/sh
# pg_ctl for pytest-postgresql when the tests run as root (CI does): PostgreSQL
# refuses to run as root, so the server runs as the "postgres" system user, on
# directories handed over to it. As any other user this is plain pg_ctl.
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ "$(id -u)" != "0" ]; then
    exec "$PG_BIN/pg_ctl" "$@"
fi
prev=""
for arg in "$@"; do
    case "$prev" in
        -D|-l|--pgdata)
            dir="$arg"
            [ "$prev" = "-l" ] && dir="$(dirname "$arg")"
            mkdir -p "$dir"
            chown -R postgres "$dir"
            # let the postgres user traverse the (root-owned, 0700) pytest temp tree
            d="$(dirname "$dir")"
            while [ "$d" != "/" ] && [ -n "$d" ]; do chmod o+x "$d" 2>/dev/null; d="$(dirname "$d")"; done
            ;;
    esac
    case "$arg" in
        *--pwfile=*)
            pw="$(printf '%s' "$arg" | sed -n 's/.*--pwfile=\([^ ]*\).*/\1/p')"
            [ -n "$pw" ] && chown postgres "$pw" && chmod o+x "$(dirname "$pw")"
            ;;
    esac
    case "$arg" in
        *unix_socket_directories=*)
            sock="$(printf '%s' "$arg" | sed -n "s/.*unix_socket_directories='\([^']*\)'.*/\1/p")"
            if [ -n "$sock" ]; then mkdir -p "$sock"; chown postgres "$sock"; fi
            ;;
    esac
    prev="$arg"
done
cd /
exec runuser -u postgres -- "$PG_BIN/pg_ctl" "$@"
