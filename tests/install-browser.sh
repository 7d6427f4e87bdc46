#!/usr/bin/env bash
# Install the Debian packages the slower tests drive, when missing: Chromium for the browser tests
# (tests/browser; Playwright's own browser download is not used: `playwright install` cannot reach
# its CDN here) and nginx for the replicas-behind-a-proxy tests (tests/test_load_tools.py, deploy/).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing+=(nginx)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "missing ${missing[*]}, and this is not root and sudo is not available:" >&2
        echo "  run as root: apt-get update && apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "Installing Debian packages: ${missing[*]}..."
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium is still not on PATH after installing it" >&2
    exit 1
fi
chromium --version
