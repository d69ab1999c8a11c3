#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (PostgreSQL, Redis, nginx, Java + Maven for
# Elasticsearch, Chromium, a CJK font, LibreOffice for attachment previews) when missing.
# `make run` calls it with --run: only the font and LibreOffice, and never fails.
set -euo pipefail
need=()
run_only=""; [ "${1:-}" = "--run" ] && run_only=1
if [ -z "$run_only" ]; then
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  # nginx in front of two server processes (tests/integration/test_nginx.py); only its binary is used.
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
  # Its page cache is purged by the application (PURGE): Debian's cache-purge module.
  [ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ] || need+=(libnginx-mod-http-cache-purge)
  # Elasticsearch's integration-test distribution: fetched with Maven, run on Debian's Java (scripts/services.sh).
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  command -v unzip >/dev/null 2>&1 || need+=(unzip)
  command -v curl >/dev/null 2>&1 || need+=(curl)
fi
# Word/Excel attachments previewed as PDF (sitegroup/services/previews.py); minimal packages (about a minute).
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-core libreoffice-writer libreoffice-calc)
# Chinese glyphs in the browser journeys' screenshots (without them every character is a box).
[ -d /usr/share/fonts/opentype/noto ] && fc-list :lang=zh 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ] && [ -n "$run_only" ] && [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
  echo "未安装：${need[*]}。附件在线预览将显示“预览生成失败”，中文水印改用英文字体（以 root 运行 scripts/install-system-deps.sh --run 安装）。"
  exit 0
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
