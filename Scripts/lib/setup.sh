# Shared set-up for Gavel's scripts: install what is missing, idempotently.
# Sourced by Scripts/run, Scripts/test and Scripts/bench; not run on its own.

GAVEL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

say() { printf '==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_apt PACKAGE...: installs the Debian packages that are not installed yet.
ensure_apt() {
    local missing=()
    local package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "installing ${missing[*]}"
    if [ ! -f /tmp/.gavel-apt-updated ]; then
        as_root apt-get update -qq && touch /tmp/.gavel-apt-updated
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The C libraries the build links.
ensure_build_deps() {
    # libev and lws's libev plugin: gaveld's event loop (epoll), named though libwebsockets-dev
    # pulls them in.
    ensure_apt pkg-config libsqlite3-dev libwebsockets-dev libev-dev libwebsockets-evlib-ev
    # readelf: the release smoke checks how the release binaries are linked (test_release_build.py).
    ensure_apt binutils
}

# pdftotext (Debian's poppler-utils), which turns PDF programmes into text for the importer
# (gavel agenda check programme.pdf); the document tests read a PDF through it.
ensure_pdf_tools() {
    ensure_apt poppler-utils
}

# zbarimg (Debian's zbar-tools), which reads back the QR code `gavel console` prints, in the
# CLI's tests (Tests/GavelCLITests/QRCodeTests.swift).
ensure_qr_decoder() {
    ensure_apt zbar-tools
}

# Headless Chromium and its WebDriver, for the display page's tests (Tests/python/display).
ensure_browser() {
    ensure_apt chromium chromium-driver
}

# The Debian fonts the display's served fonts are cut from (Scripts/display-font): Liberation Sans
# for the digits and for Latin, Greek and Cyrillic text, Noto Sans Arabic, Noto Sans CJK SC.
ensure_display_fonts() {
    ensure_apt fonts-liberation2 fonts-noto-core fonts-noto-cjk
}

# ensure_venv DIR REQUIREMENTS WHAT: a Python virtual environment in DIR with REQUIREMENTS installed,
# reinstalled when the file changes (its contents are kept as a stamp in DIR).
ensure_venv() {
    local venv=$1 requirements=$2 what=$3
    local stamp="$venv/.requirements"
    local wanted
    wanted=$(cat "$requirements")
    if [ ! -x "$venv/bin/python" ]; then
        ensure_apt python3-venv
        say "creating $venv"
        python3 -m venv "$venv"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
        say "installing $what into $venv"
        "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
        printf '%s' "$wanted" >"$stamp"
    fi
}

# The tests' Python clients, in .build/venv.
ensure_python_env() {
    ensure_venv "$GAVEL_ROOT/.build/venv" "$GAVEL_ROOT/Tests/python/requirements.txt" "the Python test clients"
    export GAVEL_PYTHON="$GAVEL_ROOT/.build/venv/bin/python"
}

# The benchmark's own, in Benchmarks/.venv: picows and uvloop for the Python load client,
# websockets for its peer and control connection.
ensure_bench_env() {
    ensure_venv "$GAVEL_ROOT/Benchmarks/.venv" "$GAVEL_ROOT/Benchmarks/requirements.txt" "the benchmark's Python packages"
}

# release_smoke: the daemon's and the CLI's core checks against the release build (.build/release,
# built by the caller). What users run is the release build, and some bugs show only there (a
# header passed to lws without its terminating NUL worked in debug and failed in release).
release_smoke() {
    ensure_python_env
    say "running release smoke tests (.build/release)"
    GAVEL_BIN_DIR="$GAVEL_ROOT/.build/release" "$GAVEL_PYTHON" -m pytest -q \
        "$GAVEL_ROOT/Tests/python/daemon/test_connect_and_control.py" \
        "$GAVEL_ROOT/Tests/python/daemon/test_durability.py" \
        "$GAVEL_ROOT/Tests/python/cli/test_commands.py" \
        "$GAVEL_ROOT/Tests/python/cli/test_retry.py" \
        "$GAVEL_ROOT/Tests/python/cli/test_release_build.py"
}

# libFuzzer and the sanitizer runtimes ship with the Swift toolchain; a toolchain without them
# fails at link time with a cryptic error, so say what is missing instead (Scripts/fuzz).
ensure_fuzzer_runtime() {
    local resource
    resource=$(dirname "$(readlink -f "$(command -v swift)")")/../lib
    if ! compgen -G "$resource/clang/*/lib/*/libclang_rt.fuzzer*.a" >/dev/null \
        && ! compgen -G "$resource/swift/clang/lib/*/libclang_rt.fuzzer*.a" >/dev/null; then
        say "this Swift toolchain ($resource) has no libFuzzer runtime; use a swift.org toolchain for Linux"
        exit 1
    fi
}
