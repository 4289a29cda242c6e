#!/usr/bin/env bash
# Install the kiosk terminal on Debian 12.
#
#   ./install.sh            system libraries, fonts, .venv with the terminal
#   ./install.sh --dev      + test/dev tools and the services the tests start
#                             (pcscd + vpcd, cupsd + cups-pdf, socat, xvfb, poppler)
#   ./install.sh --system   + a systemd unit running the terminal full screen under
#                             the cage kiosk compositor, with a watchdog (real terminals)
#
# Idempotent: a second run checks what is there and changes nothing. Runs as root
# or through sudo. Every step is named; the first failing step stops the script
# with its name.
set -Eeuo pipefail

cd "$(dirname "$(readlink -f "$0")")"
ROOT="$(pwd)"
VENV="$ROOT/.venv"
DEV=0
SYSTEM=0
for arg in "$@"; do
    case "$arg" in
        --dev) DEV=1 ;;
        --system) SYSTEM=1 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
    esac
done

STEP="start"
trap 'echo "install.sh: FAILED at step: $STEP (exit $?)" >&2' ERR
step() { STEP="$1"; echo "==> $1"; }

if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi

# --- Debian packages -----------------------------------------------------------
# Qt runtime (PySide6 wheels) + X/xcb for a real display, CJK fonts (wqy-zenhei is
# TrueType, which reportlab can embed; Noto CJK is OpenType/CFF and it cannot),
# PC/SC, CUPS client, espeak-ng for spoken prompts, and the -dev headers that
# pyscard and pycups compile against (they have no Linux wheels).
APT_RUNTIME=(
    python3 python3-venv python3-dev gcc swig
    libgl1 libegl1 libfontconfig1 libxkbcommon0 libglib2.0-0 libdbus-1-3
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
    libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 libpulse0
    fonts-wqy-zenhei fonts-wqy-microhei
    pcscd libpcsclite1 libpcsclite-dev
    cups-client libcups2 libcups2-dev
    espeak-ng
    sqlite3
    # Chinese input on the on-screen keyboard (kiosk/ui/ime/rime.py): librime with
    # prebuilt pinyin (Simplified and Traditional) and zhuyin tables.
    librime1 rime-prelude rime-essay rime-data-luna-pinyin rime-data-bopomofo
    # Seals the outbox key with the terminal's TPM 2.0 (offline_queue/crypto.py).
    tpm2-tools
)
APT_DEV=(
    vsmartcard-vpcd cups cups-bsd printer-driver-cups-pdf
    socat xvfb xauth poppler-utils
    # A software TPM 2.0 for the sealed-key tests (tests/security/).
    swtpm swtpm-tools
    # fleet/: a private PostgreSQL for its tests, headless Chromium for the
    # dashboard test, promtool (prometheus) to validate deploy/ alert rules.
    postgresql chromium chromium-driver prometheus
    # Video assistance: a TURN relay on 127.0.0.1 for the relay-only call test.
    coturn
    # The terminal under the real kiosk compositor, headless, and its screenshots
    # (tests/ui/test_cage.py).
    cage grim xwayland
)
APT_SYSTEM=(cage cups-daemon)

packages=("${APT_RUNTIME[@]}")
[ "$DEV" -eq 1 ] && packages+=("${APT_DEV[@]}")
[ "$SYSTEM" -eq 1 ] && packages+=("${APT_SYSTEM[@]}")

step "check Debian packages"
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    step "apt-get update"
    $SUDO apt-get update -qq
    step "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "    all ${#packages[@]} Debian packages present"
fi

# --- Python virtual environment -------------------------------------------------
step "python virtual environment"
PY="$(command -v python3.11 || command -v python3)"
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
    || { echo "Python >= 3.11 is required (found $("$PY" --version))" >&2; false; }
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)

# A stamp of everything that decides what pip installs: when it matches, the
# second run skips pip entirely (quick and changes nothing).
extras="$([ "$DEV" -eq 1 ] && echo dev || echo base)"
stamp_src="$(cat pyproject.toml; echo "$extras"; "$VENV/bin/python" --version)"
stamp="$(printf '%s' "$stamp_src" | sha256sum | cut -d' ' -f1)"
stamp_file="$VENV/.kiosk-install-$extras"
if [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ] \
    && "$VENV/bin/python" -c 'import kiosk, face_recognition_models' 2>/dev/null; then
    echo "    .venv up to date ($extras)"
