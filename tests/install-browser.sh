#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests (tests/browser) if `chromium` is not on PATH.
# Playwright's own browser download is not used: `playwright install` cannot reach its CDN here.
set -euo pipefail

if ! command -v chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "chromium is missing and this is not root and sudo is not available:" >&2
        echo "  run as root: apt-get update && apt-get install -y chromium" >&2
        exit 1
    fi
    echo "Installing Debian package 'chromium'..."
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium is still not on PATH after installing it" >&2
    exit 1
fi
chromium --version
