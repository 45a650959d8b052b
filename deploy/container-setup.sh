#!/usr/bin/env bash
# The container's set-up, in a script so that a test runs it without a container daemon
# (tests/test_install.py) and the Dockerfile runs exactly the same steps.
#
#   deploy/container-setup.sh SRC PREFIX
#
# 1. uv: used from PATH, else installed with pip into PREFIX/uv.
# 2. ctdash and its runtime dependencies, exactly as uv.lock pins them, into PREFIX/venv, not
#    editable: the curated data, seeds, static files and app ship inside the package.
# 3. The database, built and validated now (image build time): PREFIX/ctdash.duckdb.
# 4. With CTDASH_USER set (the Dockerfile sets it; tests do not): a non-root user that owns
#    PREFIX/db-writable files and runs the app.
set -euo pipefail
src=$(cd "${1:?usage: container-setup.sh SRC PREFIX}" && pwd)
prefix=${2:?usage: container-setup.sh SRC PREFIX}
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
py=${PYTHON:-python3}

uv=$(command -v uv || true)
if [ -z "$uv" ]; then
  "$py" -m venv "$prefix/uv"
  "$prefix/uv/bin/python" -m pip install --quiet uv
  uv="$prefix/uv/bin/uv"
fi

export UV_PROJECT_ENVIRONMENT="$prefix/venv" UV_PYTHON_DOWNLOADS=never
# --compile-bytecode: the image sets PYTHONDONTWRITEBYTECODE=1 and its user cannot write the
# venv, so .pyc written now are the only ones; without them every start compiles from source.
"$uv" sync --locked --no-editable --no-dev --compile-bytecode --python "$py" --project "$src"

# From outside the source tree: the installed package's own data is what gets built.
(cd "$prefix" && env -u CTDASH_HOME -u CTDASH_DATA "$prefix/venv/bin/ctdash" build --db "$prefix/ctdash.duckdb")

if [ -n "${CTDASH_USER:-}" ]; then
  id -u "$CTDASH_USER" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$CTDASH_USER"
  chown "$CTDASH_USER" "$prefix" "$prefix/ctdash.duckdb"  # the app may rebuild the file in place
fi
echo "set up: $prefix/venv/bin/ctdash serve --address 0.0.0.0 (database $prefix/ctdash.duckdb)"
