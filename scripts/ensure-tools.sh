#!/usr/bin/env bash
# Debian packages the tests use beside the services: Chromium (never a downloaded browser) and a CJK
# font for the browser tests and screenshots; docker-compose to validate docker/compose.yml where no
# Docker engine with its compose plugin is installed; osmium-tool, which reads OSM PBF extracts; xmllint
# (libxml2-utils), which checks our CAP alerts against the OASIS CAP 1.2 schema.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk|droid sans fallback' || need+=(fonts-wqy-microhei)
docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v osmium >/dev/null 2>&1 || need+=(osmium-tool)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[tools] installing ${need[*]} (Debian packages)…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "[tools] please install ${need[*]} (Debian/Ubuntu: apt-get install ${need[*]}); the tests need them" >&2
  exit 1
fi
