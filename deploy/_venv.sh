# Shared by deploy/run and deploy/test: make sure .venv exists and matches pyproject.toml.
# Sourced, not executed. Sets ROOT and VENV.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${NGOBOT_VENV:-$ROOT/.venv}"

ensure_venv() {
    # $1: the pip extra to install ("" for the bot alone, "dev" for the checks as well).
    local extra="$1" python="${PYTHON:-python3}" stamp hash installed
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "ngobot needs Python 3.11 or newer as '$python' (set PYTHON=/path/to/python3.11)." >&2
        exit 2
    fi
    stamp="$VENV/.ngobot-installed"
    hash="$(sha256sum < "$ROOT/pyproject.toml" | cut -c1-64)"
    installed="$(cat "$stamp" 2>/dev/null || true)"
    # Up to date when pyproject.toml is unchanged and the wanted extra (if any) is in.
    if [ -x "$VENV/bin/python" ] && [ "${installed%% *}" = "$hash" ] \
        && { [ -z "$extra" ] || [ "${installed#* }" = "$extra" ]; }; then
        return 0
    fi
    echo "Setting up $VENV (first run, or pyproject.toml changed)..." >&2
    [ -x "$VENV/bin/python" ] || "$python" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        -e "$ROOT${extra:+[$extra]}" >&2
    echo "$hash ${extra:-base}" > "$stamp"
}
