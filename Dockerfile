# docker build -t ctdash . && docker run --rm -p 8501:8501 ctdash   (then http://localhost:8501)
# The steps are in deploy/container-setup.sh, which tests/test_install.py runs without a daemon.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_NO_CACHE=1 PIP_NO_CACHE_DIR=1 \
    CTDASH_DB=/opt/ctdash/ctdash.duckdb PATH=/opt/ctdash/venv/bin:$PATH

COPY . /tmp/ctdash-src
# Installs from uv.lock (runtime dependencies only), builds the database now, adds the user.
RUN CTDASH_USER=ctdash /tmp/ctdash-src/deploy/container-setup.sh /tmp/ctdash-src /opt/ctdash \
    && rm -rf /tmp/ctdash-src

USER ctdash
WORKDIR /home/ctdash
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
# ctdash serve runs Streamlit with server.fileWatcherType = "none" and headless; 0.0.0.0 so the
# published port reaches it (put an authenticating proxy in front: SECURITY.md).
CMD ["ctdash", "serve", "--address", "0.0.0.0", "--port", "8501"]
