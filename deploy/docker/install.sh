#!/bin/sh
# Installs smokeguard from its packed tarball (`npm pack`), exactly as the image does, and checks
# that the command runs. Usage: install.sh smokeguard-X.Y.Z.tgz [npm install flags…]
# e.g. --omit=optional leaves out better-sqlite3 (the dashboard's SQLite store), which compiles
# from source where no prebuilt binary can be fetched; `serve --store postgres://…` still works.
# Outside the image, set NPM_CONFIG_PREFIX to install somewhere else than npm's global prefix.
set -eu
tarball="${1:?usage: install.sh smokeguard-X.Y.Z.tgz [npm install flags…]}"
shift
[ -f "$tarball" ] || { echo "install.sh: no such tarball: $tarball" >&2; exit 2; }
# Production dependencies only; no audit, fund or update notices in the image's build log.
npm install --global --omit=dev --no-audit --no-fund --no-update-notifier "$@" "$tarball"
prefix="$(npm prefix --global)"
# The command must be on the prefix's bin and answer: a broken install fails the build, not the first deploy.
"$prefix/bin/smokeguard" --version
npm cache clean --force >/dev/null 2>&1 || true
