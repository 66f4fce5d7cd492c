#!/usr/bin/env bash
# Makes sure what the tests need outside node_modules is there: node_modules itself and a Chromium for
# Playwright (Debian's package; Playwright's own browser download cannot work on an intranet).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "安装 npm 依赖 (npm ci) …"
  npm ci --no-audit --no-fund
fi

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "未找到 Chromium，正在安装 Debian 的 chromium 软件包 …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "未找到 Chromium ($CHROMIUM)。请以 root 运行: apt-get install -y chromium fonts-noto-cjk" >&2
    echo "或设置 CHROMIUM_PATH 指向已安装的 Chromium。" >&2
    exit 1
  fi
fi
echo "Chromium: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"

# The 操作手册's screenshots and PDF (e2e/help-screenshots.spec.ts) are committed: without a Chinese font
# Chromium draws every character as a box. fonts-wqy-microhei is small (≈ 5 MB) and has every glyph we use.
if ! fc-list :lang=zh 2>/dev/null | grep -q .; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "未找到中文字体，正在安装 fonts-wqy-microhei …"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fontconfig fonts-wqy-microhei >/dev/null
  else
    echo "未找到中文字体。请以 root 运行: apt-get install -y fonts-wqy-microhei" >&2
    exit 1
  fi
fi

# The fault checks (scripts/faults) start, stop and restart a PostgreSQL cluster of their own: they need the
# server programs (initdb, pg_ctl), not a running server. Debian's postgresql package has them.
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "未找到 PostgreSQL 服务器程序，正在安装 Debian 的 postgresql 软件包（故障检查需要）…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  else
    echo "未找到 PostgreSQL 服务器程序（initdb、pg_ctl）。请以 root 运行: apt-get install -y postgresql，或设置 PG_BIN" >&2
    exit 1
  fi
fi