else
    step "pip: tools"
    # setuptools < 82: face-recognition-models imports pkg_resources, removed in 82,
    # and face_recognition then quits the process silently with status 0.
    "${PIP[@]}" install --upgrade pip "setuptools>=68,<82" wheel
    step "pip: kiosk-terminal ($extras)"
    if [ "$DEV" -eq 1 ]; then
        "${PIP[@]}" install -e ".[dev]"
    else
        "${PIP[@]}" install -e .
    fi
    step "pip: face_recognition without dlib source build"
    # face_recognition depends on "dlib", which pip would build from source (20 min
    # on 2 cores, and slower at run time). dlib-bin (a pyproject dependency) ships
    # the same dlib module prebuilt, so these two go in with --no-deps.
    "${PIP[@]}" install --no-deps "face_recognition>=1.3" "face-recognition-models>=0.3"
    step "check face_recognition models load"
    "$VENV/bin/python" - <<'PY'
import warnings
warnings.simplefilter("ignore")
import face_recognition_models, os
p = face_recognition_models.pose_predictor_model_location()
assert os.path.exists(p), p
PY
    echo "$stamp" > "$stamp_file"
fi

step "compile translations"
"$VENV/bin/python" -m kiosk.i18n_build --quiet
# The word list that wraps tile names between words, out of pypinyin's JSON once.
(umask 022 && "$VENV/bin/python" -m screens.words)

# The service user cannot write __pycache__ into this (root-owned) checkout, so
# without this every start compiled our modules from source again (167-184 ms of
# first paint). Compiled here, by the installing user, world-readable (umask 022);
# Python still recompiles in memory any file that changed since.
step "byte-compile the project and the venv"
(umask 022 && "$VENV/bin/python" -m compileall -q -j 0 \
    -x '/(tests?|testing|idlelib|lib2to3)/' \
    kiosk drivers screens offline_queue printer_templates fleet department_servers video_desk \
    "$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')" \
    >/dev/null) || echo "    (some files did not compile; they will be compiled at run time)"

# --- Optional: systemd unit for a real terminal -----------------------------------
if [ "$SYSTEM" -eq 1 ]; then
    step "systemd unit kiosk-terminal.service"
    KIOSK_USER="${KIOSK_USER:-kiosk}"
    id "$KIOSK_USER" >/dev/null 2>&1 || $SUDO useradd --system --create-home --groups dialout,video,lp "$KIOSK_USER"
    unit="$(sed -e "s#@ROOT@#$ROOT#g" -e "s#@USER@#$KIOSK_USER#g" deploy/kiosk-terminal.service)"
    if [ "$(cat /etc/systemd/system/kiosk-terminal.service 2>/dev/null)" != "$unit" ]; then
        printf '%s\n' "$unit" | $SUDO tee /etc/systemd/system/kiosk-terminal.service >/dev/null
        $SUDO systemctl daemon-reload
    fi
    $SUDO systemctl enable kiosk-terminal.service
    echo "    enabled; start with: sudo systemctl start kiosk-terminal"

    # Ways out: Ctrl+Alt+Del does nothing, no login prompt on another VT, no core
    # dumps anywhere (docs/security.md).
    step "kiosk: Ctrl+Alt+Del masked, no getty on other VTs, no core dumps"
    $SUDO systemctl mask ctrl-alt-del.target
    $SUDO mkdir -p /etc/systemd/logind.conf.d /etc/systemd/coredump.conf.d /etc/sysctl.d
    printf '[Login]\nNAutoVTs=0\nReserveVT=0\n' |
        $SUDO tee /etc/systemd/logind.conf.d/kiosk-terminal.conf >/dev/null
    printf '[Coredump]\nStorage=none\nProcessSizeMax=0\n' |
        $SUDO tee /etc/systemd/coredump.conf.d/kiosk-terminal.conf >/dev/null
    printf 'kernel.core_pattern=|/bin/false\nfs.suid_dumpable=0\n' |
        $SUDO tee /etc/sysctl.d/60-kiosk-terminal.conf >/dev/null
    $SUDO sysctl -q --system >/dev/null || true

    # CUPS keeps no job files or history (a certificate carries a name and an ID
    # number), purges what an earlier setup kept, and is restarted if it dies.
    step "CUPS: no job files or history, restarted if it dies"
    $SUDO sh deploy/cups-kiosk.sh /etc/cups/cupsd.conf
    $SUDO mkdir -p /etc/systemd/system/cups.service.d
    printf '[Service]\nRestart=always\nRestartSec=1\n' |
        $SUDO tee /etc/systemd/system/cups.service.d/kiosk-terminal.conf >/dev/null
    $SUDO systemctl daemon-reload
    $SUDO systemctl enable cups.service
    $SUDO systemctl restart cups.service
    $SUDO cancel -a -x 2>/dev/null || true
fi

STEP="done"
echo "==> done. Run the demo:  .venv/bin/kiosk --demo"
