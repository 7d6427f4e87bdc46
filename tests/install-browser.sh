#!/usr/bin/env bash
# Install the Debian packages the slower tests drive, when missing: Chromium for the browser tests
# (tests/browser; Playwright's own browser download is not used: `playwright install` cannot reach
# its CDN here), nginx for the replicas-behind-a-proxy tests (tests/test_load_tools.py, deploy/), and
# LibreOffice Impress with the DejaVu fonts and poppler's pdftotext/pdftoppm for the test of the
# PowerPoint export in a real client (tests/browser/test_office_client.py), without recommends: the
# converter alone, not the office suite's Java, help and extra fonts.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; } || missing+=(nginx)
office=()
command -v soffice >/dev/null 2>&1 || office+=(libreoffice-impress)
{ command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; } || office+=(poppler-utils)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || office+=(fonts-dejavu)

if [ $((${#missing[@]} + ${#office[@]})) -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=()
    elif command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "missing ${missing[*]} ${office[*]}, and this is not root and sudo is not available:" >&2
        echo "  run as root: apt-get update && apt-get install -y ${missing[*]} ${office[*]}" >&2
        exit 1
    fi
    echo "Installing Debian packages: ${missing[*]} ${office[*]}..."
    "${SUDO[@]}" apt-get update -qq
    if [ ${#missing[@]} -gt 0 ]; then
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    fi
    if [ ${#office[@]} -gt 0 ]; then
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${office[@]}"
    fi
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium is still not on PATH after installing it" >&2
    exit 1
fi
chromium --version
if ! command -v soffice >/dev/null 2>&1; then
    echo "soffice (libreoffice-impress) is still not on PATH after installing it" >&2
    exit 1
fi
soffice --version
